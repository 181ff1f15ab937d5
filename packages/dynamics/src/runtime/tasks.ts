import { type EnsembleName, fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import type { AttentionBackend } from '@dam/kernels';
import { OrderStatisticsRunner } from '../order-statistics/runner.js';
import { squaredDistance } from '../protocol/retrieve.js';
import { cycleOutcome, EscapeClock, MAX_PERIOD, type ProtocolSettings, RealisationRunner } from '../protocol/runner.js';
import { type PatternStorage, StreamingRunner } from '../runners/streaming.js';

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
  /** `K`, explicit patterns besides `ξ^1` in order-statistics mode. */
  readonly explicitPatterns?: number | undefined;
}

/** The storage fields of a {@link PatternSpec} for an experiment's checked storage settings. */
export function storageSpec(prepared: {
  readonly storage: { readonly mode: PatternStorage; readonly tileRows: number; readonly explicitPatterns: number };
}): Pick<PatternSpec, 'storage' | 'tileRows' | 'explicitPatterns'> {
  if (prepared.storage.mode === 'streaming') return { storage: 'streaming', tileRows: prepared.storage.tileRows };
  if (prepared.storage.mode === 'order-statistics') {
    return { storage: 'order-statistics', explicitPatterns: prepared.storage.explicitPatterns };
  }
  return {};
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
function outcomesFromXi(
  runner: RealisationRunner | StreamingRunner | OrderStatisticsRunner,
  xi: Float32Array,
  lambdas: readonly number[],
): TaskResult {
  let updates = 0;
  const successes = lambdas.map((lambda) => {
    const outcome = runner.run(xi, 0, lambda);
    updates += outcome.updates;
    return outcome.success;
  });
  return { successes, updates, runs: lambdas.length };
}

/**
 * Escape-time model near the crossover: a failing run that leaves the success ball at time `T` is
 * `Δ = λ_c − λ` below the critical λ with `1/T² ≈ (a + bΔ)Δ` (saddle-node ghost: `T ∝ Δ^{-1/2}`
 * close to λ_c); `a`, `b` fitted on spherical runs (bench/NOTES.md). It only steers where the search
 * probes, never an outcome.
 */
const ESCAPE_A = 10.5;
const ESCAPE_B = 600;
/** Failing runs that leave the ball faster than this carry no usable escape time. */
const MIN_ESCAPE = 1;
/** Probes of the guided search are rounded to this fraction of the final width (see below). */
const GRID_STEPS = 64;
/**
 * The last failing probe aims this fraction of the final width below the prediction (the last
 * succeeding one then lands the rest above it): failures near λ_c cost far more updates than
 * retrievals, so the pair sits a little below the prediction (tuning: bench/NOTES.md).
 */
const FAILURE_SHARE = 0.43;
/**
 * The failing approach aims this fraction of the predicted distance below the prediction, so that
 * it lands close enough below λ_c for the next probes to be the final pair (bench/NOTES.md).
 */
const APPROACH_SHRINK = 0.15;
/**
 * The highest failure is close enough for the final success probe (`lo` + one final width) once
 * the predicted distance to λ_c is below `FAILURE_SHARE + FINAL_REACH` final widths; generous,
 * because the prediction can overestimate the distance (bench/NOTES.md).
 */
const FINAL_REACH = 1;

/** The outcome and escape time (`NaN` if none) of one run from `ξ^1` at `λ`. */
interface Probe {
  readonly success: boolean;
  readonly updates: number;
  readonly escape: number;
}

/**
 * A run of the protocol from `ξ^1` on a streaming runner, with its escape time: exactly
 * `StreamingRunner.run` (same updates, same exact-cycle stop, same outcome) plus an
 * {@link EscapeClock} on the states.
 */
function streamingProbe(runner: StreamingRunner, lambda: number, ring: Float32Array[], bits: Uint32Array[]): Probe {
  const { maxSteps, epsilon, earlyStop } = runner.settings;
  const xi = runner.first;
  const threshold = epsilon * xi.length;
  const slot = (t: number): Float32Array => ring[t % ring.length] as Float32Array;
  const bitsOf = (t: number): Uint32Array => bits[t % ring.length] as Uint32Array;
  const clock = new EscapeClock(threshold);
  slot(0).set(xi);
  clock.start(xi, xi);
  for (let t = 0; t < maxSteps; t++) {
    runner.stepInto(slot(t), lambda, slot(t + 1));
    clock.observe(slot(t + 1), xi);
    if (earlyStop) {
      const cycle = cycleOutcome(slot, bitsOf, t, maxSteps, xi, threshold);
      if (cycle !== undefined) return { success: cycle.success, updates: cycle.updates, escape: clock.time };
    }
  }
  return { success: squaredDistance(slot(maxSteps), xi) < threshold, updates: maxSteps, escape: clock.time };
}

/**
 * The critical λ of one realisation: a search on `[lo, hi]` of the outcome of the run from `ξ^1`
 * on the same patterns, until the bracket (`lo` fails, `hi` retrieves) is at most as wide as the
 * final bracket of a bisection to `tolerance` (`(hi − lo)/2^k`, `k = ⌈log₂((hi − lo)/tolerance)⌉`,
 * see `bisectionResolution`); returns its midpoint. Retrieval is empirically monotone in λ for a
 * fixed realisation (tested); if it were not, the result is still well defined: the midpoint of a
 * final bracket `[lo, hi]` such that every probe at or above `hi` retrieved and every probe at or
 * below `lo` failed. Censored values: `lo` when the run already retrieves at `lo`, `Infinity` when
 * it still fails at `hi`.
 *
 * Where it probes only decides the work, never the validity of the bracket. Failing runs near the
 * crossover are the expensive ones (up to ~100 updates: the ghost of the saddle-node, `∝ Δ^{-1/2}`);
 * retrieving runs there are cheaper since the contraction certificate ends them (~15–30 updates a
 * final width above λ_c). So instead of halving, the search predicts the critical λ from the escape
 * time `T` of the highest failure (`1/T²` is close to linear in `λ_c − λ` near a saddle-node, see
 * `predictCritical`), approaches it from below with one failure at ~0.15 of the predicted distance
 * (`APPROACH_SHRINK`), then places the last failure a bit less than half a final width below the
 * prediction and the last success one final width above the highest failure (the cheapest success
 * that finishes). Without a prediction it bisects. Measured at α = 0.2, N = 40 / 45 (spherical,
 * P = e^{αN}, λ ∈ [0.01, 3], tolerance 1e-3, wasm-simd, 40 realisations): 66 / 110 updates per
 * realisation (157 / 141 with the former fourfold approach, which took two approach failures). Predicted probes are
 * rounded to a grid of 1/64 of the final width, so that runs that agree up to rounding (other
 * backends' tiles, streaming) make the same decisions.
 */
export function criticalLambda(
  runner: RealisationRunner | StreamingRunner | OrderStatisticsRunner,
  lambdaRange: readonly [number, number],
  tolerance: number,
): { critical: number; updates: number; runs: number } {
  let updates = 0;
  let runs = 0;
  const failures: { lambda: number; escape: number }[] = [];
  let probe: (lambda: number) => Probe;
  if (runner instanceof StreamingRunner) {
    const n = runner.first.length;
    const ring = Array.from({ length: MAX_PERIOD + 1 }, () => new Float32Array(n));
    const bits = ring.map((state) => new Uint32Array(state.buffer));
    probe = (lambda) => streamingProbe(runner, lambda, ring, bits);
  } else {
    // RealisationRunner and OrderStatisticsRunner keep the escape time of their last run.
    const x0 = runner instanceof RealisationRunner ? runner.patterns.data.subarray(0, runner.patterns.cols) : runner.first;
    probe = (lambda) => {
      const outcome = runner.run(x0, 0, lambda);
      return { success: outcome.success, updates: outcome.updates, escape: runner.lastEscape };
    };
  }
  const retrieves = (lambda: number): boolean => {
    const outcome = probe(lambda);
    updates += outcome.updates;
    runs += 1;
    if (!outcome.success && outcome.escape >= MIN_ESCAPE) failures.push({ lambda, escape: outcome.escape });
    return outcome.success;
  };
  let [lo, hi] = lambdaRange;
  if (!retrieves(hi)) return { critical: Number.POSITIVE_INFINITY, updates, runs };
  if (retrieves(lo)) return { critical: lo, updates, runs };
  const width = (hi - lo) / 2 ** Math.max(0, Math.ceil(Math.log2((hi - lo) / tolerance)));
  const done = width * (1 + 1e-9);
  const grid = width / GRID_STEPS;
  while (hi - lo > done) {
    const w = hi - lo;
    const guess = predictCritical(failures, lo, hi);
    let p: number;
    if (guess === undefined || runs > 40) {
      p = 0.5 * (lo + hi);
    } else if (w <= 2 * width) {
      // Any probe in [hi − width, lo + width] finishes: the end farther from the guess is cheaper.
      const a = hi - width;
      const b = lo + width;
      p = Math.abs(a - guess.lambda) > Math.abs(b - guess.lambda) ? a : b;
    } else if (lo >= guess.lambda - (FAILURE_SHARE + FINAL_REACH) * width) {
      // lo already fails close below the guess: a success within one width of it finishes (and a
      // failure there is a closer lo).
      p = lo + width;
    } else {
      // Approach from below (failures carry the escape time): a failure closer to the guess, and a
      // better guess from its escape time.
      const step = Math.max(FAILURE_SHARE * width, APPROACH_SHRINK * (guess.lambda - guess.from));
      p = Math.round((guess.lambda - step) / grid) * grid;
      if (!(p > lo && p < hi)) p = 0.5 * (lo + Math.min(hi, guess.lambda));
    }
    if (!(p > lo && p < hi)) p = 0.5 * (lo + hi);
    if (retrieves(p)) hi = p;
    else lo = p;
  }
  return { critical: 0.5 * (lo + hi), updates, runs };
}

/**
 * Prediction of the critical λ from the highest failure's escape time `T`: the root `Δ` of
 * `(a + bΔ)Δ = 1/T²` above it, clamped into `[lo, hi]`. `from` is the failure it extrapolates from.
 */
function predictCritical(
  failures: readonly { lambda: number; escape: number }[],
  lo: number,
  hi: number,
): { lambda: number; from: number } | undefined {
  let first: { lambda: number; escape: number } | undefined;
  for (const failure of failures) if (first === undefined || failure.lambda > first.lambda) first = failure;
  if (first === undefined) return undefined;
  const z = 1 / first.escape ** 2;
  const distance = (2 * z) / (ESCAPE_A + Math.sqrt(ESCAPE_A * ESCAPE_A + 4 * ESCAPE_B * z));
  return { lambda: Math.min(hi, Math.max(lo, first.lambda + distance)), from: first.lambda };
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
  if (task.patterns.storage === 'order-statistics') return runOrderStatisticsTask(task, backend);
  // A backend that can drop its copy of a matrix lets the thread draw every realisation into the
  // same array (a fresh array per realisation costs page faults and garbage collection).
  const data = backend.invalidate === undefined ? undefined : scratchArray(P * N);
  const patterns = samplePatterns({ ensemble, dimension: N, seed, count: P, data });
  const runner = new RealisationRunner(patterns, backend, task.protocol);
  try {
    return runMaterialized(task, runner);
  } finally {
    runner.release();
  }
}

/** The array this thread reuses for the patterns of its realisations (one, of the last size asked). */
let scratch: Float32Array | undefined;
function scratchArray(entries: number): Float32Array {
  if (scratch?.length !== entries) scratch = new Float32Array(entries);
  return scratch;
}

/** {@link runTask} on materialised patterns. */
function runMaterialized(task: Task, runner: RealisationRunner): TaskResult {
  const { patterns } = runner;
  const { N, P } = task.patterns;
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

/**
 * A task on a runner that only runs from `ξ^1` (`runner.first`): `critical` and `outcomes` tasks;
 * any other kind is refused, naming the pattern storage `mode`.
 */
function runFromFirst(task: Task, runner: StreamingRunner | OrderStatisticsRunner, mode: string): TaskResult {
  switch (task.kind) {
    case 'critical':
      return criticalLambda(runner, task.lambdaRange, task.tolerance);
    case 'outcomes':
      return outcomesFromXi(runner, runner.first, task.lambdas);
    default:
      throw new RangeError(`${mode} patterns are not supported for ${task.kind} tasks`);
  }
}

/** {@link runTask} in streaming mode (`outcomes` and `critical` tasks: runs from `ξ^1`). */
function runStreamingTask(task: Task, backend: AttentionBackend): TaskResult {
  const { ensemble, N, P, seed, tileRows } = task.patterns;
  if (tileRows === undefined) throw new RangeError('streaming tasks need tileRows');
  return runFromFirst(task, new StreamingRunner({ ensemble, N, P, seed, tileRows }, backend, task.protocol), 'streaming');
}

/** {@link runTask} in order-statistics mode (`outcomes` and `critical` tasks: runs from `ξ^1`; spherical only). */
function runOrderStatisticsTask(task: Task, backend: AttentionBackend): TaskResult {
  const { ensemble, N, P, seed, explicitPatterns } = task.patterns;
  if (explicitPatterns === undefined) throw new RangeError('order-statistics tasks need explicitPatterns');
  return runFromFirst(
    task,
    new OrderStatisticsRunner({ ensemble, N, P, seed, explicitPatterns }, backend, task.protocol),
    'order-statistics',
  );
}
