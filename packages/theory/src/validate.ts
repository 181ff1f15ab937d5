/** Throws a `RangeError` unless `lambda` is a finite number > 0 (the inverse temperature λ of Eq. 1). */
export function checkLambda(lambda: number): void {
  if (!(lambda > 0 && Number.isFinite(lambda))) {
    throw new RangeError(`lambda must be a finite number > 0, got ${String(lambda)}`);
  }
}

/** Throws a `RangeError` unless `alpha` is a finite number ≥ 0 (the load α = log P / N). */
export function checkAlpha(alpha: number): void {
  if (!(alpha >= 0 && Number.isFinite(alpha))) {
    throw new RangeError(`alpha must be a finite number ≥ 0, got ${String(alpha)}`);
  }
}
