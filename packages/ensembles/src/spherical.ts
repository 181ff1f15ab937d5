import { checkFinite, checkRho, type EnsembleLaw } from './law.js';

/**
 * Saddle point `c(u) = (√(1+4u²) − 1)/(2u)` of `sup_c [u c + ½ log(1 − c²)]`: the typical
 * cosine between a fixed direction and a spherical pattern tilted by `exp(N u c)`.
 * Written as `2u/(1 + √(1+4u²))`, which is exact at `u = 0` and stable for large `|u|`.
 */
export function sphericalSaddle(u: number): number {
  return (2 * u) / (1 + Math.sqrt(1 + 4 * u * u));
}

/**
 * Law of patterns uniform on the sphere `‖ξ‖² = N`. The overlap `c = x·ξ/(‖x‖‖ξ‖)` has density
 * `∝ (1 − c²)^{(N−3)/2}`, so by Laplace's method
 * `ζ_ρ(λ) = sup_c [λρc + ½ log(1 − c²)] = u c(u) + ½ log(1 − c(u)²)` with `u = λρ`
 * (evaluated as `2u²/(1+s) + ½ log1p(−4u²/(1+s)²)`, `s = √(1+4u²)`, exact to rounding at small u), `ζ'_ρ(λ) = ρ c(λρ)` (envelope theorem), and
 * `ζ̂_ρ(ε) = −½ log(1 − ε²/ρ²)` for `|ε| < ρ`. The norm is exactly `√N`: `Ĩ(r) = 0` at `r = 1`.
 * Finite size: `log E e^{Nuc} = Nζ + ℓ + O(1/N)` with `ℓ = −½ log(1 − c(u)⁴)`.
 */
export const sphericalLaw: EnsembleLaw = {
  name: 'spherical',
  typicalNorm: 1,
  normSupport: [1, 1],
  zeta(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    const u = lambda * rho;
    const s = Math.sqrt(1 + 4 * u * u);
    return (2 * u * u) / (1 + s) + 0.5 * Math.log1p((-4 * u * u) / ((1 + s) * (1 + s)));
  },
  zetaPrime(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    return rho * sphericalSaddle(lambda * rho);
  },
  zetaHat(eps: number, rho: number): number {
    checkFinite('eps', eps);
    checkRho(rho);
    const m = eps / rho;
    if (Math.abs(m) >= 1) return Number.POSITIVE_INFINITY;
    return -0.5 * Math.log1p(-m * m);
  },
  normRate(r: number): number {
    return r === 1 ? 0 : Number.POSITIVE_INFINITY;
  },
  maxOverlap(rho: number): number {
    return rho;
  },
  // Laplace's method on ∫ e^{Nuc}(1 − c²)^{(N−3)/2} dc over its normalisation √(2π/N)(1 + O(1/N)):
  // the Gaussian width 1/√(N|h''|), h'' = −(1 + c²)/(1 − c²)², times (1 − c²)^{−3/2} at the saddle c.
  logPrefactor(lambda: number, rho: number): number {
    checkFinite('lambda', lambda);
    checkRho(rho);
    const c = sphericalSaddle(lambda * rho);
    return -0.5 * Math.log1p(-(c * c * c * c));
  },
  medianNormShift: 0,
};
