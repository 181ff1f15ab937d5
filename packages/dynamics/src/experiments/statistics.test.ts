import { fillNormal, rowStream, uniform } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { binomialStderr, bootstrapMedianStderr, median } from './statistics.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Infinity, 2])).toBe(2);
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(/NaN/);
  });
});

describe('binomialStderr', () => {
  it('is √(p(1−p)/n)', () => {
    expect(binomialStderr(16, 64)).toBeCloseTo(Math.sqrt((0.25 * 0.75) / 64), 15);
    expect(binomialStderr(0, 10)).toBe(0);
  });
});

describe('bootstrapMedianStderr', () => {
  it('is reproducible from its seed', () => {
    const values = [0.3, 0.31, 0.35, 0.29, 0.4, 0.33, 0.32];
    expect(bootstrapMedianStderr(values, 500, 9)).toBe(bootstrapMedianStderr(values, 500, 9));
    expect(bootstrapMedianStderr(values, 500, 9)).not.toBe(bootstrapMedianStderr(values, 500, 10));
  });

  it('matches the asymptotic error of the median of normal samples, √(π/2)·σ/√n', () => {
    // n = 400 standard normals: the median's standard deviation is ≈ 1.2533/20 = 0.0627. The
    // bootstrap estimate from one sample fluctuates by O(n^{-1/4}) ≈ 20% relative; accept 35%.
    const n = 400;
    const values = new Float64Array(n);
    fillNormal(rowStream(123, 0), values);
    const stderr = bootstrapMedianStderr(values, 1000, 5);
    expect(Math.abs(stderr / (Math.sqrt(Math.PI / 2) / Math.sqrt(n)) - 1)).toBeLessThan(0.35);
  });

  it('equals, bit for bit, the standard deviation of the medians of the resampled values', () => {
    /** The definition: resample the values with replacement, take each median, then the standard deviation. */
    function direct(values: number[], resamples: number, seed: number): number {
      const rng = rowStream(seed, 0);
      let sum = 0;
      let sumSquares = 0;
      for (let b = 0; b < resamples; b++) {
        const m = median(values.map(() => values[Math.floor(uniform(rng) * values.length)] as number));
        if (!Number.isFinite(m)) return Number.POSITIVE_INFINITY;
        sum += m;
        sumSquares += m * m;
      }
      const mean = sum / resamples;
      return Math.sqrt(Math.max(0, (sumSquares - resamples * mean * mean) / (resamples - 1)));
    }
    const normals = new Float64Array(65);
    fillNormal(rowStream(7, 0), normals);
    const lists = [
      [0.3, 0.31, 0.35, 0.29, 0.4, 0.33, 0.32],
      [0.3, 0.31, 0.35, 0.29, 0.4, 0.33],
      [2, 1, 2, 2, 1, 3, 3, 1],
      [0.5, 0.5, Infinity, 0.4, 0.7, 0.6, 0.6, 0.2, 0.9],
      [...normals],
      [...normals.subarray(0, 64)],
    ];
    for (const values of lists) {
      for (const seed of [1, 2, 3]) expect(bootstrapMedianStderr(values, 300, seed)).toBe(direct(values, 300, seed));
    }
  });

  it('is 0 for one value and Infinity when resampled medians can be infinite', () => {
    expect(bootstrapMedianStderr([1.5], 100, 1)).toBe(0);
    expect(bootstrapMedianStderr([1, 2, Infinity, Infinity, 3], 200, 1)).toBe(Infinity);
  });
});
