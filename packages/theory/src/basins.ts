import { completeLaw, type EnsembleLaw } from '@dam/ensembles';
import { monotoneRoot } from '@dam/ensembles/internals';
import { alpha1 } from './alpha1.js';
import { phi } from './rem.js';
import { checkAlpha, checkLambda } from './validate.js';

/**
 * Basin size of Section IV: `cos θ_c = φ_{α,r}(λ)/r²` with `r = r_ξ` (= `φ_{α,1}(λ)` for the
 * unit-norm ensembles of the paper). A start `x` on the sphere of the patterns at angle `θ < θ_c`
 * from `ξ^1` is retrieved in one step. `undefined` where `α ≥ α_1(λ)` (no retrieval, no basin).
 * For binary patterns the law assumes `x` is `ξ^1` with a fraction of its signs flipped.
 */
export function cosThetaC(law: EnsembleLaw, alpha: number, lambda: number): number | undefined {
  checkAlpha(alpha);
  checkLambda(lambda);
  if (alpha >= alpha1(law, lambda)) return undefined;
  const r = law.typicalNorm;
  return phi(law, alpha, lambda, r) / (r * r);
}

/** `θ_c` in radians, `acos` of {@link cosThetaC}; `undefined` where there is no basin. */
export function thetaC(law: EnsembleLaw, alpha: number, lambda: number): number | undefined {
  const cos = cosThetaC(law, alpha, lambda);
  return cos === undefined ? undefined : Math.acos(cos);
}

/**
 * `ψ_α(c)` of Section IV: the exponential rate `(1/N) log E #{μ : c^μ ≥ c}` of the number of
 * patterns at overlap `c = ξ^1·ξ^μ/(N r_ξ²)` above the mean, `vφ_{α,r}(v) − v c r²` with `v`
 * from `c r² = d(vφ_{α,r}(v))/dv` on the uncondensed branch, i.e. `α − ζ̂_r(c r²)`. (The paper
 * prints an extra `+α`; with it the root would be the closest pair among all `e^{2αN}` pairs,
 * contradicting its own `cos θ_c ≥ c_max` with equality as `λ → ∞`, so we drop it.)
 */
export function psi(law: EnsembleLaw, alpha: number, c: number): number {
  checkAlpha(alpha);
  const r = law.typicalNorm;
  const eps = c * r * r;
  if (eps > law.maxOverlap(r)) return Number.NEGATIVE_INFINITY;
  return alpha - completeLaw(law).zetaHat(eps, r);
}

/**
 * `c_max(α)`: the largest root of `ψ_α` (generalised Gilbert–Varshamov bound), the cosine of
 * the angle to the nearest of the other `e^{αN}` patterns, `θ_*(α) = acos c_max`. Solved on
 * `ζ̂` directly (independently of `ε_*`, which it equals).
 */
export function cMax(law: EnsembleLaw, alpha: number): number {
  checkAlpha(alpha);
  const r = law.typicalNorm;
  const r2 = r * r;
  const complete = completeLaw(law);
  const mean = complete.zetaPrime(0, r) / r2;
  if (alpha === 0) return mean;
  const top = law.maxOverlap(r) / r2;
  return monotoneRoot((c) => -psi(law, alpha, c), mean, top);
}
