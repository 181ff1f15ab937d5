import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSeed, fillNormal, portableLog, rowStream, uniform } from './random.js';

describe('portableLog', () => {
  it('agrees with Math.log to within 2 ulp on (0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }), (x) => {
        const exact = Math.log(x);
        return Math.abs(portableLog(x) - exact) <= 2 * Number.EPSILON * Math.max(Math.abs(exact), 1);
      }),
      { numRuns: 2000 },
    );
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0.5)).toBeCloseTo(-Math.LN2, 15);
  });
});

describe('rowStream', () => {
  it('depends on both seed and row, and repeats for the same pair', () => {
    const draw = (seed: number, row: number): number[] => {
      const rng = rowStream(seed, row);
      return [uniform(rng), uniform(rng), uniform(rng)];
    };
    expect(draw(7, 3)).toEqual(draw(7, 3));
    expect(draw(7, 3)).not.toEqual(draw(7, 4));
    expect(draw(7, 3)).not.toEqual(draw(8, 3));
    expect(draw(2 ** 40 + 7, 3)).not.toEqual(draw(7, 3));
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    expect(() => checkSeed(-1)).toThrow(/seed must be an integer in \[0, 9007199254740991\], got -1/);
    expect(() => checkSeed(1.5)).toThrow(/got 1.5/);
  });
});

describe('fillNormal', () => {
  it('draws standard normals: mean, variance and fourth moment within 5 standard errors', () => {
    const n = 200_000;
    const out = new Float64Array(n);
    fillNormal(rowStream(123, 0), out);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const x of out) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    m1 /= n;
    m2 /= n;
    m4 /= n;
    // Standard errors: mean 1/√n, variance √(2/n), fourth moment √(96/n) (Var x⁴ = 105 − 9).
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });
});
