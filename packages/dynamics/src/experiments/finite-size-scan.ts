import { type EnsembleName, ensembleLaw } from '@dam/ensembles';
import { type FiniteSizeLaw, lambdaC } from '@dam/theory';
import { type CriticalLambdaPoint, type CriticalLambdaSet, type CrossoverRun, criticalLambdaShard } from './critical-lambdas.js';
import {
  type CrossoverFit,
  finiteSizeFit,
  finiteSizeLawOrNull,
  lambdaTheoryOrNull,
  type QuadraticCrossoverFit,
  quadraticCrossoverFit,
} from './crossover-fit.js';
import type { ExperimentOptions } from './experiment.js';
import { type BisectionOptions, bisectionSettings, type LambdaHalfResult, medianCensoring, summarise } from './lambda-half.js';
import { mergeCriticalLambdaShards } from './merge-shards.js';
import { deriveSeed, SALT_SIZE } from './seeds.js';
import { WHOLE } from './shard.js';
import { median } from './statistics.js';
import type { PatternStorageOptions } from './storage.js';

/** Options of {@link finiteSizeScan}. */
export interface FiniteSizeScanOptions extends ExperimentOptions, BisectionOptions, PatternStorageOptions {
  /** Sizes `N` (at least three distinct values for the quadratic fit). */
  readonly Ns: readonly number[];
  readonly ensemble: EnsembleName;
  /** Load `α`, the same at every size. */
  readonly alpha: number;
  /** Realisations per size. */
  readonly samples: number;
  /** Scan seed; size `N` uses the `lambdaHalf` seed `deriveSeed(seed, N, SALT_SIZE)`. */
  readonly seed: number;
}

/** One size of a {@link FiniteSizeScanResult}. */
export interface FiniteSizePoint {
  readonly N: number;
  /** `P = round(e^{αN})`. */
  readonly P: number;
  /**
   * `λ_{1/2}(α, N)`: median of the critical λs; when the median is censored, the bound given by the
   * edge of the λ range (see {@link FiniteSizePoint.censored}).
   */
  readonly lambdaHalf: number;
  /** Bootstrap standard error of `lambdaHalf` (`NaN` when censored: the value is a bound, not a measurement). */
  readonly stderr: number;
  /**
   * `null` when the median is measured; `'below'` when half or more of the realisations already
   * retrieve at the low end of the λ range (`λ_{1/2} ≤ lambdaHalf`), `'above'` when half or more
   * still fail at its high end (`λ_{1/2} ≥ lambdaHalf`). Fits skip censored sizes.
   */
  readonly censored: 'below' | 'above' | null;
  /** Critical λ of each realisation, in realisation order. */
  readonly criticalLambdas: readonly number[];
  /** `λ_{1/2}(α, N)` of the finite-size law (`lambdaHalfFiniteSize` of `@dam/theory`); `null` where it does not apply. */
  readonly lambdaTheory: number | null;
}

/** Result of {@link crossoverFromCriticalLambdas}: a crossover at any number of sizes. */
export interface CrossoverResult {
  readonly points: readonly FiniteSizePoint[];
  /**
   * The extrapolation with the derived finite-size law (two uncensored sizes or more where the law
   * applies; `null` otherwise).
   */
  readonly fit: CrossoverFit | null;
  /** The paper's quadratic fit in `1/N`, with three uncensored sizes or more (`null` otherwise). */
  readonly fitQuadratic: QuadraticCrossoverFit | null;
  /**
   * The paper's prediction at `N = ∞`, `λ_c(α)` of `@dam/theory` (inverse of `α_1`, Eq. 9), and the
   * finite-size law's coefficients (`finiteSizeLaw`; `null` where it is not derived).
   */
  readonly theory: { readonly lambdaC: number; readonly finiteSize: FiniteSizeLaw | null };
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly samples: number;
  readonly seed: number;
  readonly backend: string;
  /** Attention updates computed in total. */
  readonly updates: number;
}

/** Result of {@link finiteSizeScan}: a {@link CrossoverResult} with its quadratic fit. */
export interface FiniteSizeScanResult extends CrossoverResult {
  readonly fitQuadratic: QuadraticCrossoverFit;
}

/**
 * The crossover of Fig. 1 (bottom) from the critical λs of every realisation (one unsharded run,
 * or merged shards): at each size the median `λ_{1/2}` and its error (see `lambdaHalf`) beside the
 * finite-size law's `λ_{1/2}(α, N)`, and two weighted least-squares extrapolations to `N = ∞`
 * (weights `1/stderr²`; a zero error — all resamples giving the same median — is raised to half the
 * bisection tolerance, the resolution of a critical λ), each with a 95% normal interval from its
 * covariance (point errors taken as known, no `χ²` rescaling): `fit`, the derived finite-size law
 * with a fitted intercept and `1/N²` term (see {@link CrossoverFit}), and `fitQuadratic`, the paper's
 * quadratic in `1/N` (with three sizes it interpolates the points). The theory line is `λ_c(α)`. A size whose median is censored
 * (half or more of its critical λs outside `lambdaRange`) is reported with the range's edge and
 * `censored`, and left out of the fit (`fit.skipped`).
 */
export function crossoverFromCriticalLambdas(set: CriticalLambdaSet): CrossoverResult {
  return crossoverFromSummaries(
    set,
    set.points.map((point) => sizeSummary(set.run, point, set.backend)),
  );
}

/** What {@link sizeSummary} needs of a run. */
type SummaryRun = Pick<CrossoverRun, 'ensemble' | 'alpha' | 'samples' | 'seed' | 'lambdaRange' | 'tolerance' | 'bootstrap'>;

/** The median and bootstrap error of one size's critical λs (`summarise`, with the size's seed). */
function sizeSummary(run: SummaryRun, point: CriticalLambdaPoint, backend: string): LambdaHalfResult {
  return summarise(
    { ensemble: run.ensemble, N: point.N, alpha: run.alpha, samples: run.samples, seed: deriveSeed(run.seed, point.N, SALT_SIZE) },
    bisectionSettings(run),
    point.criticalLambdas,
    backend,
    point.updates,
  );
}

/** {@link crossoverFromCriticalLambdas} from the summaries of the sizes of `set` (in its order). */
function crossoverFromSummaries(set: CriticalLambdaSet, summaries: readonly LambdaHalfResult[]): CrossoverResult {
  const { run } = set;
  const bisection = bisectionSettings(run);
  const [lo, hi] = bisection.lambdaRange;
  const points = summaries.map((s): FiniteSizePoint => {
    const censored = medianCensoring(s.criticalLambdas, lo) ?? null;
    return {
      N: s.N,
      P: s.P,
      // A bound: the median with the censored values at the range's edge (the edge itself unless a
      // middle value of an even count is measured).
      lambdaHalf: censored === null ? s.lambdaHalf : median(s.criticalLambdas.map((value) => Math.min(value, hi))),
      stderr: censored === null ? s.stderr : Number.NaN,
      censored,
      criticalLambdas: s.criticalLambdas,
      lambdaTheory: lambdaTheoryOrNull(run.ensemble, run.alpha, s.N),
    };
  });
  const limit = lambdaC(ensembleLaw(run.ensemble), run.alpha);
  const common = {
    points,
    theory: { lambdaC: limit, finiteSize: finiteSizeLawOrNull(run.ensemble, run.alpha) },
    ensemble: run.ensemble,
    alpha: run.alpha,
    samples: run.samples,
    seed: run.seed,
    backend: set.backend,
    updates: summaries.reduce((sum, s) => sum + s.updates, 0),
  };
  const measured = points.filter((point) => point.censored === null);
  const skipped = points.filter((point) => point.censored !== null).map((point) => point.N);
  const minSigma = bisection.tolerance / 2;
  return {
    ...common,
    fit: finiteSizeFit(measured, limit, minSigma, skipped),
    fitQuadratic: quadraticCrossoverFit(measured, minSigma, skipped),
  };
}

/**
 * The finite-size scan of Fig. 1 (bottom): `λ_{1/2}(α, N)` (see `lambdaHalf`) at each size `N`,
 * the quadratic fit in `1/N` and the extrapolation `λ_∞` with its 95% interval, beside the theory's
 * `λ_c(α)` (see {@link crossoverFromCriticalLambdas}). All sizes run in one worker pool; the result
 * is deterministic from `seed`, and equals the merge of any split of the run into shards
 * (`criticalLambdaShard`, `mergeCriticalLambdaShards`). Needs at least three sizes.
 */
export async function finiteSizeScan(options: FiniteSizeScanOptions): Promise<FiniteSizeScanResult> {
  if (!Array.isArray(options.Ns) || options.Ns.length < 3) {
    throw new RangeError(`Ns must list at least 3 sizes for a quadratic fit in 1/N, got ${String(options.Ns)}`);
  }
  // Each size is summarised (its bootstrap: 10⁵ draws or so) as soon as its realisations are done,
  // on this thread, which otherwise waits for the workers: only the last size's is left for the end.
  const run: SummaryRun = { ...options, ...bisectionSettings(options) };
  const early = new Map<number, LambdaHalfResult>();
  const shard = await criticalLambdaShard({
    ...options,
    shard: WHOLE,
    onPoint: (point) => early.set(point.N, sizeSummary(run, point, '')),
  });
  const set = mergeCriticalLambdaShards([shard]);
  const summaries = set.points.map((point) => {
    const summary = early.get(point.N);
    const same =
      summary?.updates === point.updates &&
      summary.criticalLambdas.length === point.criticalLambdas.length &&
      summary.criticalLambdas.every((value, r) => Object.is(value, point.criticalLambdas[r]));
    return same && summary !== undefined ? { ...summary, backend: set.backend } : sizeSummary(set.run, point, set.backend);
  });
  const result = crossoverFromSummaries(set, summaries);
  if (result.fitQuadratic === null) {
    const censored = result.points.filter((point) => point.censored !== null);
    throw new RangeError(
      `fewer than 3 sizes have a measured λ_1/2 (censored: ${censored.map((p) => `N = ${p.N} ${p.censored} [${set.run.lambdaRange.join(', ')}]`).join('; ')}); widen lambdaRange or choose other sizes`,
    );
  }
  return result as FiniteSizeScanResult;
}
