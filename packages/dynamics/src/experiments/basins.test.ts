import { describe, expect, it } from 'vitest';
import { basins, crossingAngle } from './basins.js';
import { successRate } from './success-rate.js';

describe('basins (Section IV, Fig. 2)', () => {
  it('the success rate falls with the start angle, and θ_c is near the theory at N = 40', async () => {
    // Spherical, N = 40, α = 0.1, λ = 1: the theory gives cos θ_c = φ_{α,1}(λ) = 0.4258, θ_c = 1.131
    // rad (one-step retrieval at N = ∞). At N = 40 with 32 realisations we measure θ_c ≈ 1.19; the
    // binomial error of each rate (≤ 0.09) moves the interpolated crossing by ≲ 0.03 rad, and the
    // finite-size shift is a few hundredths of a radian: accept |θ_c − theory| < 0.15 rad.
    const thetas = [0.6, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5];
    const result = await basins({ N: 40, alpha: 0.1, lambda: 1, thetas, samples: 32, seed: 3 });
    expect(result.ensemble).toBe('spherical');
    expect(result.points.map((p) => p.theta)).toEqual(thetas);
    expect(result.points[0]?.rate).toBe(1);
    expect(result.points.at(-1)?.rate).toBe(0);
    for (let i = 0; i + 1 < thetas.length; i++) {
      expect(result.points[i + 1]?.rate).toBeLessThanOrEqual((result.points[i]?.rate as number) + 0.1);
    }
    expect(result.theory.cosThetaC).toBeCloseTo(0.425757, 5);
    expect(result.theory.thetaC).toBeCloseTo(Math.acos(0.425757262911648), 5);
    expect(Math.abs((result.thetaC as number) - (result.theory.thetaC as number))).toBeLessThan(0.15);
  });

  it('θ = 0 is the start at ξ^1: the same outcomes as successRate with the same seed', async () => {
    const common = { N: 20, alpha: 0.2, lambda: 0.39, samples: 16, seed: 12 } as const;
    const basin = await basins({ ...common, thetas: [0, 0.5] });
    const direct = await successRate({ ...common, ensemble: 'spherical' });
    expect(basin.points[0]?.successes).toBe(direct.successes);
  });

  it('has no theoretical basin above α_1 and validates the angles', async () => {
    const result = await basins({ N: 12, alpha: 0.5, lambda: 0.2, thetas: [0, 1], samples: 2, seed: 1, workers: 0 });
    expect(result.theory).toEqual({ cosThetaC: undefined, thetaC: undefined });
    await expect(basins({ N: 12, alpha: 0.1, lambda: 1, thetas: [1, 0.5], samples: 2, seed: 1 })).rejects.toThrow(/increasing/);
    await expect(basins({ N: 12, alpha: 0.1, lambda: 1, thetas: [4], samples: 2, seed: 1 })).rejects.toThrow(/thetas\[0\]/);
  });

  it('crossingAngle interpolates the first downward crossing of ½', () => {
    expect(crossingAngle([0, 1, 2], [1, 0.75, 0.25])).toBeCloseTo(1.5, 15);
    expect(crossingAngle([0, 1], [1, 0.5])).toBeUndefined();
    expect(crossingAngle([0, 1], [0.4, 0.2])).toBeUndefined();
  });
});

describe('the one-step rate of basins', () => {
  it('is the rate at which the first update lands in the success ball: checked against a one-update protocol', async () => {
    const options = {
      ensemble: 'spherical',
      N: 20,
      alpha: 0.2,
      lambda: 0.6,
      samples: 12,
      seed: 4,
      workers: 0,
      backend: 'reference',
    } as const;
    const thetas = [0, 0.4, 0.8, 1.2, 1.6];
    const full = await basins({ ...options, thetas });
    // With maxSteps = 1 and no early stop, the protocol's outcome is the one-step outcome.
    const one = await basins({ ...options, thetas, maxSteps: 1, earlyStop: false });
    expect(full.points.map((p) => p.oneStepRate)).toEqual(one.points.map((p) => p.rate));
    expect(full.thetaCOneStep).toBe(one.thetaC);
    // One update from θ = 0 (ξ^1 itself) stays in the ball; far away it does not.
    expect(full.points[0]?.oneStepRate).toBe(1);
    expect(full.points.at(-1)?.oneStepRate).toBe(0);
  });
});

describe('basins in order-statistics mode (spherical)', () => {
  it("where every pattern is explicit (K ≥ P − 1) has the exact mode's rates within their errors (N = 20)", async () => {
    const options = { ensemble: 'spherical', N: 20, alpha: 0.2, lambda: 0.6, samples: 256, workers: 0, backend: 'wasm-simd' } as const;
    const thetas = [0.6, 0.8, 0.9, 1.0, 1.1, 1.3];
    const exact = await basins({ ...options, thetas, seed: 1 });
    const drawn = await basins({ ...options, thetas, seed: 2, patterns: 'order-statistics', explicitPatterns: 1000 });
    let chi2 = 0;
    for (const [i, point] of exact.points.entries()) {
      const other = drawn.points[i] as (typeof drawn.points)[number];
      const variance = point.stderr ** 2 + other.stderr ** 2;
      if (variance > 0) chi2 += (point.rate - other.rate) ** 2 / variance;
      else expect(other.rate).toBe(point.rate);
    }
    // χ² with at most 6 degrees of freedom: 18 is its 0.6 % tail.
    expect(chi2).toBeLessThan(18);
    expect(Math.abs((drawn.thetaC ?? 0) - (exact.thetaC ?? 0))).toBeLessThan(0.06);
  });

  it('refuses Gaussian patterns (the start-frame construction is spherical)', async () => {
    await expect(
      basins({
        ensemble: 'gaussian',
        N: 20,
        alpha: 0.2,
        lambda: 1,
        thetas: [0, 1],
        samples: 2,
        seed: 1,
        workers: 0,
        patterns: 'order-statistics',
      }),
    ).rejects.toThrow(/spherical patterns only/);
  });
});
