import { checkRho, completeLaw, type EnsembleLaw } from '@dam/ensembles';
import { monotoneRoot } from '@dam/ensembles/internals';
import { checkAlpha, checkLambda } from './validate.js';

/**
 * Entropy density of the REM levels that dominate at inverse temperature λ:
 * `s(λ) = λζ'_ρ(λ) − ζ_ρ(λ) = ζ̂_ρ(ζ'_ρ(λ))`. The REM with `P = e^{αN}` levels is condensed
 * (frozen) exactly when `α ≤ s(λ)`, so `s` is the inverse of `λ_*(α, ρ)` (Eq. 7).
 */
export function condensationEntropy(law: EnsembleLaw, lambda: number, rho: number): number {
  const complete = completeLaw(law);
  const entropy = lambda * complete.zetaPrime(lambda, rho) - complete.zeta(lambda, rho);
  return Math.min(entropy, maxEntropy(law, rho));
}

/**
 * `sup_λ s(λ) = ζ̂_ρ(maxOverlap(ρ))`: the entropy of the top of the support (`log 2` for binary
 * patterns, `Infinity` for unbounded or log-divergent ones). Loads above it never condense.
 */
export function maxEntropy(law: EnsembleLaw, rho: number): number {
  const top = law.maxOverlap(rho);
  return Number.isFinite(top) ? completeLaw(law).zetaHat(top, rho) : Number.POSITIVE_INFINITY;
}

/**
 * Condensation temperature of the REM, Eq. (7): `λ_*(α, ρ) = ζ̂'_ρ(ε_*)`, found as the root of
 * `λζ'_ρ(λ) − ζ_ρ(λ) = α` (the same thing, parametrised by λ). `Infinity` when even `λ → ∞`
 * does not condense the REM (binary patterns at `α ≥ log 2`).
 */
export function lambdaStarAt(law: EnsembleLaw, alpha: number, rho: number): number {
  checkAlpha(alpha);
  checkRho(rho);
  if (alpha === 0) return 0;
  if (alpha >= maxEntropy(law, rho)) return Number.POSITIVE_INFINITY;
  return monotoneRoot((l) => condensationEntropy(law, l, rho) - alpha, 0, Number.POSITIVE_INFINITY);
}

/**
 * Ground-state energy of the REM, Eq. (7): `ε_*(α, ρ)`, the largest ε with `ζ̂_ρ(ε) ≤ α`,
 * computed as `ζ'_ρ(λ_*)`; `maxOverlap(ρ)` when `λ_* = ∞`.
 */
export function epsStarAt(law: EnsembleLaw, alpha: number, rho: number): number {
  const lambdaStar = lambdaStarAt(law, alpha, rho);
  if (lambdaStar === Number.POSITIVE_INFINITY) return law.maxOverlap(rho);
  return completeLaw(law).zetaPrime(lambdaStar, rho);
}

/** Value of the REM free-energy density and which branch of Eq. (7) it is on. */
export interface PhiValue {
  /** `φ_{α,ρ}(λ)`. */
  readonly value: number;
  /** `true` on the frozen branch `λ ≥ λ_*(α, ρ)` where `φ = ε_*`. */
  readonly condensed: boolean;
}

/**
 * REM free-energy density of Eq. (7) with its branch:
 * `φ_{α,ρ}(λ) = (α + ζ_ρ(λ))/λ` for `λ < λ_*(α, ρ)`, `ε_*(α, ρ)` for `λ ≥ λ_*`.
 * The branch test is `α > λζ'_ρ(λ) − ζ_ρ(λ)` ⇔ `λ < λ_*`, and on the frozen branch `λ_*` lies
 * in `(0, λ]`, so no unbounded search is needed.
 */
export function phiBranch(law: EnsembleLaw, alpha: number, lambda: number, rho: number): PhiValue {
  checkAlpha(alpha);
  checkLambda(lambda);
  checkRho(rho);
  const complete = completeLaw(law);
  const zeta = complete.zeta(lambda, rho);
  const entropy = lambda * complete.zetaPrime(lambda, rho) - zeta;
  if (alpha > entropy) return { value: (alpha + zeta) / lambda, condensed: false };
  if (alpha === 0) return { value: complete.zetaPrime(0, rho), condensed: true };
  const lambdaStar = monotoneRoot((l) => condensationEntropy(law, l, rho) - alpha, 0, lambda);
  return { value: complete.zetaPrime(lambdaStar, rho), condensed: true };
}

/**
 * REM free-energy density `φ_{α,ρ}(λ)` of Eq. (7) (both branches), the large-N limit of
 * `Φ(x)` of Eq. (4) at `‖x‖ = ρ√N`. `ρ` defaults to the ensemble's typical norm `r_ξ`.
 */
export function phi(law: EnsembleLaw, alpha: number, lambda: number, rho = law.typicalNorm): number {
  return phiBranch(law, alpha, lambda, rho).value;
}

/** `λ_*(α)` of Eq. (7) at the typical norm: above it the auxiliary REM is condensed. */
export function lambdaStar(law: EnsembleLaw, alpha: number): number {
  return lambdaStarAt(law, alpha, law.typicalNorm);
}

/** `ε_*(α)` of Eq. (7) at the typical norm: the largest overlap `ξ^1·ξ^μ/N` among `e^{αN}` patterns. */
export function epsStar(law: EnsembleLaw, alpha: number): number {
  return epsStarAt(law, alpha, law.typicalNorm);
}
