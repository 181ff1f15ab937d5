import { completeLaw, type EnsembleLaw } from '@dam/ensembles';
import { monotoneRoot } from '@dam/ensembles/internals';
import { lambdaC } from './alpha1.js';
import { lambdaStarAt } from './rem.js';
import { checkAlpha } from './validate.js';

/**
 * The leading finite-size correction of the crossover (see the docs' theory page "The finite-size
 * law"): `λ_{1/2}(α, N) = λ_c + (log N + C)/(N·Δ') + O(log²N/N²)`.
 */
export interface FiniteSizeLaw {
  /** `λ_c(α)`, the limit (inverse of `α_1`, Eq. 9). */
  readonly lambdaC: number;
  /** Coefficient of `log N / N`: `1/Δ'` with `Δ' = r² − ζ'_r(λ_c)`. */
  readonly logCoefficient: number;
  /** Coefficient of `1/N`: `C/Δ'` with `C = 1 + log(λ_c Δ'²/r²) + ℓ_r(λ_c) − s·λ_c(1 − ζ'_r(λ_c)/(2r²))`. */
  readonly constant: number;
}

/** The pieces of the saddle-node condition at one λ (`r = r_ξ`, `s` = `medianNormShift`). */
interface Pieces {
  /** `Δ(λ) = λr² − α − ζ_r(λ)`: the log-ratio per dimension of ξ¹'s weight to the bulk's (Eq. 3). */
  readonly gap: number;
  /** `Δ'(λ) = r² − ζ'_r(λ)`. */
  readonly slope: number;
  /** The O(1) terms: `1 + log(λΔ'²/r²) + ℓ_r(λ) − s·λ(1 − ζ'_r(λ)/(2r²))`. */
  readonly constant: number;
}

function finitePieces(law: EnsembleLaw, alpha: number): (lambda: number) => Pieces {
  if (law.logPrefactor === undefined || law.medianNormShift === undefined) {
    const missing = law.logPrefactor === undefined ? 'logPrefactor' : 'medianNormShift';
    throw new RangeError(`the finite-size law needs the law's ${missing} (ensemble ${law.name})`);
  }
  const complete = completeLaw(law);
  const logPrefactor = law.logPrefactor.bind(law);
  const shift = law.medianNormShift;
  const r = law.typicalNorm;
  const r2 = r * r;
  return (lambda) => {
    const zetaPrime = complete.zetaPrime(lambda, r);
    const slope = r2 - zetaPrime;
    return {
      gap: lambda * r2 - alpha - complete.zeta(lambda, r),
      slope,
      constant: 1 + Math.log((lambda * slope * slope) / r2) + logPrefactor(lambda, r) - shift * lambda * (1 - zetaPrime / (2 * r2)),
    };
  };
}

/** The λ where `ζ'_r(λ)` reaches `r²` (`Infinity` when the overlap is bounded by `r²`): the condition's upper end. */
function slopeZero(law: EnsembleLaw): number {
  const r = law.typicalNorm;
  if (!(law.maxOverlap(r) > r * r)) return Number.POSITIVE_INFINITY;
  const complete = completeLaw(law);
  return monotoneRoot((lambda) => complete.zetaPrime(lambda, r) - r * r, 0, Number.POSITIVE_INFINITY);
}

/** `λ_c(α)` where the derivation holds: finite, with the REM uncondensed there (`λ_c < λ_*`). */
function checkedLambdaC(law: EnsembleLaw, alpha: number): number {
  checkAlpha(alpha);
  const limit = lambdaC(law, alpha);
  if (!(limit > 0 && Number.isFinite(limit))) {
    throw new RangeError(`the finite-size law needs a finite λ_c > 0, got λ_c = ${limit} (ensemble ${law.name}, alpha = ${alpha})`);
  }
  const lambdaStar = lambdaStarAt(law, alpha, law.typicalNorm);
  if (!(limit < lambdaStar)) {
    throw new RangeError(
      `the finite-size law needs the REM uncondensed at λ_c: λ_c = ${limit} ≥ λ_* = ${lambdaStar} (ensemble ${law.name}, alpha = ${alpha})`,
    );
  }
  return limit;
}

/**
 * The finite-size law of the crossover, to order 1/N: `λ_{1/2}(α, N) ≈ λ_c + (a·log N + b)/N` with
 * both `a = 1/Δ'(λ_c)` and `b` derived, not fitted (saddle-node of the one-dimensional map along ξ¹:
 * `N·Δ(λ) = log N + C(λ)`). Needs the law's `logPrefactor` and `medianNormShift`, a finite `λ_c`
 * and the REM uncondensed there; throws a `RangeError` otherwise.
 */
export function finiteSizeLaw(law: EnsembleLaw, alpha: number): FiniteSizeLaw {
  const limit = checkedLambdaC(law, alpha);
  const at = finitePieces(law, alpha)(limit);
  return { lambdaC: limit, logCoefficient: 1 / at.slope, constant: at.constant / at.slope };
}

/**
 * `λ_{1/2}(α, N)` predicted by the finite-size law: the root above `λ_c` of the saddle-node
 * condition `N·Δ(λ) = log N + C(λ)` (see {@link finiteSizeLaw}), solved without linearising in
 * `λ − λ_c`, so that its `log²N/N²` terms are kept; what it leaves is `O(1/N²)`. Throws a
 * `RangeError` where {@link finiteSizeLaw} does, and for `N` so small that `log N + C(λ_c) ≤ 0`
 * (no root above `λ_c`: the expansion does not hold there).
 */
export function lambdaHalfFiniteSize(law: EnsembleLaw, alpha: number, N: number): number {
  if (!(N > 1 && Number.isFinite(N))) throw new RangeError(`N must be a finite number > 1, got ${String(N)}`);
  const limit = checkedLambdaC(law, alpha);
  const pieces = finitePieces(law, alpha);
  const condition = (lambda: number): number => {
    const at = pieces(lambda);
    // Beyond the λ where Δ' reaches 0 (Gaussian: λ = 1) the bulk's tilted mean passes ξ¹: no saddle-node.
    if (!(at.slope > 0)) return Number.POSITIVE_INFINITY;
    return N * at.gap - Math.log(N) - at.constant;
  };
  const start = condition(limit);
  if (!(start < 0)) {
    throw new RangeError(
      `N = ${N} is too small for the finite-size law: log N + C(λ_c) = ${-start} ≤ 0 (ensemble ${law.name}, alpha = ${alpha})`,
    );
  }
  return monotoneRoot(condition, limit, slopeZero(law));
}
