import { type EnsembleName, checkSeed, ensembleLaw } from '@dam/ensembles';
import { lambdaC } from '@dam/theory';
import { type ExperimentOptions, checkSize, prepare } from './experiment.js';
import { Z95, quadraticFit } from './fit.js';
import {
  type BisectionOptions,
  bisectionSettings,
  criticalTasks,
  medianCensoring,
  runCriticalPoints,
  summarise,
} from './lambda-half.js';
import { withPool } from './pool.js';
import { SALT_SIZE, deriveSeed } from './seeds.js';
import type { PatternStorageOptions } from './streaming.js';
import { checkInteger } from './validate.js';

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
  /** `λ_{1/2}(α, N)`: median of the critical λs. */
  readonly lambdaHalf: number;
  /** Bootstrap standard error of `lambdaHalf`. */
  readonly stderr: number;
  /** Critical λ of each realisation, in realisation order. */
  readonly criticalLambdas: readonly number[];
}

/** Result of {@link finiteSizeScan}. */
export interface FiniteSizeScanResult {
  readonly points: readonly FiniteSizePoint[];
  readonly fit: {
    /** Extrapolation to `N = ∞`: the intercept `c0` of `λ_{1/2} ≈ c0 + c1/N + c2/N²`. */
    readonly lambdaInf: number;
    /** 95% interval `c0 ± 1.96 √Cov₀₀`. */
    readonly ci: readonly [number, number];
    /** `[c0, c1, c2]`. */
    readonly coefficients: readonly [number, number, number];
    /** Covariance of the coefficients, `(XᵀWX)⁻¹` with weights `1/stderr²`. */
    readonly covariance: readonly (readonly [number, number, number])[];
    /** `χ²` of the fit and its degrees of freedom (`0` with three sizes: exact interpolation). */
    readonly chi2: number;
    readonly dof: number;
  };
  /** The paper's prediction at `N = ∞`: `λ_c(α)` of `@dam/theory` (inverse of `α_1`, Eq. 9). */
  readonly theory: { readonly lambdaC: number };
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly samples: number;
  readonly backend: string;
  /** Attention updates computed in total. */
  readonly updates: number;
}

/**
 * The finite-size scan of Fig. 1 (bottom): `λ_{1/2}(α, N)` (see `lambdaHalf`) at each size `N`,
 * a weighted least-squares quadratic fit in `1/N` (weights `1/stderr²`; a zero error — all
 * resamples giving the same median — is raised to half the bisection tolerance, the resolution
 * of a critical λ), and the extrapolation `λ_∞` (intercept) with a 95% normal interval from the
 * fit covariance. The point errors are taken as known (no `χ²` rescaling); with three sizes the
 * quadratic interpolates the points and the interval is the propagation of their errors. All
 * sizes run in one worker pool; the result is deterministic from `seed`. The theory line is
 * `λ_c(α)` for the ensemble's law. Throws a `RangeError` when a size's median is censored
 * (half or more of its critical λs outside `lambdaRange`), since its `λ_{1/2}` is then unknown.
 */
export async function finiteSizeScan(options: FiniteSizeScanOptions): Promise<FiniteSizeScanResult> {
  const { ensemble, alpha, samples, seed } = options;
  if (!Array.isArray(options.Ns) || options.Ns.length < 3) {
    throw new RangeError(`Ns must list at least 3 sizes for a quadratic fit in 1/N, got ${String(options.Ns)}`);
  }
  const Ns = options.Ns.map((N, i) => checkInteger(`Ns[${i}]`, N, 1));
  if (new Set(Ns).size !== Ns.length) throw new RangeError(`Ns must be distinct, got ${Ns.join(', ')}`);
  checkSeed(seed);
  const sizes = Ns.map((N) => ({ ensemble, N, alpha, samples, seed: deriveSeed(seed, N, SALT_SIZE) }));
  for (const size of sizes) checkSize(size);
  const bisection = bisectionSettings(options);
  const prepared = await prepare(options, sizes, options);
  const tasks = sizes.map((size) => criticalTasks(size, bisection, prepared));
  const raw = await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, samples * Ns.length), signal: prepared.signal },
    (pool) => runCriticalPoints(pool, tasks, prepared.progress),
  );
  const summaries = sizes.map((size, i) => {
    const point = raw[i] as { criticalLambdas: number[]; updates: number };
    return summarise(size, bisection, point.criticalLambdas, prepared.backend, point.updates);
  });
  const [lo, hi] = bisection.lambdaRange;
  for (const summary of summaries) {
    const censoring = medianCensoring(summary.criticalLambdas, lo);
    if (censoring === 'above') {
      throw new RangeError(
        `at N = ${summary.N} half or more of the realisations still fail at lambdaRange[1] = ${hi}: λ_1/2 is above the range; widen lambdaRange`,
      );
    }
    if (censoring === 'below') {
      throw new RangeError(
        `at N = ${summary.N} half or more of the realisations already retrieve at lambdaRange[0] = ${lo}: λ_1/2 is below the range (only an upper bound); widen lambdaRange`,
      );
    }
  }
  const fit = quadraticFit(
    summaries.map((s) => 1 / s.N),
    summaries.map((s) => s.lambdaHalf),
    summaries.map((s) => s.stderr),
    { minSigma: bisection.tolerance / 2 },
  );
  const lambdaInf = fit.coefficients[0];
  const halfWidth = Z95 * Math.sqrt(Math.max(0, fit.covariance[0]?.[0] ?? 0));
  return {
    points: summaries.map((s) => ({
      N: s.N,
      P: s.P,
      lambdaHalf: s.lambdaHalf,
      stderr: s.stderr,
      criticalLambdas: s.criticalLambdas,
    })),
    fit: {
      lambdaInf,
      ci: [lambdaInf - halfWidth, lambdaInf + halfWidth],
      coefficients: fit.coefficients,
      covariance: fit.covariance,
      chi2: fit.chi2,
      dof: fit.dof,
    },
    theory: { lambdaC: lambdaC(ensembleLaw(ensemble), alpha) },
    ensemble,
    alpha,
    samples,
    backend: prepared.backend,
    updates: summaries.reduce((sum, s) => sum + s.updates, 0),
  };
}
