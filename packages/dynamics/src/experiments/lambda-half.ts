import type { EnsembleName } from '@dam/ensembles';
import { patternCount } from '../runtime/memory.js';
import { withPool } from '../runtime/pool.js';
import { storageSpec, type Task } from '../runtime/tasks.js';
import { checkInteger, checkPositive } from '../validate.js';
import { runCriticalPoints } from './critical-points.js';
import { checkSize, type ExperimentOptions, type Prepared, prepare, type SizeOptions } from './experiment.js';
import { deriveSeed, realisationSeed, SALT_BOOTSTRAP } from './seeds.js';
import { bootstrapMedianStderr, median } from './statistics.js';
import type { PatternStorageOptions } from './storage.js';

/** Options of the λ bisections ({@link lambdaHalf}, {@link lambdaHalfByRate}, `finiteSizeScan`). */
export interface BisectionOptions {
  /** Interval of λ searched (default `[0.01, 3]`). */
  readonly lambdaRange?: readonly [number, number] | undefined;
  /**
   * Bisection stops when the bracket is narrower than this (default `1e-3`; `1e-5` with
   * `patterns: 'order-statistics'`, whose critical λs at large N agree to far better than 1e-3).
   */
  readonly tolerance?: number | undefined;
  /** Bootstrap resamples for the error of the median (default 1000). */
  readonly bootstrap?: number | undefined;
}

/** Options of {@link lambdaHalf}. */
export interface LambdaHalfOptions extends SizeOptions, ExperimentOptions, BisectionOptions, PatternStorageOptions {}

/** Result of {@link lambdaHalf}. */
export interface LambdaHalfResult {
  /**
   * `λ_{1/2}`: the median of the realisations' critical λs. Censored values enter as
   * `lambdaRange[0]` / `Infinity`, so the median is exact while the middle value(s) are not censored;
   * otherwise it is `Infinity` (half or more above the range: more than half for an odd number of
   * realisations) or only an upper bound (half or more below it) — see `censored` and
   * {@link medianCensoring}.
   */
  readonly lambdaHalf: number;
  /**
   * Standard error of the median: the bootstrap error combined in quadrature with the bisection's
   * rounding error `resolution/√12` (see {@link bisectionResolution}); `Infinity` when resamples
   * hit the censored values above the range.
   */
  readonly stderr: number;
  /** Critical λ of each realisation, in realisation order (`lambdaRange[0]` / `Infinity` when censored). */
  readonly criticalLambdas: readonly number[];
  /** Realisations that already retrieve at `lambdaRange[0]` (below) or still fail at `lambdaRange[1]` (above). */
  readonly censored: { readonly below: number; readonly above: number };
  readonly ensemble: EnsembleName;
  readonly N: number;
  /** `P = round(e^{αN})`. */
  readonly P: number;
  readonly alpha: number;
  readonly samples: number;
  /** Backend the workers used. */
  readonly backend: string;
  /** Attention updates computed in total (the work, after the early stop). */
  readonly updates: number;
}

/** Checked bisection settings. */
export interface Bisection {
  readonly lambdaRange: readonly [number, number];
  readonly tolerance: number;
  readonly bootstrap: number;
}

/** Default bisection tolerance of the exact modes. */
export const DEFAULT_TOLERANCE = 1e-3;
/** Default bisection tolerance of `patterns: 'order-statistics'`. */
export const ORDER_STATISTICS_TOLERANCE = 1e-5;

/** Validates {@link BisectionOptions} (the default tolerance depends on the pattern storage). */
export function bisectionSettings(options: BisectionOptions & { readonly patterns?: unknown }): Bisection {
  const range = options.lambdaRange ?? [0.01, 3];
  if (!Array.isArray(range) || range.length !== 2) {
    throw new RangeError(`lambdaRange must be a pair [lo, hi], got ${String(range)}`);
  }
  const [lo, hi] = range as readonly [number, number];
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) {
    throw new RangeError(`lambdaRange must satisfy 0 < lo < hi < ∞, got [${String(lo)}, ${String(hi)}]`);
  }
  const fallback = options.patterns === 'order-statistics' ? ORDER_STATISTICS_TOLERANCE : DEFAULT_TOLERANCE;
  const tolerance = checkPositive('tolerance', options.tolerance ?? fallback);
  const bootstrap = checkInteger('bootstrap', options.bootstrap ?? 1000, 2, 1e7);
  return { lambdaRange: [lo, hi], tolerance, bootstrap };
}

/**
 * The tasks of one `lambdaHalf` point: one critical-λ bisection per realisation `r` in
 * `realisations = [start, end)` (default: all of them, `[0, samples)`).
 */
export function criticalTasks(
  size: SizeOptions,
  bisection: Bisection,
  prepared: Prepared,
  realisations: readonly [number, number] = [0, size.samples],
): Task[] {
  const P = patternCount(size.N, size.alpha);
  const [start, end] = realisations;
  return Array.from({ length: end - start }, (_, i) => start + i).map(
    (r): Task => ({
      kind: 'critical',
      patterns: { ensemble: size.ensemble, N: size.N, P, seed: realisationSeed(size.seed, r), ...storageSpec(prepared) },
      lambdaRange: bisection.lambdaRange,
      tolerance: bisection.tolerance,
      protocol: prepared.protocol,
    }),
  );
}

/**
 * Whether the median of `criticalLambdas` is determined: `'above'` / `'below'` when one of its
 * middle order statistics (one for an odd count, two for an even one) is censored above the λ
 * range (`Infinity`) or below it (`= lo`), `undefined` when it is an exact median.
 */
export function medianCensoring(criticalLambdas: readonly number[], lo: number): 'above' | 'below' | undefined {
  const sorted = [...criticalLambdas].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const middle = sorted.length % 2 === 1 ? [sorted[mid]] : [sorted[mid - 1], sorted[mid]];
  if (middle.includes(Number.POSITIVE_INFINITY)) return 'above';
  if (middle.includes(lo)) return 'below';
  return undefined;
}

/**
 * Width of the final bracket of a critical-λ bisection on `lambdaRange` to `tolerance`:
 * `(hi − lo)/2^k` with `k = ⌈log₂((hi − lo)/tolerance)⌉` halvings. A critical λ is reported as the
 * bracket's midpoint, so it carries a rounding error uniform on ±width/2 (standard deviation
 * `width/√12`).
 */
export function bisectionResolution(bisection: Bisection): number {
  const [lo, hi] = bisection.lambdaRange;
  return (hi - lo) / 2 ** Math.max(0, Math.ceil(Math.log2((hi - lo) / bisection.tolerance)));
}

/**
 * Summarises critical λs into a {@link LambdaHalfResult}: their median, and as its error the seeded
 * bootstrap error of the median combined in quadrature with the bisection's rounding error
 * `resolution/√12` — at large N the critical λs concentrate within one bisection step, the
 * bootstrap alone would then report an error near 0, and the resolution is the real limit.
 */
export function summarise(
  size: SizeOptions,
  bisection: Bisection,
  criticalLambdas: readonly number[],
  backend: string,
  updates: number,
): LambdaHalfResult {
  const [lo] = bisection.lambdaRange;
  return {
    lambdaHalf: median(criticalLambdas),
    stderr: Math.hypot(
      bootstrapMedianStderr(criticalLambdas, bisection.bootstrap, deriveSeed(size.seed, 0, SALT_BOOTSTRAP)),
      bisectionResolution(bisection) / Math.sqrt(12),
    ),
    criticalLambdas,
    censored: {
      below: criticalLambdas.filter((value) => value === lo).length,
      above: criticalLambdas.filter((value) => value === Number.POSITIVE_INFINITY).length,
    },
    ensemble: size.ensemble,
    N: size.N,
    P: patternCount(size.N, size.alpha),
    alpha: size.alpha,
    samples: size.samples,
    backend,
    updates,
  };
}

/**
 * The retrieval crossover `λ_{1/2}(α, N)` of Fig. 1 (bottom): the λ at which half of the
 * realisations retrieve `ξ^1` under the paper's protocol (start at `ξ^1`, at most 100 updates of
 * Eq. 2, success iff `‖x − ξ^1‖²/N < 0.01`). Each realisation finds its own critical λ by
 * bisection on the same patterns (retrieval is monotone in λ for a fixed realisation), and
 * `λ_{1/2}` is the median of these critical λs — the λ where the fraction of retrieving
 * realisations crosses ½ — with a bootstrap standard error of the median (`bootstrap` resamples
 * from a stream seeded by `deriveSeed(seed, 0, SALT_BOOTSTRAP)`).
 */
export async function lambdaHalf(options: LambdaHalfOptions): Promise<LambdaHalfResult> {
  checkSize(options);
  const bisection = bisectionSettings(options);
  const prepared = await prepare(options, [{ N: options.N, alpha: options.alpha }], options);
  const tasks = criticalTasks(options, bisection, prepared);
  const [point] = await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, tasks.length), signal: prepared.signal },
    (pool) => runCriticalPoints(pool, [tasks], { progress: prepared.progress }),
  );
  const { criticalLambdas, updates } = point as { criticalLambdas: number[]; updates: number };
  return summarise(options, bisection, criticalLambdas, await prepared.backend(), updates);
}

/** Result of {@link lambdaHalfByRate}. */
export interface LambdaHalfByRateResult {
  /** Midpoint of the final bracket of the bisection on the success rate. */
  readonly lambdaHalf: number;
  /** Each probe of the bisection: λ and the fraction of realisations retrieving there. */
  readonly probes: readonly { readonly lambda: number; readonly rate: number }[];
  readonly samples: number;
  readonly backend: string;
}

/**
 * The plain protocol for `λ_{1/2}` (as in a straightforward NumPy implementation): bisection over
 * λ on the success rate of the same `samples` realisations (the patterns of realisation `r` are
 * redrawn from `realisationSeed(seed, r)` at each probe), moving down when at least half retrieve,
 * for `⌈log₂((hi − lo)/tolerance)⌉` probes. A cross-check of {@link lambdaHalf}: with monotone
 * realisations both estimate the median of the same critical λs.
 */
export async function lambdaHalfByRate(options: LambdaHalfOptions): Promise<LambdaHalfByRateResult> {
  checkSize(options);
  const bisection = bisectionSettings(options);
  const { ensemble, N, alpha, samples, seed } = options;
  const prepared = await prepare(options, [{ N, alpha }], options);
  const P = patternCount(N, alpha);
  let [lo, hi] = bisection.lambdaRange;
  const steps = Math.ceil(Math.log2((hi - lo) / bisection.tolerance));
  const probes: { lambda: number; rate: number }[] = [];
  let done = 0;
  await withPool({ backend: prepared.backend, workers: Math.min(prepared.workers, samples), signal: prepared.signal }, async (pool) => {
    for (let step = 0; step < steps; step++) {
      const lambda = 0.5 * (lo + hi);
      const tasks: Task[] = Array.from({ length: samples }, (_, r) => ({
        kind: 'outcomes',
        patterns: { ensemble, N, P, seed: realisationSeed(seed, r), ...storageSpec(prepared) },
        lambdas: [lambda],
        protocol: prepared.protocol,
      }));
      const results = await pool.run(tasks, () => prepared.progress(++done, steps * samples));
      const rate = results.filter((result) => result.successes?.[0] === true).length / samples;
      probes.push({ lambda, rate });
      if (rate >= 0.5) hi = lambda;
      else lo = lambda;
    }
  });
  return { lambdaHalf: 0.5 * (lo + hi), probes, samples, backend: await prepared.backend() };
}
