import { binaryLaw, completeLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { minimizeOnInterval } from '@dam/ensembles/internals';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epsStar, lambdaStar, phi, phiBranch } from './rem.js';
import { close, LAWS } from './test-helpers.js';

describe('REM free energy φ_{α,ρ}(λ), Eq. (7)', () => {
  it('equals the variational formula max_{ζ̂(ε) ≤ α} [ε + (α − ζ̂(ε))/λ] evaluated by brute force', () => {
    // Independent derivation: the REM free energy as a maximum over the energy of the dominant
    // levels, with entropy α − ζ̂(ε) ≥ 0; no branch logic, no λ_*.
    for (const law of LAWS) {
      const complete = completeLaw(law);
      for (const alpha of [0.02, 0.2, 0.5, 1.1]) {
        for (const lambda of [0.05, 0.4, 1, 3, 20]) {
          const rho = 1;
          const top = Math.min(law.maxOverlap(rho), 6);
          const objective = (eps: number): number => {
            const hat = complete.zetaHat(eps, rho);
            return hat > alpha ? Number.POSITIVE_INFINITY : -(eps + (alpha - hat) / lambda);
          };
          const best = minimizeOnInterval(objective, 0, top, 4001);
          expect(close(phi(law, alpha, lambda, rho), -best.value, 1e-9)).toBe(true);
        }
      }
    }
  });

  it('has the closed forms of the spherical and Gaussian cases for λ_* and ε_*', () => {
    for (const alpha of [0.01, 0.2, 1, 3]) {
      const e2a = Math.exp(2 * alpha);
      expect(close(lambdaStar(sphericalLaw, alpha), Math.sqrt(1 - 1 / e2a) * e2a, 1e-12)).toBe(true);
      expect(close(epsStar(sphericalLaw, alpha), Math.sqrt(1 - 1 / e2a), 1e-12)).toBe(true);
      expect(close(lambdaStar(gaussianLaw, alpha), Math.sqrt(2 * alpha), 1e-12)).toBe(true);
      expect(close(epsStar(gaussianLaw, alpha), Math.sqrt(2 * alpha), 1e-12)).toBe(true);
    }
  });

  it('is continuous across λ_* and frozen at ε_* beyond it', () => {
    for (const law of LAWS) {
      const alpha = 0.3;
      const star = lambdaStar(law, alpha);
      const below = phiBranch(law, alpha, star * (1 - 1e-9), 1);
      const above = phiBranch(law, alpha, star * (1 + 1e-9), 1);
      expect(below.condensed).toBe(false);
      expect(above.condensed).toBe(true);
      expect(close(below.value, above.value, 1e-8)).toBe(true);
      expect(close(phi(law, alpha, 10 * star), epsStar(law, alpha), 1e-12)).toBe(true);
    }
  });

  it('decreases in λ and increases in α (property)', () => {
    for (const law of LAWS) {
      fc.assert(
        fc.property(
          fc.oneof(fc.constant(0), fc.double({ min: 1e-10, max: 2, noNaN: true })),
          fc.double({ min: 1e-3, max: 50, noNaN: true }),
          fc.double({ min: 1.001, max: 3, noNaN: true }),
          (alpha, lambda, factor) =>
            phi(law, alpha, lambda * factor) <= phi(law, alpha, lambda) * (1 + 1e-12) + 1e-300 &&
            phi(law, alpha * factor, lambda) >= phi(law, alpha, lambda) * (1 - 1e-12),
        ),
        { numRuns: 200 },
      );
    }
  });

  it('rejects invalid α, λ and ρ with a message naming them', () => {
    expect(() => phi(sphericalLaw, -0.1, 1)).toThrow(/alpha must be a finite number ≥ 0, got -0.1/);
    expect(() => phi(sphericalLaw, 0.1, 0)).toThrow(/lambda must be a number in \(0, 1e8\], got 0/);
    expect(() => phi(sphericalLaw, 0.1, Number.NaN)).toThrow(/lambda must be a number in \(0, 1e8\], got NaN/);
    expect(() => phi(sphericalLaw, 0.1, 1, -1)).toThrow(/rho must be a finite positive number, got -1/);
  });
});

describe('binary patterns at the top of the support', () => {
  it('never condense at α ≥ log 2 (λ_* = ∞, ε_* = 1) and condense just below it', () => {
    expect(lambdaStar(binaryLaw, Math.LN2)).toBe(Number.POSITIVE_INFINITY);
    expect(lambdaStar(binaryLaw, 0.7)).toBe(Number.POSITIVE_INFINITY);
    expect(epsStar(binaryLaw, 0.7)).toBe(1);
    // s(λ) = λ tanh λ − log cosh λ ≈ log 2 − 2λe^{−2λ}: at α = log 2 − 1e-6 the root is near λ ≈ 8.
    const below = lambdaStar(binaryLaw, Math.LN2 - 1e-6);
    expect(below).toBeGreaterThan(5);
    expect(below).toBeLessThan(10);
  });
});
