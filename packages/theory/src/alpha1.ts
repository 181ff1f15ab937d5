import { checkRho, completeLaw, type EnsembleLaw } from '@dam/ensembles';
import { monotoneRoot } from '@dam/ensembles/internals';
import { checkAlpha, checkLambda, MAX_LAMBDA } from './validate.js';

/**
 * Single-pattern threshold of Eq. (9) for a reference pattern of norm `r√N`:
 * `sup{α : φ_{α,r}(λ) < r²}`. Solving Eq. (7) branch by branch gives the closed expression
 * `λr² − ζ_r(λ)` when `ζ'_r(λ) < r²` (REM not condensed at the threshold) and `ζ̂_r(r²)`
 * otherwise; equivalently `sup_{λ' ≤ λ} [λ' r² − ζ_r(λ')]`, non-decreasing in λ.
 */
export function alpha1AtNorm(law: EnsembleLaw, lambda: number, r: number): number {
  checkLambda(lambda);
  checkRho(r);
  const complete = completeLaw(law);
  const r2 = r * r;
  if (complete.zetaPrime(lambda, r) < r2) return lambda * r2 - complete.zeta(lambda, r);
  return complete.zetaHat(r2, r);
}

/**
 * `α_1(λ)` of Eq. (9): the largest load at which a typical pattern (norm `r_ξ√N`) is retrieved.
 * Spherical: `λ − ζ_1(λ) ≈ ½ + ½ log λ`; Gaussian: `λ − λ²/2` for `λ < 1`, `½` for `λ ≥ 1`.
 */
export function alpha1(law: EnsembleLaw, lambda: number): number {
  return alpha1AtNorm(law, lambda, law.typicalNorm);
}

/** Supremum of `α_1(λ)` over λ, reached as `λ → ∞`: `ζ̂_{r_ξ}(r_ξ²)` (spherical ∞, Gaussian ½, binary log 2). */
export function alpha1Limit(law: EnsembleLaw): number {
  const r = law.typicalNorm;
  return completeLaw(law).zetaHat(r * r, r);
}

/**
 * `λ_c(α)`: the inverse of `α_1`, the smallest λ at which a typical pattern is retrieved at
 * load α (root of `α_1(λ) = α`). `Infinity` when `α ≥ sup_λ α_1` (e.g. Gaussian `α ≥ ½`) or
 * when the root lies beyond the largest admissible λ, `MAX_LAMBDA`.
 */
export function lambdaC(law: EnsembleLaw, alpha: number): number {
  checkAlpha(alpha);
  if (alpha === 0) return 0;
  if (alpha >= alpha1Limit(law)) return Number.POSITIVE_INFINITY;
  const root = monotoneRoot((lambda) => alpha1(law, lambda) - alpha, 0, MAX_LAMBDA);
  return root >= MAX_LAMBDA ? Number.POSITIVE_INFINITY : root;
}
