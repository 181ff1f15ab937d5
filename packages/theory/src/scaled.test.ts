import { gaussianLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { alphaCLowerBound } from './alpha-c.js';
import { alpha1 } from './alpha1.js';
import { scaledAlpha1, scaledAlphaC, unscale } from './scaled.js';
import { LAWS } from './test-helpers.js';

describe('scaled regime λ = λ̃/N^a (Section VI)', () => {
  it('α̃_1 = α̃_c = λ̃ for unit-norm ensembles', () => {
    for (const law of LAWS) {
      expect(scaledAlpha1(law, 0.7)).toBe(0.7);
      expect(scaledAlphaC(law, 0.7)).toBe(0.7);
    }
  });

  it('is the N → ∞ limit of the unscaled thresholds: N^a α_1(λ̃/N^a) → λ̃', () => {
    // α_1(λ) = λ − O(λ²) at small λ for every law with E ξ = 0, so the error is O(λ̃² N^{−a}).
    for (const law of LAWS) {
      const lambdaTilde = 1.3;
      const a = 0.5;
      for (const N of [1e6, 1e10]) {
        const { lambda } = unscale(lambdaTilde, 0, a, N);
        const rescaled = alpha1(law, lambda) * N ** a;
        expect(Math.abs(rescaled - scaledAlpha1(law, lambdaTilde))).toBeLessThan(lambdaTilde ** 2 / N ** a);
      }
    }
  });

  it('the Gaussian gap closes in the scaled limit: N^a α_c^lb(λ̃/N^a) → λ̃ (slowly, as √λ)', () => {
    const lambdaTilde = 1;
    const gaps = [1e4, 1e8, 1e12].map((N) => lambdaTilde - alphaCLowerBound(gaussianLaw, lambdaTilde / N ** 0.5) * N ** 0.5);
    expect(gaps[1]).toBeLessThan(gaps[0] as number);
    expect(gaps[2]).toBeLessThan(gaps[1] as number);
    expect(gaps[2]).toBeLessThan(0.01);
  });

  it('converts (λ̃, α̃) to (λ, α, log P) and validates a and N', () => {
    const point = unscale(2, 0.5, 0.5, 100);
    expect(point.lambda).toBeCloseTo(0.2, 15);
    expect(point.alpha).toBeCloseTo(0.05, 15);
    expect(point.logP).toBeCloseTo(5, 15);
    expect(() => unscale(1, 1, 1, 10)).toThrow(/a must be in \(0, 1\), got 1/);
    expect(() => unscale(1, 1, 0.5, 0)).toThrow(/N must be a finite number ≥ 1, got 0/);
  });
});
