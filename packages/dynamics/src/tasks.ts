import { type EnsembleName, fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import type { AttentionBackend } from '@dam/kernels';
import { type ProtocolSettings, RealisationRunner } from './protocol.js';
import { type PatternStorage, StreamingRunner } from './streaming.js';

/** Which patterns a task draws: `samplePatterns({ ensemble, dimension: N, seed, count: P })`. */
export interface PatternSpec {
  readonly ensemble: EnsembleName;
  readonly N: number;
  readonly P: number;
  /** The realisation's own seed (`realisationSeed(experimentSeed, r)`). */
  readonly seed: number;
  /** `'streaming'`: the run holds one tile of `tileRows` patterns at a time (default `'materialized'`). */
  readonly storage?: PatternStorage | undefined;
  /** Rows per tile in streaming mode. */
  readonly tileRows?: number | undefined;
}

/** The storage fields of a {@link PatternSpec} for an experiment's checked storage settings. */
export function storageSpec(prepared: {
  readonly storage: { readonly mode: PatternStorage; readonly tileRows: number };
}): Pick<PatternSpec, 'storage' | 'tileRows'> {
  return prepared.storage.mode === 'streaming' ? { storage: 'streaming', tileRows: prepared.storage.tileRows } : {};
}

/** Success or failure from `ξ^1` at each λ of a list (success rates, the plain λ_{1/2} bisection). */
export interface OutcomesTask {
  readonly kind: 'outcomes';
  readonly patterns: PatternSpec;
  readonly lambdas: readonly number[];
  readonly protocol: ProtocolSettings;
}

/** The critical λ of one realisation by bisection (`lambdaHalf`). */
export interface CriticalTask {
  readonly kind: 'critical';
  readonly patterns: PatternSpec;
  readonly lambdaRange: readonly [number, number];
  readonly tolerance: number;
  readonly protocol: ProtocolSettings;
}

/** Success from `cos θ ξ^1 + sin θ u` for each θ of a list (`basins`). */
export interface BasinTask {
  readonly kind: 'basin';
  readonly patterns: PatternSpec;
  readonly lambda: number;
  readonly thetas: readonly number[];
  /** Seed of the random direction `u` (`deriveSeed(experimentSeed, r, SALT_DIRECTION)`). */
  readonly directionSeed: number;
  readonly protocol: ProtocolSettings;
}

/** Retrieval of every pattern from itself (`allPatternsRetrieval`). */
export interface AllPatternsTask {
  readonly kind: 'all-patterns';
  readonly patterns: PatternSpec;
  readonly lambda: number;
  readonly protocol: ProtocolSettings;
}

/** A unit of work: one realisation of the patterns. Plain data, sent to worker threads. */
export type Task = OutcomesTask | CriticalTask | BasinTask | AllPatternsTask;

/** What a task returns (plain data). */
export interface TaskResult {
  /** `outcomes` / `basin`: one flag per λ or θ. */
  readonly successes?: boolean[];
  /** `critical`: the realisation's critical λ. */
  readonly critical?: number;
  /** `all-patterns`: how many of the `P` patterns were retrieved from themselves. */
  readonly retrieved?: number;
  /** Attention updates computed. */
  readonly updates: number;
  /** Runs of the protocol. */
  readonly runs: number;
}

/** Outcomes of the protocol from `ξ^1` at each λ of `lambdas` (an `outcomes` task). */
function outcomesFromXi(runner: RealisationRunner | StreamingRunner, xi: Float32Array, lambdas: readonly number[]): TaskResult {
  let updates = 0;
  const successes = lambdas.map((lambda) => {
    const outcome = runner.run(xi, 0, lambda);
    updates += outcome.updates;
    return outcome.success;
  });
  return { successes, updates, runs: lambdas.length };
}

/**
 * The critical λ of one realisation: bisection on `[lo, hi]` of the outcome of the run from `ξ^1`
 * on the same patterns, until the bracket (`lo` fails, `hi` retrieves) is narrower than
 * `tolerance`; returns its midpoint. Retrieval is empirically monotone in λ for a fixed
 * realisation (tested); if it were not, the result is still well defined: the midpoint of a final
 * bracket `[lo, hi]` such that every probe at or above `hi` retrieved and every probe at or below
 * `lo` failed. Censored values: `lo` when the run already retrieves at `lo`, `Infinity` when it
 * still fails at `hi`.
 */
export function criticalLambda(
  runner: RealisationRunner | StreamingRunner,
  lambdaRange: readonly [number, number],
  tolerance: number,
): { critical: number; updates: number; runs: number } {
  const x0 = runner instanceof StreamingRunner ? runner.first : runner.patterns.data.subarray(0, runner.patterns.cols);
  let updates = 0;
  let runs = 0;
  const retrieves = (lambda: number): boolean => {
    const outcome = runner.run(x0, 0, lambda);
    updates += outcome.updates;
    runs += 1;
    return outcome.success;
  };
  let [lo, hi] = lambdaRange;
  if (!retrieves(hi)) return { critical: Number.POSITIVE_INFINITY, updates, runs };
  if (retrieves(lo)) return { critical: lo, updates, runs };
  while (hi - lo > tolerance) {
    const mid = 0.5 * (lo + hi);
    if (retrieves(mid)) hi = mid;
    else lo = mid;
  }
  return { critical: 0.5 * (lo + hi), updates, runs };
}

/**
 * The start of a basin run: `x0 = cos θ ξ^1 + sin θ u`, with `u` a random direction orthogonal to
 * `ξ^1` (a standard normal vector from the stream `rowStream(directionSeed, 0)`, projected out of
 * `ξ^1` and scaled to norm `√N`), computed in float64 and rounded to float32.
 */
export function basinStart(xi: Float32Array, theta: number, u: Float64Array): Float32Array {
  const x0 = new Float32Array(xi.length);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  for (let j = 0; j < xi.length; j++) x0[j] = c * (xi[j] as number) + s * (u[j] as number);
  return x0;
}

/** The direction `u` of {@link basinStart}: unit normal vector orthogonal to `ξ^1`, times `√N`. */
export function basinDirection(xi: Float32Array, directionSeed: number): Float64Array {
  const n = xi.length;
  const u = new Float64Array(n);
  fillNormal(rowStream(directionSeed, 0), u);
  let dot = 0;
  let norm2 = 0;
  for (let j = 0; j < n; j++) {
    dot += (u[j] as number) * (xi[j] as number);
    norm2 += (xi[j] as number) ** 2;
  }
  const c = norm2 > 0 ? dot / norm2 : 0;
  let unorm2 = 0;
  for (let j = 0; j < n; j++) {
    u[j] = (u[j] as number) - c * (xi[j] as number);
    unorm2 += (u[j] as number) ** 2;
  }
  const scale = Math.sqrt(n / unorm2);
  for (let j = 0; j < n; j++) u[j] = (u[j] as number) * scale;
  return u;
}

/** Runs one task with `backend` (in a worker thread, or in the calling thread with `workers: 0`). */
export function runTask(task: Task, backend: AttentionBackend): TaskResult {
  const { ensemble, N, P, seed } = task.patterns;
  if (task.patterns.storage === 'streaming') return runStreamingTask(task, backend);
  const patterns = samplePatterns({ ensemble, dimension: N, seed, count: P });
  const runner = new RealisationRunner(patterns, backend, task.protocol);
  const xi = patterns.data.subarray(0, N);
  switch (task.kind) {
    case 'critical':
      return criticalLambda(runner, task.lambdaRange, task.tolerance);
    case 'outcomes':
      return outcomesFromXi(runner, xi, task.lambdas);
    case 'basin': {
      const u = basinDirection(xi, task.directionSeed);
      let updates = 0;
      const successes = task.thetas.map((theta) => {
        const outcome = runner.run(basinStart(xi, theta, u), 0, task.lambda);
        updates += outcome.updates;
        return outcome.success;
      });
      return { successes, updates, runs: task.thetas.length };
    }
    case 'all-patterns': {
      let updates = 0;
      let retrieved = 0;
      for (let mu = 0; mu < P; mu++) {
        const outcome = runner.run(patterns.data.subarray(mu * N, (mu + 1) * N), mu, task.lambda);
        updates += outcome.updates;
        if (outcome.success) retrieved += 1;
      }
      return { retrieved, updates, runs: P };
    }
  }
}

/** {@link runTask} in streaming mode (`outcomes` and `critical` tasks: runs from `ξ^1`). */
function runStreamingTask(task: Task, backend: AttentionBackend): TaskResult {
  const { ensemble, N, P, seed, tileRows } = task.patterns;
  if (tileRows === undefined) throw new RangeError('streaming tasks need tileRows');
  const runner = new StreamingRunner({ ensemble, N, P, seed, tileRows }, backend, task.protocol);
  switch (task.kind) {
    case 'critical':
      return criticalLambda(runner, task.lambdaRange, task.tolerance);
    case 'outcomes':
      return outcomesFromXi(runner, runner.first, task.lambdas);
    default:
      throw new RangeError(`streaming patterns are not supported for ${task.kind} tasks`);
  }
}
