import { sphericalLaw } from '@dam/ensembles';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alpha1 } from './alpha1.js';
import { lambertW0, ramsauerCapacity, ramsauerLowerBound } from './ramsauer.js';

describe('lambertW0', () => {
  it('solves w e^w = x on [−1/e, ∞) (property) and hits the known values', () => {
    fc.assert(
      fc.property(fc.double({ min: -1 / Math.E + 1e-9, max: 1e12, noNaN: true }), (x) => {
        const w = lambertW0(x);
        return Math.abs(w * Math.exp(w) - x) <= 1e-12 * Math.max(1, Math.abs(x)) && w >= -1;
      }),
    );
    expect(lambertW0(Math.E)).toBeCloseTo(1, 15);
    expect(lambertW0(0.5671432904097838 * Math.exp(0.5671432904097838))).toBeCloseTo(0.5671432904097838, 15);
    expect(() => lambertW0(-1)).toThrow(/x ≥ −1\/e/);
  });
});

describe('Ramsauer et al. (2021), Theorem 3', () => {
  it('reproduces the two constants their paper states (c ≥ 3.1546 and c ≥ 1.3718)', () => {
    // β = 1, K = 3, d = 20, p = 0.001 → βK² = 9 = λN/(N − 1); and β = 1, K = 1, d = 75.
    // They print the constants truncated to 4 decimals.
    const first = ramsauerCapacity((9 * 19) / 20, 20, 0.001).c;
    const second = ramsauerCapacity((1 * 74) / 75, 75, 0.001).c;
    expect(first).toBeGreaterThanOrEqual(3.1546);
    expect(first).toBeLessThan(3.1547);
    expect(second).toBeGreaterThanOrEqual(1.3718);
    expect(second).toBeLessThan(1.3719);
  });

  it('converges to W_0(2λ/5)/4 as N → ∞ (the dashed line of Fig. 1)', () => {
    for (const lambda of [0.5, 2, 20]) {
      const errors = [1e3, 1e5, 1e7].map((N) => Math.abs(ramsauerCapacity(lambda, N, 0.01).alpha - ramsauerLowerBound(lambda)));
      expect(errors[1]).toBeLessThan(errors[0] as number);
      expect(errors[2]).toBeLessThan(1e-5);
    }
  });

  it('is weaker than α_c = α_1 at every λ, and grows at half its rate (¼ log λ vs ½ log λ)', () => {
    for (let k = -20; k <= 60; k++) {
      const lambda = 10 ** (k / 10);
      expect(ramsauerLowerBound(lambda)).toBeLessThan(alpha1(sphericalLaw, lambda));
    }
    // d W_0(x)/d log x = W/(1 + W) → 1 slowly, so the slope in log λ creeps up to ¼.
    const slope = (f: (lambda: number) => number): number => (f(1e8) - f(1e6)) / Math.log(100);
    expect(slope(ramsauerLowerBound)).toBeGreaterThan(0.22);
    expect(slope(ramsauerLowerBound)).toBeLessThan(0.25);
    // α_1 = λ − ζ(λ) loses ~λ·1e-16 to cancellation, so measure its slope at moderate λ.
    const alpha1Slope = (alpha1(sphericalLaw, 1e7) - alpha1(sphericalLaw, 1e5)) / Math.log(100);
    expect(alpha1Slope).toBeCloseTo(0.5, 4);
  });

  it('reports when the theorem does not apply, and validates N and p', () => {
    // λ = 0.01, N = 10, p = 1: c ≈ 1.14 < 2^{4/9} ≈ 1.36.
    expect(ramsauerCapacity(0.01, 10, 1).applies).toBe(false);
    expect(ramsauerCapacity(0.01, 10, 1).alpha).toBe(Number.NEGATIVE_INFINITY);
    expect(() => ramsauerCapacity(1, 1, 0.1)).toThrow(/N must be an integer ≥ 2, got 1/);
    expect(() => ramsauerCapacity(1, 10, 0)).toThrow(/p must be in \(0, 1\], got 0/);
  });
});
