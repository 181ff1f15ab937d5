import { checkSeed, ENSEMBLES_VERSION, type EnsembleName } from '@dam/ensembles';
import { KERNELS_VERSION } from '@dam/kernels';
import { version } from '../../package.json';
import { patternCount } from '../runtime/memory.js';
import { withPool } from '../runtime/pool.js';
import { checkInteger } from '../validate.js';
import { type CriticalPointResult, runCriticalPoints } from './critical-points.js';
import { checkSize, type ExperimentOptions, prepare } from './experiment.js';
import { type BisectionOptions, bisectionSettings, criticalTasks } from './lambda-half.js';
import { checkCriticalLambda, runDifference } from './merge-shards.js';
import { deriveSeed, SALT_SIZE } from './seeds.js';
import { checkShard, type Shard, shardRealisations, WHOLE } from './shard.js';
import type { PatternStorageOptions } from './storage.js';

/** The version of `@dam/dynamics`. */
export const DYNAMICS_VERSION: string = version;

/**
 * The versions of the packages whose code decides a shard's numbers — `@dam/dynamics` (protocol,
 * search), `@dam/ensembles` (the patterns) and `@dam/kernels` (the attention step) — as one string
 * recorded in every shard; merging refuses shards computed by different versions.
 */
export const COMPUTED_BY: string = `@dam/dynamics ${DYNAMICS_VERSION}, @dam/ensembles ${ENSEMBLES_VERSION}, @dam/kernels ${KERNELS_VERSION}`;

/** Options of {@link criticalLambdaShard}. */
export interface CriticalLambdaShardOptions extends ExperimentOptions, BisectionOptions, PatternStorageOptions {
  readonly ensemble: EnsembleName;
  /** Load `α`, the same at every size. */
  readonly alpha: number;
  /** Sizes `N` (distinct). */
  readonly Ns: readonly number[];
  /** Realisations per size, over all shards. */
  readonly samples: number;
  /** Scan seed; size `N` uses the `lambdaHalf` seed `deriveSeed(seed, N, SALT_SIZE)`. */
  readonly seed: number;
  /** Which slice of the realisations to run (default: all, `{ index: 1, count: 1 }`). */
  readonly shard?: Shard | undefined;
  /**
   * Called on the calling thread with a size's critical λs (those of this shard) as soon as all its
   * realisations are done, while the other sizes still run: sizes complete in the order the pool
   * runs them, not in `Ns` order.
   */
  readonly onPoint?: ((point: CriticalLambdaPoint) => void) | undefined;
  /**
   * Called once the run is checked and its backend resolved, before any realisation runs: what
   * identifies its numbers (a journal's header).
   */
  readonly onStart?: ((identity: ShardIdentity) => void) | undefined;
  /** Called on the calling thread as each realisation of this call finishes (a journal's record). */
  readonly onRealisation?: ((record: RealisationRecord) => void) | undefined;
  /**
   * Realisations already computed by the same run (from a journal): they are not run again, and the
   * shard is the one an uninterrupted run gives. Refused (RangeError naming the difference) unless
   * `identity` is this run's.
   */
  readonly resume?: { readonly identity: ShardIdentity; readonly records: readonly RealisationRecord[] } | undefined;
}

/** What identifies the numbers of a shard: equal identities give equal critical λs. */
export interface ShardIdentity {
  readonly run: CrossoverRun;
  readonly shard: Shard;
  /** The backend the workers use (resolved: never `'auto'`). */
  readonly backend: string;
  /** {@link COMPUTED_BY}. */
  readonly version: string;
}

/** One realisation's critical λ, as it finishes. */
export interface RealisationRecord {
  readonly N: number;
  /** The realisation's index `r` in `[0, samples)`. */
  readonly realisation: number;
  /** Its critical λ (`Infinity` when censored above, the range's low end when censored below). */
  readonly critical: number;
  /** Attention updates it took. */
  readonly updates: number;
}

/** Everything that defines the numbers of a crossover run: shards merge only when these agree. */
export interface CrossoverRun {
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly Ns: readonly number[];
  readonly samples: number;
  readonly seed: number;
  readonly lambdaRange: readonly [number, number];
  readonly tolerance: number;
  readonly bootstrap: number;
  readonly maxSteps: number;
  readonly epsilon: number;
  /**
   * Present only for runs in order-statistics mode (an approximation whose critical λs differ from
   * the exact modes'): `K`, the explicit patterns. Materialised and streaming runs give the same
   * numbers and carry no such field.
   */
  readonly patterns?: { readonly mode: 'order-statistics'; readonly explicitPatterns: number } | undefined;
}

/** The critical λs of the realisations of one size. */
export interface CriticalLambdaPoint {
  readonly N: number;
  /** `P = round(e^{αN})`. */
  readonly P: number;
  /** Critical λ of each realisation of the slice, in realisation order (`Infinity` when censored above). */
  readonly criticalLambdas: readonly number[];
  /** Attention updates computed for them. */
  readonly updates: number;
}

/** The result of one shard: plain data (see `shardToJson` for files). */
export interface CriticalLambdaShard {
  readonly run: CrossoverRun;
  readonly shard: Shard;
  /** Realisations `[start, end)` of this shard (see `shardRealisations`). */
  readonly realisations: readonly [number, number];
  /** Backend the workers used. */
  readonly backend: string;
  /** The package versions that computed it ({@link COMPUTED_BY}). */
  readonly version: string;
  readonly points: readonly CriticalLambdaPoint[];
}

/** The critical λs of all realisations of a run (one shard of one, or merged shards). */
export interface CriticalLambdaSet {
  readonly run: CrossoverRun;
  /** The backend(s) used, joined by `+` when shards used different ones. */
  readonly backend: string;
  readonly version: string;
  readonly points: readonly CriticalLambdaPoint[];
}

/**
 * Runs one shard of the crossover experiment of Fig. 1 (bottom): for each size `N`, the critical
 * λ (see `lambdaHalf`) of the realisations `shardRealisations(samples, shard)`, with the same
 * seeds as the unsharded run, so that {@link mergeCriticalLambdaShards} of all `count` shards
 * equals the unsharded critical λs exactly (for the same backend). All sizes share one worker pool.
 */
export async function criticalLambdaShard(options: CriticalLambdaShardOptions): Promise<CriticalLambdaShard> {
  const { ensemble, alpha, samples, seed } = options;
  if (!Array.isArray(options.Ns) || options.Ns.length === 0) {
    throw new RangeError(`Ns must list at least one size, got ${String(options.Ns)}`);
  }
  const Ns = options.Ns.map((N, i) => checkInteger(`Ns[${i}]`, N, 1));
  if (new Set(Ns).size !== Ns.length) throw new RangeError(`Ns must be distinct, got ${Ns.join(', ')}`);
  checkSeed(seed);
  const shard = checkShard(options.shard ?? WHOLE);
  const sizes = Ns.map((N) => ({ ensemble, N, alpha, samples, seed: deriveSeed(seed, N, SALT_SIZE) }));
  for (const size of sizes) checkSize(size);
  const bisection = bisectionSettings(options);
  const prepared = await prepare(options, sizes, options);
  const realisations = shardRealisations(samples, shard);
  const tasks = sizes.map((size) => criticalTasks(size, bisection, prepared, realisations));
  const taskCount = tasks.reduce((sum, list) => sum + list.length, 0);
  const run: CrossoverRun = {
    ensemble,
    alpha,
    Ns,
    samples,
    seed,
    lambdaRange: bisection.lambdaRange,
    tolerance: bisection.tolerance,
    bootstrap: bisection.bootstrap,
    maxSteps: prepared.protocol.maxSteps,
    epsilon: prepared.protocol.epsilon,
    ...(prepared.storage.mode === 'order-statistics'
      ? { patterns: { mode: 'order-statistics' as const, explicitPatterns: prepared.storage.explicitPatterns } }
      : {}),
  };
  const identity: ShardIdentity = { run, shard, backend: await prepared.backend(), version: COMPUTED_BY };
  const known = knownRealisations(identity, realisations, options.resume);
  options.onStart?.(identity);
  const raw = await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, Math.max(1, taskCount - known.size)), signal: prepared.signal },
    (pool) =>
      runCriticalPoints(pool, tasks, {
        progress: prepared.progress,
        onPoint: (i, result) => options.onPoint?.({ N: Ns[i] as number, P: patternCount(Ns[i] as number, alpha), ...result }),
        onTask: ({ point, index, critical, updates }) =>
          options.onRealisation?.({ N: Ns[point] as number, realisation: realisations[0] + index, critical, updates }),
        known: (point, index) => known.get(`${Ns[point]}:${realisations[0] + index}`),
      }),
  );
  return {
    run,
    shard,
    realisations,
    backend: identity.backend,
    version: COMPUTED_BY,
    points: Ns.map((N, i) => ({ N, P: patternCount(N, alpha), ...(raw[i] as CriticalPointResult) })),
  };
}

/**
 * The records of `resume` by `N:realisation`, after checking that they belong to this run (its
 * identity) and to this shard's realisations (RangeErrors saying what differs).
 */
function knownRealisations(
  identity: ShardIdentity,
  realisations: readonly [number, number],
  resume: CriticalLambdaShardOptions['resume'],
): Map<string, RealisationRecord> {
  const known = new Map<string, RealisationRecord>();
  if (resume === undefined) return known;
  const theirs = resume.identity;
  const difference =
    runDifference(theirs.run, identity.run) ??
    (theirs.shard.index !== identity.shard.index || theirs.shard.count !== identity.shard.count
      ? `shard: ${theirs.shard.index}/${theirs.shard.count} ≠ ${identity.shard.index}/${identity.shard.count}`
      : theirs.backend !== identity.backend
        ? `backend: ${theirs.backend} ≠ ${identity.backend}`
        : theirs.version !== identity.version
          ? `versions: ${theirs.version} ≠ ${identity.version}`
          : undefined);
  if (difference !== undefined) throw new RangeError(`resume: the records are of another run (${difference})`);
  for (const record of resume.records) {
    const { N, realisation } = record;
    if (!identity.run.Ns.includes(N) || !(realisation >= realisations[0] && realisation < realisations[1])) {
      throw new RangeError(`resume: a record of N = ${N}, realisation ${realisation} is not in this shard`);
    }
    checkCriticalLambda(record.critical, identity.run.lambdaRange, `resume: N = ${N}, realisation ${realisation}`);
    known.set(`${N}:${realisation}`, record);
  }
  return known;
}
