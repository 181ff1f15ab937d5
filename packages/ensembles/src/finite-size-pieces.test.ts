import { describe, expect, it } from 'vitest';
import { gaussianLaw } from './gaussian.js';
import { sphericalLaw } from './spherical.js';

/** log ∫ e^{f(x)} dx over [a, b] by the trapezoid rule on `n` points, in log space. */
function logIntegral(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / (n - 1);
  const values = Array.from({ length: n }, (_, i) => f(a + i * h));
  let top = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > top) top = v;
  const sum = values.reduce((acc, v, i) => acc + (i === 0 || i === n - 1 ? 0.5 : 1) * Math.exp(v - top), 0);
  return top + Math.log(sum * h);
}

describe('the finite-size pieces of the laws, against their finite-N definitions', () => {
  // ℓ = lim [log E e^{λNc} − Nζ(λ)] with c of density ∝ (1 − c²)^{(N−3)/2}: the exact value by
  // quadrature (the integrand's width 1/√N spans ≥ 100 grid steps) differs from the limit by O(1/N),
  // with coefficients 0.002–0.011 over these λ: so |difference| < 0.05/N, which at N = 100 is already
  // ≤ 1/2 of ℓ itself (ℓ = 0.0010, 0.0149, 0.0789) at λ = 0.22 and 10× below it beyond.
  it.each([0.22, 0.5, 1])('spherical logPrefactor at λ = %s: log E e^{λNc} − Nζ → ℓ like 1/N', (lambda) => {
    for (const N of [100, 400, 1600]) {
      const density = (c: number) => ((N - 3) / 2) * Math.log1p(-c * c);
      const exact = logIntegral((c) => lambda * N * c + density(c), -1, 1, 200_001) - logIntegral(density, -1, 1, 200_001);
      const difference = exact - N * sphericalLaw.zeta(lambda, 1) - (sphericalLaw.logPrefactor?.(lambda, 1) as number);
      expect(Math.abs(difference)).toBeLessThan(0.05 / N);
    }
  });

  // The median m of χ²_N (density ∝ x^{N/2−1} e^{−x/2}) found from its cumulative integral:
  // N(m/N − 1) = m − N → −2/3 with an O(1/N) correction (Wilson–Hilferty: −2/3 + 8/(81N)…).
  it('gaussian medianNormShift: the median of χ²_N is N − 2/3 + O(1/N)', () => {
    for (const N of [200, 800, 3200]) {
      const logDensity = (x: number) => (N / 2 - 1) * Math.log(x) - x / 2;
      const [a, b] = [Math.max(1e-9, N - 12 * Math.sqrt(2 * N)), N + 12 * Math.sqrt(2 * N)];
      const total = logIntegral(logDensity, a, b, 40_001);
      let [lo, hi] = [N - 5, N + 5];
      for (let k = 0; k < 40; k++) {
        const mid = 0.5 * (lo + hi);
        if (logIntegral(logDensity, a, mid, 40_001) < total - Math.LN2) lo = mid;
        else hi = mid;
      }
      expect(Math.abs(0.5 * (lo + hi) - N - (gaussianLaw.medianNormShift as number))).toBeLessThan(0.5 / N + 1e-3);
    }
  });
});
