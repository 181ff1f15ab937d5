import { checkFinite, checkRho, type EnsembleLaw } from './law.js';

/**
 * Law of patterns with i.i.d. standard normal entries, `ξ ~ N(0, I_N)`. Then
 * `x·ξ ~ N(0, ρ²N)`, so `ζ_ρ(λ) = λ²ρ²/2`, `ζ̂_ρ(ε) = ε²/(2ρ²)`, and `‖ξ‖²` is χ² with N degrees
 * of freedom, whose density of `r = ‖ξ‖/√N` is `∝ r^{N−1} e^{−N r²/2}`: `Ĩ(r) = (r² − 1)/2 − log r`.
 */
export const gaussianLaw: EnsembleLaw = {
  name: 'gaussian',
  typicalNorm: 1,
  normSupport: [0, Number.POSITIVE_INFINITY],
  zeta(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return 0.5 * lambda * lambda * rho * rho;
  },
  zetaPrime(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return lambda * rho * rho;
  },
  zetaHat(eps: number, rho: number): number {
    checkFinite('eps', eps);
    checkRho(rho);
    return (eps * eps) / (2 * rho * rho);
  },
  normRate(r: number): number {
    if (!(r > 0) || !Number.isFinite(r)) return Number.POSITIVE_INFINITY;
    return 0.5 * (r * r - 1) - Math.log(r);
  },
  maxOverlap(): number {
    return Number.POSITIVE_INFINITY;
  },
  // E e^{λx·ξ} = e^{λ²ρ²N/2} exactly.
  logPrefactor(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return 0;
  },
  // The median of χ²_N is N − 2/3 + O(1/N) (Wilson–Hilferty).
  medianNormShift: -2 / 3,
};
