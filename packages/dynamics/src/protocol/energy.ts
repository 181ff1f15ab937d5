import { type AttentionBackend, createReferenceBackend, energyFromLogSumExp, type Matrix } from '@dam/kernels';
import { checkQuery } from '@dam/kernels/internals';

/**
 * Energy of Eq. (1), `E(x) = −(1/λ) log Σ_μ exp(λ ξ^μ·x) + ½‖x‖²`, for the patterns `Ξ` (one per
 * row of `patterns`) at inverse temperature `λ > 0`. The log-sum-exp comes from the backend's
 * attention step (float64 in the reference backend, the default), combined by
 * `energyFromLogSumExp` of `@dam/kernels`.
 */
export function energy(patterns: Matrix, x: Float32Array, lambda: number, backend?: AttentionBackend): number {
  checkQuery(patterns, x);
  const { logSumExp } = (backend ?? createReferenceBackend()).step(patterns, x, lambda);
  return energyFromLogSumExp(x, logSumExp, lambda);
}

/**
 * Gradient of the energy of Eq. (1): `∇E(x) = x − Ξᵀ softmax(λΞx)` (float64, length `N`).
 * A gradient step at rate `η` is `x − η∇E(x)`; at `η = 1` it is the attention update of Eq. (2).
 */
export function gradient(patterns: Matrix, x: Float32Array, lambda: number, backend?: AttentionBackend): Float64Array {
  checkQuery(patterns, x);
  const { next } = (backend ?? createReferenceBackend()).step(patterns, x, lambda);
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = (x[j] as number) - (next[j] as number);
  return out;
}
