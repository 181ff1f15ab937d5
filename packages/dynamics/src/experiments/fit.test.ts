import { fillNormal, rowStream } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { linearFit, quadraticFit, Z95 } from './fit.js';

const truth = [0.25, 1.7, -4.2] as const;
const model = (x: number): number => truth[0] + truth[1] * x + truth[2] * x * x;

describe('quadraticFit', () => {
  it('recovers the coefficients of exact data', () => {
    const xs = [1 / 20, 1 / 25, 1 / 30, 1 / 40, 1 / 50];
    const fit = quadraticFit(
      xs,
      xs.map(model),
      xs.map(() => 0.01),
    );
    for (const [i, c] of fit.coefficients.entries()) expect(c).toBeCloseTo(truth[i] as number, 9);
    expect(fit.chi2).toBeLessThan(1e-18);
    expect(fit.dof).toBe(2);
  });

  it('with three points interpolates and its covariance is the propagation of the point errors', () => {
    const xs = [1 / 20, 1 / 25, 1 / 30];
    const sigmas = [0.004, 0.002, 0.003];
    const fit = quadraticFit(xs, xs.map(model), sigmas);
    expect(fit.dof).toBe(0);
    // c = V⁻¹ y (Vandermonde V): Cov = V⁻¹ diag(σ²) V⁻ᵀ, evaluated via Lagrange basis coefficients.
    const lagrange = xs.map((xi, i) => {
      const others = xs.filter((_, j) => j !== i);
      const [a, b] = others as [number, number];
      const denom = (xi - a) * (xi - b);
      return [(a * b) / denom, -(a + b) / denom, 1 / denom];
    });
    for (let p = 0; p < 3; p++) {
      for (let q = 0; q < 3; q++) {
        const expected = lagrange.reduce((sum, l, i) => sum + (l[p] as number) * (l[q] as number) * (sigmas[i] as number) ** 2, 0);
        expect(fit.covariance[p]?.[q]).toBeCloseTo(expected, 6);
      }
    }
  });

  it('gives 95% intervals that cover the intercept at the nominal rate on noisy synthetic data', () => {
    // 400 synthetic scans of 5 sizes with Gaussian noise of known σ: the interval c0 ± 1.96 √Cov₀₀
    // should cover the true intercept 95% of the time; with 400 trials the binomial error of the
    // coverage is 1.1%, so accept [0.91, 0.99].
    const xs = [1 / 20, 1 / 25, 1 / 30, 1 / 35, 1 / 40];
    const sigmas = [0.01, 0.008, 0.006, 0.006, 0.005];
    const noise = new Float64Array(xs.length);
    let covered = 0;
    const trials = 400;
    for (let trial = 0; trial < trials; trial++) {
      fillNormal(rowStream(77, trial), noise);
      const ys = xs.map((x, i) => model(x) + (sigmas[i] as number) * (noise[i] as number));
      const fit = quadraticFit(xs, ys, sigmas);
      const half = Z95 * Math.sqrt(fit.covariance[0]?.[0] as number);
      if (Math.abs(fit.coefficients[0] - truth[0]) <= half) covered += 1;
    }
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('guards zero errors and gives infinite errors no weight', () => {
    const xs = [0.05, 0.04, 0.03, 0.02];
    const ys = xs.map(model);
    const guarded = quadraticFit(xs, ys, [0, 0.01, 0.02, 0.01]);
    expect(guarded.sigmas).toEqual([0.01, 0.01, 0.02, 0.01]);
    expect(quadraticFit(xs, ys, [0, 0.01, 0.02, 0.01], { minSigma: 0.005 }).sigmas[0]).toBe(0.005);
    expect(quadraticFit(xs, ys, [0, 0, 0, 0]).sigmas).toEqual([1, 1, 1, 1]);
    const dropped = quadraticFit(xs, [...ys.slice(0, 3), 99], [0.01, 0.01, 0.01, Infinity]);
    for (const [i, c] of dropped.coefficients.entries()) expect(c).toBeCloseTo(truth[i] as number, 9);
  });

  it('rejects too few points, mismatched lengths, NaN and repeated x', () => {
    expect(() => quadraticFit([1, 2], [1, 2], [1, 1])).toThrow(/at least 3/);
    expect(() => quadraticFit([1, 2, 3], [1, 2], [1, 1, 1])).toThrow(/same length/);
    expect(() => quadraticFit([1, 2, 3], [1, Number.NaN, 3], [1, 1, 1])).toThrow(/finite/);
    expect(() => quadraticFit([1, 2, 3], [1, 2, 3], [1, -1, 1])).toThrow(/sigmas/);
    expect(() => quadraticFit([1, 1, 2], [1, 2, 3], [1, 1, 1])).toThrow(/singular/);
  });
});

describe('linearFit', () => {
  it('with the basis {1} is the weighted mean, of variance 1/Σw', () => {
    const fit = linearFit([[1], [1], [1]], [1, 2, 4], [1, 2, 2]);
    const w = [1, 0.25, 0.25];
    expect(fit.coefficients[0]).toBeCloseTo((1 * 1 + 2 * 0.25 + 4 * 0.25) / 1.5, 14);
    expect(fit.covariance[0]?.[0]).toBeCloseTo(1 / w.reduce((a, b) => a + b, 0), 14);
    expect(fit.dof).toBe(2);
  });

  it('names the fit in its errors', () => {
    expect(() => linearFit([[1, 2]], [1], [1], { what: 'finite-size fit' })).toThrow(/a finite-size fit needs at least 2 points, got 1/);
    expect(() =>
      linearFit(
        [
          [1, 2],
          [1, 2],
        ],
        [1, 2],
        [1, 1],
        { what: 'finite-size fit' },
      ),
    ).toThrow(/the finite-size fit is singular/);
  });
});
