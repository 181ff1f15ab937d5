import { type EnsembleName, ensembleLaw } from '@dam/ensembles';
import { type FiniteSizeLaw, finiteSizeLaw, lambdaHalfFiniteSize } from '@dam/theory';
import { linearFit, quadraticFit, Z95 } from './fit.js';

/** What the fits need of one size: its `λ_{1/2}` and error, and the finite-size law's prediction. */
export interface FitPoint {
  readonly N: number;
  readonly lambdaHalf: number;
  readonly stderr: number;
  /** `λ_{1/2}(α, N)` of the finite-size law (`lambdaHalfFiniteSize` of `@dam/theory`), `null` where it does not apply. */
  readonly lambdaTheory: number | null;
}

/**
 * The extrapolation with the derived finite-size law: `λ_{1/2}(N) = λ_∞ + [λ_th(N) − λ_c] + b/N²`,
 * where `λ_th(N)` (`lambdaHalfFiniteSize`) carries the derived `log N / N` and `1/N` terms and only
 * the intercept `λ_∞` and the higher-order `b` are fitted.
 */
export interface CrossoverFit {
  /** Extrapolation to `N = ∞`: the fitted intercept `λ_∞`. */
  readonly lambdaInf: number;
  /** 95% interval `λ_∞ ± 1.96 √Cov₀₀`. */
  readonly ci: readonly [number, number];
  /** `[λ_∞, b]`. */
  readonly coefficients: readonly [number, number];
  /** Covariance of the coefficients, `(XᵀWX)⁻¹` with weights `1/stderr²`. */
  readonly covariance: readonly (readonly [number, number])[];
  /** `χ²` of the fit and its degrees of freedom (sizes − 2). */
  readonly chi2: number;
  readonly dof: number;
  /** The sizes left out of the fit because their median is censored. */
  readonly skipped: readonly number[];
}

/** The paper's quadratic fit in `1/N` (Fig. 1 bottom) and its extrapolation to `N = ∞`. */
export interface QuadraticCrossoverFit {
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
  /** The sizes left out of the fit because their median is censored. */
  readonly skipped: readonly number[];
}

/** The finite-size law of `ensemble` at `alpha`, `null` where it is not derived (see `finiteSizeLaw`). */
export function finiteSizeLawOrNull(ensemble: EnsembleName, alpha: number): FiniteSizeLaw | null {
  try {
    return finiteSizeLaw(ensembleLaw(ensemble), alpha);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** `lambdaHalfFiniteSize` at `N`, `null` where the law does not apply (not derived, or `N` too small). */
export function lambdaTheoryOrNull(ensemble: EnsembleName, alpha: number, N: number): number | null {
  try {
    return lambdaHalfFiniteSize(ensembleLaw(ensemble), alpha, N);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function interval(value: number, variance: number): [number, number] {
  const halfWidth = Z95 * Math.sqrt(Math.max(0, variance));
  return [value - halfWidth, value + halfWidth];
}

/**
 * {@link CrossoverFit} of the measured sizes: weighted least squares of `λ_{1/2} − (λ_th(N) − λ_c)`
 * on `1, 1/N²` (weights `1/stderr²`, errors below `minSigma` raised to it). `null` with fewer than
 * two sizes where the law applies.
 */
export function finiteSizeFit(
  points: readonly FitPoint[],
  lambdaC: number,
  minSigma: number,
  skipped: readonly number[],
): CrossoverFit | null {
  const usable = points.filter((point) => point.lambdaTheory !== null);
  if (usable.length < 2 || new Set(usable.map((point) => point.N)).size < 2) return null;
  const fit = linearFit(
    usable.map((point) => [1, 1 / point.N ** 2]),
    usable.map((point) => point.lambdaHalf - ((point.lambdaTheory as number) - lambdaC)),
    usable.map((point) => point.stderr),
    { minSigma, what: 'finite-size fit' },
  );
  const [lambdaInf, b] = fit.coefficients as [number, number];
  const covariance = fit.covariance.map((row) => [row[0], row[1]]) as [number, number][];
  return {
    lambdaInf,
    ci: interval(lambdaInf, covariance[0]?.[0] ?? 0),
    coefficients: [lambdaInf, b],
    covariance,
    chi2: fit.chi2,
    dof: fit.dof,
    skipped: [...skipped],
  };
}

/** {@link QuadraticCrossoverFit} of the measured sizes in `x = 1/N`; `null` with fewer than three. */
export function quadraticCrossoverFit(
  points: readonly FitPoint[],
  minSigma: number,
  skipped: readonly number[],
): QuadraticCrossoverFit | null {
  if (points.length < 3) return null;
  const fit = quadraticFit(
    points.map((point) => 1 / point.N),
    points.map((point) => point.lambdaHalf),
    points.map((point) => point.stderr),
    { minSigma },
  );
  const lambdaInf = fit.coefficients[0];
  return {
    lambdaInf,
    ci: interval(lambdaInf, fit.covariance[0]?.[0] ?? 0),
    coefficients: fit.coefficients,
    covariance: fit.covariance,
    chi2: fit.chi2,
    dof: fit.dof,
    skipped: [...skipped],
  };
}
