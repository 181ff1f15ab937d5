import { type EnsembleLaw, numericalOnly, sphericalLaw } from '@dam/ensembles';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaCLowerBound } from './alpha-c.js';
import { alphaStar } from './alpha-star.js';
import { alpha1, lambdaC } from './alpha1.js';
import { cMax, cosThetaC } from './basins.js';
import { logGrid, phaseDiagram } from './phase-diagram.js';
import { epsStar, lambdaStar, phi } from './rem.js';
import { close, LAWS } from './test-helpers.js';

describe('phaseDiagram', () => {
  it('returns every curve on the grid, with the Ramsauer bound for spherical patterns only', () => {
    const grid = logGrid(0.01, 100, 200);
    expect(grid).toHaveLength(200);
    expect(grid[0]).toBe(0.01);
    expect(grid[199]).toBe(100);
    for (const law of LAWS) {
      const diagram = phaseDiagram(law, grid);
      expect(diagram.alpha1).toHaveLength(200);
      expect(diagram.alphaCLowerBound).toHaveLength(200);
      expect(diagram.alphaStar).toHaveLength(200);
      expect(diagram.ramsauerLowerBound !== undefined).toBe(law === sphericalLaw);
      expect(diagram.alpha1[57]).toBe(alpha1(law, grid[57] as number));
    }
    expect(() => phaseDiagram(sphericalLaw, [1, -1])).toThrow(/lambda must be a number in \(0, 1e8\], got -1/);
    expect(() => logGrid(1, 0.5, 10)).toThrow(/max must exceed min/);
  });
});

describe.each(LAWS.map((law) => [law.name, law] as const))('%s: closed forms agree with the generic numerical path', (_name, law) => {
  const numeric: EnsembleLaw = numericalOnly(law);
  // Tolerance 1e-8 (relative above 1): the numerical path differentiates ζ by a five-point
  // stencil (error ~1e-11) and Legendre-transforms it by root finding (stationary value).
  it('for α_1, α_c^lb, α_* on a λ grid', () => {
    for (const lambda of logGrid(0.01, 1000, 25)) {
      expect(close(alpha1(numeric, lambda), alpha1(law, lambda), 1e-8)).toBe(true);
      expect(close(alphaCLowerBound(numeric, lambda), alphaCLowerBound(law, lambda), 1e-8)).toBe(true);
      expect(close(alphaStar(numeric, lambda), alphaStar(law, lambda), 1e-8)).toBe(true);
    }
  });

  it('for λ_c, λ_*, ε_*, c_max, φ and cos θ_c on an α grid', () => {
    for (const alpha of [0.01, 0.05, 0.1, 0.2, 0.3, 0.45]) {
      expect(close(lambdaC(numeric, alpha), lambdaC(law, alpha), 1e-8)).toBe(true);
      expect(close(lambdaStar(numeric, alpha), lambdaStar(law, alpha), 1e-8)).toBe(true);
      expect(close(epsStar(numeric, alpha), epsStar(law, alpha), 1e-8)).toBe(true);
      expect(close(cMax(numeric, alpha), cMax(law, alpha), 1e-8)).toBe(true);
      for (const lambda of [0.3, 1, 4]) {
        expect(close(phi(numeric, alpha, lambda), phi(law, alpha, lambda), 1e-8)).toBe(true);
        const exact = cosThetaC(law, alpha, lambda);
        const approx = cosThetaC(numeric, alpha, lambda);
        expect(approx === undefined).toBe(exact === undefined);
        if (exact !== undefined && approx !== undefined) expect(close(approx, exact, 1e-8)).toBe(true);
      }
    }
  });
});

describe.each(LAWS.map((law) => [law.name, law] as const))('%s: properties on the whole valid domain', (_name, law) => {
  const lambdaArb = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
  const factorArb = fc.double({ min: 1.0001, max: 10, noNaN: true });

  it('α_1, α_c^lb and α_* are finite and non-decreasing in λ, with α_c^lb ≤ α_1', () => {
    fc.assert(
      fc.property(lambdaArb, factorArb, (lambda, factor) => {
        const a = [alpha1(law, lambda), alphaCLowerBound(law, lambda), alphaStar(law, lambda)];
        const b = [alpha1(law, lambda * factor), alphaCLowerBound(law, lambda * factor), alphaStar(law, lambda * factor)];
        const finite = [...a, ...b].every(Number.isFinite);
        const monotone = a.every((value, i) => (b[i] as number) >= value * (1 - 1e-12) - 1e-15);
        return finite && monotone && (a[1] as number) <= (a[0] as number) * (1 + 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('λ_c and λ_* are non-decreasing in α, c_max in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 0.45, noNaN: true }), factorArb, (alpha, factor) => {
        const higher = Math.min(alpha * factor, 0.49);
        const c = cMax(law, alpha);
        return (
          lambdaC(law, higher) >= lambdaC(law, alpha) * (1 - 1e-12) &&
          lambdaStar(law, higher) >= lambdaStar(law, alpha) * (1 - 1e-12) &&
          c >= 0 &&
          c <= 1
        );
      }),
      { numRuns: 150 },
    );
  });

  it('the retrieval region is α < α_1(λ) ⇔ λ > λ_c(α)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 0.45, noNaN: true }), lambdaArb, (alpha, lambda) => {
        const retrieved = alpha < alpha1(law, lambda);
        const margin = Math.abs(lambda - lambdaC(law, alpha)) > 1e-9 * lambda;
        return !margin || retrieved === lambda > lambdaC(law, alpha);
      }),
      { numRuns: 150 },
    );
  });
});

describe.each(LAWS.map((law) => [law.name, law] as const))('%s: the edges of the domain', (_name, law) => {
  it('stays finite and accurate at λ from 1e-300 to 1e8 and α from 1e-300 up', () => {
    for (const lambda of [1e-300, 1e-12, 1e8]) {
      for (const value of [alpha1(law, lambda), alphaCLowerBound(law, lambda), alphaStar(law, lambda)]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
    // Tiny loads: ε_* ≈ √(2α) for every unit-variance law (ζ̂(ε) ≈ ε²/2 near the mean).
    for (const alpha of [1e-300, 1e-100, 1e-12]) {
      expect(lambdaStar(law, alpha) / Math.sqrt(2 * alpha)).toBeCloseTo(1, 5);
      expect(cMax(law, alpha) / Math.sqrt(2 * alpha)).toBeCloseTo(1, 5);
      expect(phi(law, alpha, 1e8) / Math.sqrt(2 * alpha)).toBeCloseTo(1, 5);
    }
    expect(() => alpha1(law, 2e8)).toThrow(/lambda must be a number in \(0, 1e8\], got 200000000/);
  });
});
