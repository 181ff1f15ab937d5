import { type EnsembleLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { lambdaC } from './alpha1.js';
import { finiteSizeLaw, lambdaHalfFiniteSize } from './finite-size.js';

/**
 * Oracle: the one-dimensional map along ξ¹ at finite N, with the bulk's sum replaced by its mean
 * (`P − 1 ≈ e^{αN}` patterns) and nothing expanded in 1/N. With `x = qξ¹` (‖ξ¹‖² = r2·N) and
 * `c = ξ¹·ξ/N` of log-density `logDensity` (up to a constant), one update gives
 * `q' = f(q) = (e^{λq·r2·N} + Z·m/r2)/(e^{λq·r2·N} + Z)`, `Z = e^{αN} E[e^{λqNc}]`, `m = E[c e^{λqNc}]/E[e^{λqNc}]`
 * (trapezoidal quadrature, ≥ 30 points per standard deviation of c). `f` is increasing with
 * `f(1) < 1`, so the run from `q = 1` decreases to the largest fixed point: it retrieves iff
 * `f(q) ≥ q` somewhere near 1 (`max f(q) − q` by golden section on `[1 − 40/N, 1]`, which holds the
 * saddle-node at `1 − δ`, `δ ≈ 1/(Nλ_cΔ′) ≈ 6/N`). The critical λ is found by bisection.
 */
function oracleCriticalLambda(N: number, alpha: number, logDensity: (c: number) => number, [lo, hi]: [number, number], r2 = 1): number {
  const grid = 4001;
  const cs = Array.from({ length: grid }, (_, i) => -1 + (2 * i) / (grid - 1));
  const base = cs.map(logDensity);
  const baseMax = Math.max(...base.filter(Number.isFinite));
  const logNorm = baseMax + Math.log(base.reduce((sum, v) => sum + Math.exp(v - baseMax), 0));
  const gap = (q: number, lambda: number): number => {
    const exponents = base.map((v, i) => v + lambda * q * N * (cs[i] as number));
    const top = Math.max(...exponents.filter(Number.isFinite));
    let sum = 0;
    let sumC = 0;
    exponents.forEach((v, i) => {
      const w = Math.exp(v - top);
      sum += w;
      sumC += w * (cs[i] as number);
    });
    const logZ = alpha * N + top + Math.log(sum) - logNorm;
    const logA = lambda * q * r2 * N;
    const shift = Math.max(logA, logZ);
    const a = Math.exp(logA - shift);
    const z = Math.exp(logZ - shift);
    return (a + z * (sumC / sum / r2)) / (a + z) - q;
  };
  const retrieves = (lambda: number): boolean => {
    const golden = (Math.sqrt(5) - 1) / 2;
    let [a, b] = [1 - 40 / N, 1];
    for (let k = 0; k < 60; k++) {
      const left = b - golden * (b - a);
      const right = a + golden * (b - a);
      if (gap(left, lambda) > gap(right, lambda)) b = right;
      else a = left;
    }
    return gap(0.5 * (a + b), lambda) >= 0;
  };
  for (let k = 0; k < 30; k++) {
    const mid = 0.5 * (lo + hi);
    if (retrieves(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

const spherical = (N: number) => (c: number) => 0.5 * (N - 3) * Math.log1p(-c * c);
/** `c = ξ¹·ξ/N` for Gaussian ξ given ‖ξ¹‖² = r2·N: normal of variance r2/N. */
const gaussianOverlap =
  (N: number, r2 = 1) =>
  (c: number) =>
    (-0.5 * N * c * c) / r2;
/** The Gaussian law with ‖ξ¹‖² = N exactly (no norm fluctuation), as in the oracle. */
const gaussianFixedNorm: EnsembleLaw = { ...gaussianLaw, medianNormShift: 0 };

describe('finiteSizeLaw', () => {
  it('has the log N / N coefficient 1/(r² − ζ′(λ_c)) in closed form', () => {
    // Spherical: ζ′(λ) = c(λ) = 2λ/(1 + √(1 + 4λ²)); Gaussian: ζ′ = λ, λ_c = 1 − √(1 − 2α).
    const lambdaS = lambdaC(sphericalLaw, 0.2);
    expect(finiteSizeLaw(sphericalLaw, 0.2).logCoefficient).toBeCloseTo(
      1 / (1 - (2 * lambdaS) / (1 + Math.sqrt(1 + 4 * lambdaS ** 2))),
      12,
    );
    expect(finiteSizeLaw(gaussianLaw, 0.2).logCoefficient).toBeCloseTo(1 / Math.sqrt(1 - 0.4), 9);
    // Gaussian constant: C = 1 + log(λΔ′²) + 0 + (2/3)λ(1 − λ/2), Δ′ = 1 − λ = √(1 − 2α).
    const lambdaG = 1 - Math.sqrt(0.6);
    const constant = 1 + Math.log(lambdaG * 0.6) + (2 / 3) * lambdaG * (1 - lambdaG / 2);
    expect(finiteSizeLaw(gaussianLaw, 0.2).constant).toBeCloseTo(constant / Math.sqrt(0.6), 9);
  });

  it('is the limit of lambdaHalfFiniteSize: (λ_th − λ_c)·N − a log N → b like log²N / N', () => {
    const law = finiteSizeLaw(sphericalLaw, 0.2);
    const remainder = (N: number) =>
      (lambdaHalfFiniteSize(sphericalLaw, 0.2, N) - law.lambdaC) * N - law.logCoefficient * Math.log(N) - law.constant;
    for (const N of [1e3, 1e4, 1e5, 1e6]) expect(Math.abs(remainder(N))).toBeLessThan((3 * Math.log(N) ** 2) / N);
  });

  it('refuses what it cannot derive, naming why', () => {
    expect(() => finiteSizeLaw(gaussianLaw, 0.5)).toThrow(/finite λ_c/);
    const { logPrefactor: _, ...bare } = sphericalLaw;
    expect(() => finiteSizeLaw(bare, 0.2)).toThrow(/logPrefactor \(ensemble spherical\)/);
    expect(() => lambdaHalfFiniteSize(sphericalLaw, 0.2, 1)).toThrow(/N must be a finite number > 1/);
    expect(() => lambdaHalfFiniteSize(sphericalLaw, 0.2, 2)).toThrow(/N = 2 is too small/);
  });
});

describe('lambdaHalfFiniteSize', () => {
  // The derivation keeps every term down to O(1/N) in the saddle-node condition; what it drops is
  // O(1/N²) in λ. So N²·|λ_th − oracle| must stay bounded (and not grow) as N doubles.
  it.each([
    ['spherical', sphericalLaw, spherical],
    ['gaussian (fixed norm)', gaussianFixedNorm, gaussianOverlap],
  ] as const)('agrees with the finite-N one-dimensional map to O(1/N²): %s', (_, law, density) => {
    const scaled = [200, 400, 800, 1600].map((N) => {
      const predicted = lambdaHalfFiniteSize(law, 0.2, N);
      const oracle = oracleCriticalLambda(N, 0.2, density(N), [0.2, 0.5]);
      return N * N * Math.abs(predicted - oracle);
    });
    for (const value of scaled) expect(value).toBeLessThan(10);
    // Bounded and flat: dropping ℓ (spherical ℓ(λ_c) ≈ 0.001) would make it fall from 6.0 to 4.2.
    expect(Math.abs((scaled.at(-1) as number) - (scaled[0] as number))).toBeLessThan(0.5);
  });

  it('puts the Gaussian λ½ at the median norm: against the map at ‖ξ¹‖² = N − 2/3 (the median of χ²_N to O(1/N))', () => {
    // The s = −2/3 term shifts λ by ≈ 0.17/N; with its sign flipped the law would be off by 0.34/N,
    // i.e. N²·|Δλ| ≈ 0.34N, far beyond the bound.
    const scaled = [200, 400, 800, 1600].map((N) => {
      const r2 = 1 - 2 / (3 * N);
      const oracle = oracleCriticalLambda(N, 0.2, gaussianOverlap(N, r2), [0.2, 0.5], r2);
      return N * N * Math.abs(lambdaHalfFiniteSize(gaussianLaw, 0.2, N) - oracle);
    });
    for (const value of scaled) expect(value).toBeLessThan(10);
  });
});
