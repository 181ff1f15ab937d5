/**
 * Largest inverse temperature accepted: `α_1 = λr² − ζ(λ)` cancels `λ`-sized terms, so beyond
 * `λ = 1e8` rounding (`~λ·1e-16`) would exceed 1e-8 in the thresholds.
 */
export const MAX_LAMBDA = 1e8;

/** Throws a `RangeError` unless `lambda` (the inverse temperature λ of Eq. 1) is in `(0, 1e8]`. */
export function checkLambda(lambda: number): void {
  if (!(lambda > 0 && lambda <= MAX_LAMBDA)) {
    throw new RangeError(`lambda must be a number in (0, 1e8], got ${String(lambda)}`);
  }
}

/** Throws a `RangeError` unless `alpha` is a finite number ≥ 0 (the load α = log P / N). */
export function checkAlpha(alpha: number): void {
  if (!(alpha >= 0 && Number.isFinite(alpha))) {
    throw new RangeError(`alpha must be a finite number ≥ 0, got ${String(alpha)}`);
  }
}
