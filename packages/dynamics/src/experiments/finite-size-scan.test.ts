import { sphericalLaw } from '@dam/ensembles';
import { lambdaC } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { finiteSizeScan } from './finite-size-scan.js';
import { Z95 } from './fit.js';
import { lambdaHalf } from './lambda-half.js';
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
    expect(scan.fit.dof).toBe(0);
    expect(scan.fit.chi2).toBeLessThan(1e-12);
    for (const point of scan.points) {
      const [c0, c1, c2] = scan.fit.coefficients;
      expect(c0 + c1 / point.N + c2 / point.N ** 2).toBeCloseTo(point.lambdaHalf, 9);
    }
    const half = Z95 * Math.sqrt(scan.fit.covariance[0]?.[0] as number);
    expect(scan.fit.lambdaInf).toBe(scan.fit.coefficients[0]);
    expect(scan.fit.ci[0]).toBeCloseTo(scan.fit.lambdaInf - half, 12);
    expect(scan.fit.ci[1]).toBeCloseTo(scan.fit.lambdaInf + half, 12);
    expect(scan.theory.lambdaC).toBe(lambdaC(sphericalLaw, 0.2));
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

  it('refuses a point whose λ_1/2 is above the range', async () => {
    await expect(
      finiteSizeScan({ ensemble: 'spherical', Ns: [10, 12, 14], alpha: 0.2, samples: 4, seed: 1, lambdaRange: [0.01, 0.1], workers: 0 }),
    ).rejects.toThrow(/above the range; widen lambdaRange/);
  });

  it('refuses a point whose λ_1/2 is below the range (its median would be lambdaRange[0], an upper bound)', async () => {
    await expect(
      finiteSizeScan({ ensemble: 'spherical', Ns: [10, 12, 14], alpha: 0.2, samples: 4, seed: 1, lambdaRange: [2, 3], workers: 0 }),
    ).rejects.toThrow(/below the range \(only an upper bound\); widen lambdaRange/);
  });
});
