import { sphericalLaw } from '@dam/ensembles';
import { lambdaC, lambdaHalfFiniteSize } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { finiteSizeFit, lambdaTheoryOrNull, quadraticCrossoverFit } from './crossover-fit.js';

const limit = lambdaC(sphericalLaw, 0.2);
/** Points exactly on `λ_∞ + [λ_th(N) − λ_c] + b/N²`. */
const onLaw = (lambdaInf: number, b: number, Ns: readonly number[], stderr = 1e-5) =>
  Ns.map((N) => {
    const lambdaTheory = lambdaHalfFiniteSize(sphericalLaw, 0.2, N);
    return { N, lambdaHalf: lambdaInf + (lambdaTheory - limit) + b / N ** 2, stderr, lambdaTheory };
  });

describe('finiteSizeFit', () => {
  it('recovers the intercept and the 1/N² term of data on the law, with χ² = 0', () => {
    const fit = finiteSizeFit(onLaw(0.2251, -8, [100, 200, 400, 800]), limit, 0, []);
    expect(fit?.lambdaInf).toBeCloseTo(0.2251, 12);
    expect(fit?.coefficients[1]).toBeCloseTo(-8, 6);
    expect(fit?.chi2).toBeLessThan(1e-12);
    expect(fit?.dof).toBe(2);
  });

  it('has the propagated error of two points: the intercept of two exact equations', () => {
    // Two sizes: λ_∞ = (N₂²y₂ − N₁²y₁)/(N₂² − N₁²), so σ(λ_∞)² = (N₂⁴σ² + N₁⁴σ²)/(N₂² − N₁²)².
    const fit = finiteSizeFit(onLaw(0.225, 3, [100, 200], 2e-4), limit, 0, []);
    const expected = (Math.sqrt(200 ** 4 + 100 ** 4) / (200 ** 2 - 100 ** 2)) * 2e-4;
    expect(Math.sqrt(fit?.covariance[0]?.[0] as number)).toBeCloseTo(expected, 12);
    expect((fit?.ci[1] as number) - (fit?.lambdaInf as number)).toBeCloseTo(1.959963984540054 * expected, 12);
  });

  it('is null with fewer than two sizes where the law applies', () => {
    const [one] = onLaw(0.225, 0, [100]);
    expect(finiteSizeFit([one as never, { N: 2, lambdaHalf: 1, stderr: 0.1, lambdaTheory: null }], limit, 0, [])).toBeNull();
    expect(lambdaTheoryOrNull('spherical', 0.2, 2)).toBeNull();
    expect(lambdaTheoryOrNull('gaussian', 0.6, 100)).toBeNull();
  });
});

describe('quadraticCrossoverFit', () => {
  it('interpolates three points and is null with two', () => {
    const points = [20, 30, 40].map((N) => ({ N, lambdaHalf: 0.2 + 1 / N + 3 / N ** 2, stderr: 1e-3, lambdaTheory: null }));
    expect(quadraticCrossoverFit(points, 0, [])?.lambdaInf).toBeCloseTo(0.2, 10);
    expect(quadraticCrossoverFit(points.slice(1), 0, [])).toBeNull();
  });
});
