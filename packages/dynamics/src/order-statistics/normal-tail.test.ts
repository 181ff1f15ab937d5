import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inverseNormalUpperTail, logNormalUpperTail } from './normal-tail.js';

/** Q(x) by integrating φ with the composite Simpson rule on [x, x + 40] (an independent, slow oracle). */
function tailBySimpson(x: number): number {
  const n = 200_000;
  const h = 40 / n;
  const f = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let sum = f(x) + f(x + 40);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(x + i * h);
  return (sum * h) / 3;
}

describe('the standard normal upper tail', () => {
  it('matches Simpson integration of the density, across the series and continued-fraction regions', () => {
    for (const x of [-6, -3.5, -3, -1, -0.2, 0, 0.5, 1.7, 2.9, 3, 3.1, 5, 8, 12]) {
      expect(logNormalUpperTail(x), `x = ${x}`).toBeCloseTo(Math.log(tailBySimpson(x)), 9);
    }
  });

  it('has the known values Q(0) = 1/2 and Q(1.959963984540054) = 0.025, and the asymptote at large x', () => {
    expect(logNormalUpperTail(0)).toBeCloseTo(Math.log(0.5), 15);
    expect(Math.exp(logNormalUpperTail(1.959963984540054))).toBeCloseTo(0.025, 14);
    // Mills: Q(x) ~ φ(x)/x · (1 − 1/x² + 3/x⁴ − 15/x⁶) at x = 30, far below double precision's reach in Q itself.
    const x = 30;
    const asymptotic = -0.5 * x * x - 0.5 * Math.log(2 * Math.PI) - Math.log(x) + Math.log1p(-1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6);
    expect(logNormalUpperTail(x)).toBeCloseTo(asymptotic, 9);
  });

  it('is continuous where the method changes (x = ±3): the jump across it is the slope −φ/Q times the step', () => {
    for (const at of [3, -3]) {
      const h = 1e-7;
      const slope = -Math.exp(-0.5 * at * at - 0.5 * Math.log(2 * Math.PI) - logNormalUpperTail(at));
      expect((logNormalUpperTail(at + h) - logNormalUpperTail(at - h)) / (2 * h)).toBeCloseTo(slope, 6);
    }
  });

  it('inverts: x ↦ log Q(x) ↦ x, from the lower half to tails of e^{-200}', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 20, noNaN: true }), (x) => {
        const logQ = logNormalUpperTail(x);
        const log1mQ = logNormalUpperTail(-x);
        expect(inverseNormalUpperTail(logQ, log1mQ)).toBeCloseTo(x, 9);
      }),
    );
    expect(inverseNormalUpperTail(-200, Math.log1p(-Math.exp(-200)))).toBeCloseTo(19.6, 0);
  });
});
