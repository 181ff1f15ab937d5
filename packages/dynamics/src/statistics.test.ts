import { fillNormal, rowStream } from '@dam/ensembles';
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

  it('is 0 for one value and Infinity when resampled medians can be infinite', () => {
    expect(bootstrapMedianStderr([1.5], 100, 1)).toBe(0);
    expect(bootstrapMedianStderr([1, 2, Infinity, Infinity, 3], 200, 1)).toBe(Infinity);
  });
});
