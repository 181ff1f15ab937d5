import type { EnsembleLaw } from '@dam/ensembles';

/**
 * Scaled regime of Section VI, `λ = λ̃/N^a` and `P = exp(α̃ N^{1−a})` with `a ∈ (0, 1)`: the REM
 * is dominated by its entropy, `λNΦ ≈ α̃ N^{1−a}`, against the signal `λ̃ N^{1−a} r_ξ²`, so
 * `α̃_1 = α̃_c = λ̃ r_ξ²` for every ensemble (`= λ̃` for unit norm).
 */
export function scaledAlpha1(law: EnsembleLaw, lambdaTilde: number): number {
  if (!(lambdaTilde > 0 && Number.isFinite(lambdaTilde))) {
    throw new RangeError(`lambdaTilde must be a finite number > 0, got ${String(lambdaTilde)}`);
  }
  return lambdaTilde * law.typicalNorm ** 2;
}

/** `α̃_c` of Section VI; equal to {@link scaledAlpha1} (no rare-event gap at this scale). */
export function scaledAlphaC(law: EnsembleLaw, lambdaTilde: number): number {
  return scaledAlpha1(law, lambdaTilde);
}

/** A point of the scaled regime expressed in the unscaled variables of Eq. (1) at size N. */
export interface UnscaledPoint {
  /** `λ = λ̃ / N^a`. */
  readonly lambda: number;
  /** `α = log P / N = α̃ N^{−a}`. */
  readonly alpha: number;
  /** `log P = α̃ N^{1−a}`. */
  readonly logP: number;
}

/** Converts `(λ̃, α̃)` at exponent `a` and size `N` into `(λ, α)` of Eq. (1). */
export function unscale(lambdaTilde: number, alphaTilde: number, a: number, N: number): UnscaledPoint {
  if (!(a > 0 && a < 1)) throw new RangeError(`a must be in (0, 1), got ${String(a)}`);
  if (!(N >= 1 && Number.isFinite(N))) throw new RangeError(`N must be a finite number ≥ 1, got ${String(N)}`);
  const scale = N ** a;
  return { lambda: lambdaTilde / scale, alpha: alphaTilde / scale, logP: alphaTilde * N ** (1 - a) };
}
