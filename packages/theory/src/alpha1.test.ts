import { binaryLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { alpha1, alpha1Limit, lambdaC } from './alpha1.js';
import { phi } from './rem.js';
import { close, LAWS } from './test-helpers.js';

describe('α_1(λ), Eq. (9)', () => {
  it('is where φ_{α,1}(λ) crosses r_ξ² = 1 (checked on the definition by bisection)', () => {
    for (const law of LAWS) {
      for (const lambda of [0.05, 0.5, 1.5, 7]) {
        let low = 0;
        let high = 10;
        for (let i = 0; i < 200; i++) {
          const mid = 0.5 * (low + high);
          if (phi(law, mid, lambda) < 1) low = mid;
          else high = mid;
        }
        expect(close(alpha1(law, lambda), low, 1e-10)).toBe(true);
      }
    }
  });

  it('spherical: α_1 − ½ log λ stays bounded and tends to ½ (paper: α_c ~ ½ log λ)', () => {
    const gaps = [1e2, 1e4, 1e6, 1e8].map((lambda) => alpha1(sphericalLaw, lambda) - 0.5 * Math.log(lambda));
    for (const gap of gaps) expect(gap).toBeGreaterThan(0.49);
    for (const gap of gaps) expect(gap).toBeLessThan(0.51);
    // Expansion: α_1 = ½ + ½ log λ + O(log λ / λ)... the gap converges to ½.
    expect(Math.abs((gaps[3] as number) - 0.5)).toBeLessThan(1e-6);
  });

  it('gaussian: α_1 = λ − λ²/2 below λ = 1 and saturates at exactly ½ for λ ≥ 1 (paper, Sec. V.B)', () => {
    for (const lambda of [0.1, 0.5, 0.99]) expect(close(alpha1(gaussianLaw, lambda), lambda - lambda ** 2 / 2, 1e-13)).toBe(true);
    for (const lambda of [1, 1.5, 10, 1e4]) expect(close(alpha1(gaussianLaw, lambda), 0.5, 1e-13)).toBe(true);
    expect(alpha1Limit(gaussianLaw)).toBe(0.5);
  });

  it('binary: α_1 = λ − log cosh λ, approaching log 2 (all 2^N corners) as λ → ∞', () => {
    expect(close(alpha1(binaryLaw, 0.7), 0.7 - Math.log(Math.cosh(0.7)), 1e-13)).toBe(true);
    expect(alpha1(binaryLaw, 50)).toBeCloseTo(Math.LN2, 12);
    expect(alpha1Limit(binaryLaw)).toBe(Math.LN2);
    expect(alpha1Limit(sphericalLaw)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('λ_c(α): inverse of α_1', () => {
  it('inverts α_1 and matches the Gaussian closed form 1 − √(1 − 2α)', () => {
    for (const law of LAWS) {
      for (const alpha of [0.01, 0.1, 0.3, 0.45]) {
        expect(close(alpha1(law, lambdaC(law, alpha)), alpha, 1e-12)).toBe(true);
      }
    }
    for (const alpha of [0.05, 0.2, 0.49]) {
      expect(close(lambdaC(gaussianLaw, alpha), 1 - Math.sqrt(1 - 2 * alpha), 1e-12)).toBe(true);
    }
  });

  it('is infinite where no λ retrieves (Gaussian α ≥ ½, binary α ≥ log 2) and 0 at α = 0', () => {
    expect(lambdaC(gaussianLaw, 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(lambdaC(binaryLaw, 0.7)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(lambdaC(sphericalLaw, 5))).toBe(true);
    expect(lambdaC(sphericalLaw, 0)).toBe(0);
  });
});
