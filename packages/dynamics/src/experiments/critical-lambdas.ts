import { checkSeed, ENSEMBLES_VERSION, type EnsembleName } from '@dam/ensembles';
import { KERNELS_VERSION } from '@dam/kernels';
import { version } from '../../package.json';
import { patternCount } from '../runtime/memory.js';
import { withPool } from '../runtime/pool.js';
import { checkInteger } from '../validate.js';
import { checkSize, type ExperimentOptions, prepare } from './experiment.js';
import { type BisectionOptions, bisectionSettings, type CriticalPointResult, criticalTasks, runCriticalPoints } from './lambda-half.js';
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
  const raw = await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, Math.max(1, taskCount)), signal: prepared.signal },
    (pool) =>
      runCriticalPoints(pool, tasks, prepared.progress, (i, result) =>
        options.onPoint?.({ N: Ns[i] as number, P: patternCount(Ns[i] as number, alpha), ...result }),
      ),
  );
  return {
    run: {
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
    },
    shard,
    realisations,
    backend: await prepared.backend(),
    version: COMPUTED_BY,
    points: Ns.map((N, i) => ({ N, P: patternCount(N, alpha), ...(raw[i] as CriticalPointResult) })),
  };
}

/** The first field where two runs differ, as `name: a ≠ b`, or `undefined` when they are the same run. */
export function runDifference(a: CrossoverRun, b: CrossoverRun): string | undefined {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof CrossoverRun>) {
    const x = JSON.stringify(a[key]);
    const y = JSON.stringify(b[key]);
    if (x !== y) return `${key}: ${x} ≠ ${y}`;
  }
  return undefined;
}

/**
 * Merges the `count` shards of one run into the critical λs of every realisation, in realisation
 * order — exactly those of the unsharded run. Throws a RangeError naming the problem when the
 * shards belong to different runs (any parameter of {@link CrossoverRun}, the package versions of
 * {@link COMPUTED_BY}, or the backend), disagree on the number of shards, repeat or miss a shard, or do not hold the
 * realisations their index says.
 */
export function mergeCriticalLambdaShards(shards: readonly CriticalLambdaShard[]): CriticalLambdaSet {
  if (shards.length === 0) throw new RangeError('nothing to merge: no shards given');
  const first = shards[0] as CriticalLambdaShard;
  const count = first.shard.count;
  const byIndex = new Map<number, CriticalLambdaShard>();
  for (const shard of shards) {
    const difference = runDifference(first.run, shard.run);
    if (difference !== undefined) {
      throw new RangeError(
        `shards ${first.shard.index}/${count} and ${shard.shard.index}/${shard.shard.count} are from different runs (${difference})`,
      );
    }
    if (shard.version !== first.version) {
      throw new RangeError(`shards were computed by different package versions (${first.version} ≠ ${shard.version})`);
    }
    if (shard.backend !== first.backend) {
      throw new RangeError(
        `shards were computed with different backends (${first.backend} ≠ ${shard.backend}), which round differently and can flip a realisation at the retrieval boundary; run every shard with the same --backend`,
      );
    }
    if (shard.shard.count !== count) {
      throw new RangeError(
        `shards of different splits cannot be merged: ${first.shard.index}/${count} and ${shard.shard.index}/${shard.shard.count}`,
      );
    }
    if (byIndex.has(shard.shard.index)) throw new RangeError(`shard ${shard.shard.index}/${count} is given twice`);
    const [start, end] = shardRealisations(first.run.samples, shard.shard);
    if (shard.realisations[0] !== start || shard.realisations[1] !== end) {
      throw new RangeError(
        `shard ${shard.shard.index}/${count} holds realisations [${shard.realisations.join(', ')}), expected [${start}, ${end})`,
      );
    }
    const wrongPoint = shard.points.find((point, i) => point.N !== first.run.Ns[i] || point.criticalLambdas.length !== end - start);
    if (wrongPoint !== undefined || shard.points.length !== first.run.Ns.length) {
      throw new RangeError(
        `shard ${shard.shard.index}/${count} does not hold ${end - start} critical λs for each of N = ${first.run.Ns.join(', ')}`,
      );
    }
    byIndex.set(shard.shard.index, shard);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new RangeError(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing
        .slice(0, 10)
        .map((k) => `${k}/${count}`)
        .join(', ')}${missing.length > 10 ? ', …' : ''}`,
    );
  }
  const ordered = Array.from({ length: count }, (_, i) => byIndex.get(i + 1) as CriticalLambdaShard);
  return {
    run: first.run,
    backend: first.backend,
    version: first.version,
    points: first.run.Ns.map((N, i) => ({
      N,
      P: patternCount(N, first.run.alpha),
      criticalLambdas: ordered.flatMap((shard) => (shard.points[i] as CriticalLambdaPoint).criticalLambdas),
      updates: ordered.reduce((sum, shard) => sum + (shard.points[i] as CriticalLambdaPoint).updates, 0),
    })),
  };
}
