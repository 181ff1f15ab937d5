import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectStandardNormalMoments } from './normal-moments.testing.js';
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
    expectStandardNormalMoments(out);
  });
});
