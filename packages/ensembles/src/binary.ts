import { checkFinite, checkRho, type EnsembleLaw } from './law.js';

/**
 * `log cosh(t)` to full relative precision: `log1p(2 sinh²(t/2))` for `|t| < 20` (no cancellation
 * at small t) and `|t| − log 2 + log1p(e^{−2|t|})` beyond (no overflow).
 */
export function logCosh(t: number): number {
  const a = Math.abs(t);
  if (a < 20) return Math.log1p(2 * Math.sinh(0.5 * a) ** 2);
  return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
}

/**
 * Law of binary patterns `ξ ∈ {−1, +1}^N` with i.i.d. fair signs (beyond the paper, which
 * treats rotation-invariant ensembles). The law of `x·ξ` depends on `x` itself, not only on
 * `ρ`; this law is the one at `x = ρ·s` with `s ∈ {±1}^N` — the case of the theory, where `x`
 * is the pattern `ξ^1` or `ξ^1` with flipped signs. Then
 * `ζ_ρ(λ) = log cosh(λρ)`, `ζ'_ρ(λ) = ρ tanh(λρ)` and, with `m = ε/ρ`,
 * `ζ̂_ρ(ε) = ½[(1+m) log(1+m) + (1−m) log(1−m)]` for `|m| ≤ 1` (binary relative entropy).
 * The norm is exactly `√N`.
 */
export const binaryLaw: EnsembleLaw = {
  name: 'binary',
  typicalNorm: 1,
  normSupport: [1, 1],
  zeta(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return logCosh(lambda * rho);
  },
  zetaPrime(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return rho * Math.tanh(lambda * rho);
  },
  zetaHat(eps: number, rho: number): number {
    checkFinite('eps', eps);
    checkRho(rho);
    const m = Math.abs(eps / rho);
    if (m > 1) return Number.POSITIVE_INFINITY;
    if (m === 1) return Math.LN2;
    // = ½[(1+m) log(1+m) + (1−m) log(1−m)], rearranged so that no O(m) terms cancel at small m.
    return m * Math.atanh(m) + 0.5 * Math.log1p(-m * m);
  },
  normRate(r: number): number {
    return r === 1 ? 0 : Number.POSITIVE_INFINITY;
  },
  maxOverlap(rho: number): number {
    return rho;
  },
  // E e^{λx·ξ} = cosh(λρ)^N exactly at x = ρ·s.
  logPrefactor(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return 0;
  },
  medianNormShift: 0,
};
