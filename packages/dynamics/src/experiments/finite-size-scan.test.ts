import { sphericalLaw } from '@dam/ensembles';
import { finiteSizeLaw, lambdaC, lambdaHalfFiniteSize } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { criticalLambdaShard } from './critical-lambdas.js';
import { crossoverFromCriticalLambdas, finiteSizeScan } from './finite-size-scan.js';
import { Z95 } from './fit.js';
import { lambdaHalf } from './lambda-half.js';
import { mergeCriticalLambdaShards } from './merge-shards.js';
import { deriveSeed, SALT_SIZE } from './seeds.js';

describe('finiteSizeScan', () => {
  it('runs lambdaHalf at each N, fits a quadratic in 1/N and extrapolates to N = ∞', async () => {
    const progress: number[] = [];
    const scan = await finiteSizeScan({
      ensemble: 'spherical',
      Ns: [12, 16, 20],
      alpha: 0.2,
      samples: 16,
      seed: 3,
      onProgress: ({ done, total }) => {
        expect(total).toBe(48);
        progress.push(done);
      },
    });
    expect(progress).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(scan.points.map((p) => [p.N, p.P])).toEqual([
      [12, 11],
      [16, 25],
      [20, 55],
    ]);
    // Each point is exactly the lambdaHalf of its derived seed.
    const single = await lambdaHalf({ ensemble: 'spherical', N: 16, alpha: 0.2, samples: 16, seed: deriveSeed(3, 16, SALT_SIZE) });
    expect(scan.points[1]).toMatchObject({ lambdaHalf: single.lambdaHalf, stderr: single.stderr });
    expect(scan.points[1]?.criticalLambdas).toEqual(single.criticalLambdas);
    // Three sizes: the quadratic interpolates them.
    const quadratic = scan.fitQuadratic;
    expect(quadratic.dof).toBe(0);
    expect(quadratic.chi2).toBeLessThan(1e-12);
    for (const point of scan.points) {
      const [c0, c1, c2] = quadratic.coefficients;
      expect(c0 + c1 / point.N + c2 / point.N ** 2).toBeCloseTo(point.lambdaHalf, 9);
    }
    const half = Z95 * Math.sqrt(quadratic.covariance[0]?.[0] as number);
    expect(quadratic.lambdaInf).toBe(quadratic.coefficients[0]);
    expect(quadratic.ci[0]).toBeCloseTo(quadratic.lambdaInf - half, 12);
    expect(quadratic.ci[1]).toBeCloseTo(quadratic.lambdaInf + half, 12);
    expect(scan.theory.lambdaC).toBe(lambdaC(sphericalLaw, 0.2));
    // Each size carries the finite-size law's prediction, and the derived fit has one degree of freedom.
    for (const point of scan.points) expect(point.lambdaTheory).toBe(lambdaHalfFiniteSize(sphericalLaw, 0.2, point.N));
    expect(scan.theory.finiteSize).toEqual(finiteSizeLaw(sphericalLaw, 0.2));
    expect(scan.fit?.dof).toBe(1);
    // λ_1/2 decreases with N towards λ_c (Fig. 1 bottom).
    expect(scan.points[0]?.lambdaHalf).toBeGreaterThan(scan.points[2]?.lambdaHalf as number);
    expect(scan.points[2]?.lambdaHalf).toBeGreaterThan(scan.theory.lambdaC);
  });

  it('validates the sizes', async () => {
    const base = { ensemble: 'spherical', alpha: 0.2, samples: 4, seed: 1 } as const;
    await expect(finiteSizeScan({ ...base, Ns: [10, 12] })).rejects.toThrow(/at least 3/);
    await expect(finiteSizeScan({ ...base, Ns: [10, 12, 12] })).rejects.toThrow(/distinct/);
    await expect(finiteSizeScan({ ...base, Ns: [10, 12, 0] })).rejects.toThrow(/Ns\[2\]/);
  });

  it('refuses a scan with fewer than three measured sizes, naming the censored ones', async () => {
    const base = { ensemble: 'spherical', Ns: [10, 12, 14], alpha: 0.2, samples: 4, seed: 1, workers: 0 } as const;
    await expect(finiteSizeScan({ ...base, lambdaRange: [0.01, 0.1] })).rejects.toThrow(
      /fewer than 3 sizes have a measured λ_1\/2 \(censored: N = 10 above \[0.01, 0.1\]; N = 12 above/,
    );
    await expect(finiteSizeScan({ ...base, lambdaRange: [2, 3] })).rejects.toThrow(/N = 10 below \[2, 3\]/);
  });

  it('reports censored sizes as bounds at the range edge, without an error, and fits without them', async () => {
    // N = 2, 3 hold P = 1 and 2 patterns: a single pattern is retrieved at any λ (censored below).
    const set = mergeCriticalLambdaShards([
      await criticalLambdaShard({ ensemble: 'spherical', Ns: [2, 20, 25, 30], alpha: 0.2, samples: 8, seed: 3, workers: 0, backend: 'js' }),
    ]);
    const result = crossoverFromCriticalLambdas(set);
    const [tiny, ...measured] = result.points;
    expect(tiny).toMatchObject({ N: 2, P: 1, lambdaHalf: 0.01, censored: 'below' });
    expect(tiny?.stderr).toBeNaN();
    for (const point of measured) {
      expect(point.censored).toBeNull();
      expect(point.stderr).toBeGreaterThan(0);
    }
    expect(result.fit?.skipped).toEqual([2]);
    const without = crossoverFromCriticalLambdas({ ...set, run: { ...set.run, Ns: [20, 25, 30] }, points: set.points.slice(1) });
    expect(result.fit?.lambdaInf).toBe(without.fit?.lambdaInf);
    expect(without.fit?.skipped).toEqual([]);
  });

  it('bounds a censored median by the range edge, or by a measured middle value (upper bound below, lower bound above)', () => {
    const run = {
      ensemble: 'spherical',
      alpha: 0.2,
      Ns: [10],
      samples: 4,
      seed: 1,
      lambdaRange: [0.01, 3],
      tolerance: 1e-3,
      bootstrap: 100,
      maxSteps: 100,
      epsilon: 0.01,
    } as const;
    const point = (criticalLambdas: number[]) =>
      crossoverFromCriticalLambdas({ run, backend: 'js', version: 'v', points: [{ N: 10, P: 7, criticalLambdas, updates: 0 }] }).points[0];
    expect(point([0.01, 0.01, 0.01, 0.5])).toMatchObject({ lambdaHalf: 0.01, censored: 'below' });
    expect(point([0.01, 0.01, 0.3, 0.5])).toMatchObject({ lambdaHalf: 0.155, censored: 'below' }); // λ_1/2 ≤ (0.01 + 0.3)/2
    expect(point([0.2, 0.4, Infinity, Infinity])).toMatchObject({ lambdaHalf: 1.7, censored: 'above' }); // λ_1/2 ≥ (0.4 + 3)/2
    expect(point([0.2, Infinity, Infinity, Infinity])).toMatchObject({ lambdaHalf: 3, censored: 'above' });
    expect(point([0.2, 0.3, 0.4, Infinity])).toMatchObject({ lambdaHalf: 0.35, censored: null });
  });
});
