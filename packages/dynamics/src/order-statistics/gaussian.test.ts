import { fillNormal, rowStream, uniform } from '@dam/ensembles';
import { createBackend, createMatrix } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { lambdaHalf } from '../experiments/lambda-half.js';
import { PAPER_PROTOCOL } from '../protocol/settings.js';
import { ksStatistic } from '../testing/ks.js';
import { drawGaussianPatterns, GaussianBulk } from './gaussian.js';
import { inverseNormalUpperTail, logNormalUpperTail } from './normal-tail.js';
import { OrderStatisticsRunner } from './runner.js';

/** The `K` largest of `P − 1` standard normals, drawn one by one (the brute-force oracle). */
function bruteTop(P: number, K: number, seed: number): number[] {
  const z = new Float64Array(P - 1);
  fillNormal(rowStream(seed, 0), z);
  return [...z].sort((a, b) => b - a).slice(0, K);
}

describe('drawGaussianPatterns', () => {
  it('has the law of the top order statistics of P − 1 standard normals (KS against brute force, P = 150)', () => {
    const replicas = 3000;
    const critical = 1.95 * Math.sqrt(2 / replicas);
    const brute: number[][] = [[], [], []];
    const drawn: number[][] = [[], [], []];
    for (let r = 0; r < replicas; r++) {
      const b = bruteTop(150, 5, 3_000_000 + r);
      const { overlaps } = drawGaussianPatterns(6, 150, 5, 4_000_000 + r);
      [0, 2, 4].forEach((k, i) => {
        (brute[i] as number[]).push(b[k] as number);
        (drawn[i] as number[]).push(overlaps[k] as number);
      });
    }
    for (let i = 0; i < 3; i++) expect(ksStatistic(brute[i] as number[], drawn[i] as number[])).toBeLessThan(critical);
  });

  it('puts ξ^1 = ρ e_1 with ρ² ~ χ²_N in row 0 and g_(k) e_1 + η on row k, deterministically', () => {
    const N = 30;
    const norms: number[] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const { patterns, overlaps, cut } = drawGaussianPatterns(N, 1000, 4, seed);
      norms.push((patterns.data[0] as number) ** 2);
      expect([...patterns.data.subarray(1, N)].every((v) => v === 0)).toBe(true);
      for (let k = 1; k <= 4; k++) expect(patterns.data[k * N]).toBe(Math.fround(overlaps[k - 1] as number));
      expect(cut).toBe(overlaps[3]);
    }
    // χ²_30: mean 30, variance 60; over 2000 draws the mean is within 4 standard errors.
    const mean = norms.reduce((a, b) => a + b, 0) / norms.length;
    const variance = norms.reduce((a, b) => a + (b - mean) ** 2, 0) / (norms.length - 1);
    expect(Math.abs(mean - N)).toBeLessThan(4 * Math.sqrt((2 * N) / norms.length));
    expect(variance / (2 * N)).toBeGreaterThan(0.85);
    expect(variance / (2 * N)).toBeLessThan(1.15);
    expect(drawGaussianPatterns(N, 1000, 4, 7).patterns.data).toEqual(drawGaussianPatterns(N, 1000, 4, 7).patterns.data);
  });
});

describe('GaussianBulk', () => {
  it('matches Monte Carlo sums over drawn bulk patterns (g < cut, η ~ N(0, I)) where λr is well below z*', () => {
    const N = 8;
    const count = 40_000;
    const cut = 1.3;
    const bulk = new GaussianBulk(count, cut);
    // Draw the bulk: g by inverse transform of the normal truncated to g < cut, η standard normal.
    const rng = rowStream(11, 0);
    const logPhiCut = logNormalUpperTail(-cut);
    const patterns = createMatrix(count, N);
    const eta = new Float64Array(N - 1);
    for (let i = 0; i < count; i++) {
      const v = uniform(rng) * Math.exp(logPhiCut); // Φ(g) uniform on (0, Φ(cut))
      patterns.data[i * N] = -inverseNormalUpperTail(Math.log(v), Math.log1p(-v));
      fillNormal(rowStream(11, i + 1), eta);
      patterns.data.set(eta, i * N + 1);
    }
    for (const [lambda, x1, r] of [
      [0.3, 2, 1],
      [0.6, 0.5, 2],
      [1, -1, 0.5],
    ] as const) {
      const x = new Float64Array(N);
      x[0] = x1;
      x[1] = r; // x_⊥ = r e_2
      let z = 0;
      let w0 = 0;
      let w1 = 0;
      let z2 = 0;
      for (let i = 0; i < count; i++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += (patterns.data[i * N + j] as number) * (x[j] as number);
        const e = Math.exp(lambda * s);
        z += e;
        z2 += e * e;
        w0 += e * (patterns.data[i * N] as number);
        w1 += e * (patterns.data[i * N + 1] as number);
      }
      const step = bulk.step(lambda, x1, r);
      // Relative Monte Carlo error of the sum: √(Σe²)/Σe; asserted within 5 of them.
      const relative = Math.sqrt(z2) / z;
      expect(Math.abs(Math.log(z) - step.logZ)).toBeLessThan(5 * relative);
      expect(Math.abs(w0 / z - step.parallel)).toBeLessThan(5 * relative * (Math.abs(step.parallel) + 1));
      expect(Math.abs(w1 / z - step.perpendicular)).toBeLessThan(5 * relative * (Math.abs(step.perpendicular) + 1));
    }
  });

  it('stays bounded along x_⊥ when λr passes the largest bulk value z* = √(2 log count) (the frozen regime)', () => {
    const bulk = new GaussianBulk(1000, 1);
    const zMax = Math.sqrt(2 * Math.log(1000));
    for (const r of [1, 10, 100, 1e4]) expect(bulk.step(3, 0, r).perpendicular).toBeLessThan(zMax);
    // λr ≪ z*: the plain tilted mean λr, less φ(z*)/Φ(z*) ≈ e^{−z*²/2} = 1/count (here 1e-8).
    expect(new GaussianBulk(1e8, 1).step(0.01, 0, 1).perpendicular).toBeCloseTo(0.01, 7);
  });

  it('has no contribution when there is no bulk, and none of it lies above the cut', () => {
    expect(new GaussianBulk(0, 1).step(1, 1, 1).logZ).toBe(Number.NEGATIVE_INFINITY);
    // Far below the cut the tilted mean of g is the tilt t = λx_1; at the cut it is pushed below it.
    expect(new GaussianBulk(10, 50).step(1, 2, 0).parallel).toBeCloseTo(2, 12);
    expect(new GaussianBulk(10, 0).step(1, 5, 0).parallel).toBeLessThan(0);
  });
});

describe('OrderStatisticsRunner on Gaussian patterns', () => {
  it("where every pattern is explicit (K ≥ P − 1) has the exact ensemble's λ_1/2 (N = 20, 256 realisations each)", async () => {
    const options = { ensemble: 'gaussian', N: 20, alpha: 0.2, samples: 256, workers: 0, backend: 'wasm-simd' } as const;
    const exact = await lambdaHalf({ ...options, seed: 1 });
    const drawn = await lambdaHalf({ ...options, seed: 2, patterns: 'order-statistics', explicitPatterns: 1000 });
    const z = (drawn.lambdaHalf - exact.lambdaHalf) / Math.hypot(drawn.stderr, exact.stderr);
    expect(Math.abs(z)).toBeLessThan(3);
  });

  it('starts at ξ^1 = ρ e_1 and retrieves it at large λ', async () => {
    const backend = await createBackend('js');
    const runner = new OrderStatisticsRunner(
      { ensemble: 'gaussian', N: 100, P: Math.exp(20), seed: 3, explicitPatterns: 64 },
      backend,
      PAPER_PROTOCOL,
    );
    expect(runner.first[0]).toBeGreaterThan(5);
    expect(runner.run(runner.first, 0, 3).success).toBe(true);
    expect(runner.run(runner.first, 0, 0.05).success).toBe(false);
    backend.dispose();
  });
});
