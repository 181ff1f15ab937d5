/**
 * Energy of Eq. (1), `E(x) = −(1/λ) log Σ_μ exp(λ ξ^μ·x) + ½‖x‖²`, from the log-partition function
 * returned by a backend's step. At `λ = 0` the first term is its limit `−(1/λ) log P − mean score`,
 * which a step cannot provide, so λ must be positive here.
 */
export function energyFromLogSumExp(x: ArrayLike<number>, logSumExp: number, lambda: number): number {
  if (!(lambda > 0 && Number.isFinite(lambda))) {
    throw new RangeError(`lambda must be a finite number > 0 for the energy, got ${String(lambda)}`);
  }
  let squared = 0;
  for (let j = 0; j < x.length; j++) squared += (x[j] as number) ** 2;
  return -logSumExp / lambda + 0.5 * squared;
}
