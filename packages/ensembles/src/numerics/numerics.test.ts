import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brentRoot } from './brent-root.js';
import { derivative } from './derivative.js';
import { minimizeOnInterval } from './minimize.js';
import { monotoneRoot } from './monotone-root.js';

describe('brentRoot', () => {
  it('finds roots to machine precision (property over cubic shifts)', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (shift) => {
        const root = brentRoot((x) => (x - shift) ** 3 + (x - shift), -10, 10);
        return Math.abs(root - shift) <= 1e-12 * Math.max(1, Math.abs(shift));
      }),
    );
    expect(brentRoot(Math.cos, 0, 3)).toBeCloseTo(Math.PI / 2, 15);
  });

  it('rejects a bracket without a sign change', () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(/do not bracket a root/);
  });
});

describe('monotoneRoot', () => {
  it('grows the bracket and reports the end for a function that never changes sign', () => {
    expect(monotoneRoot((x) => Math.log(x + 1) - 5, 0, Number.POSITIVE_INFINITY)).toBeCloseTo(Math.exp(5) - 1, 9);
    expect(monotoneRoot((x) => -1 / (1 + x), 0, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(monotoneRoot((x) => x + 1, 0, 3)).toBe(0);
    expect(monotoneRoot((x) => x - 5, 0, 3)).toBe(3);
  });

  it('finds tiny and near-boundary roots to relative precision, with infinite values at the ends', () => {
    expect(monotoneRoot((x) => x * x - 1e-300, 0, Number.POSITIVE_INFINITY) / 1e-150).toBeCloseTo(1, 12);
    const steep = (x: number): number => -0.5 * Math.log1p(-x * x) - 20; // root 1 − 2.1e-18 rounds to 1 − ε/2
    const root = monotoneRoot(steep, 0, 1);
    expect(root).toBeGreaterThan(0.999999999999);
    expect(root).toBeLessThanOrEqual(1);
  });
});

describe('minimizeOnInterval', () => {
  it('locates kinks and jumps, where derivative-based methods fail', () => {
    expect(minimizeOnInterval((x) => Math.abs(x - 0.3183), 0, 1).x).toBeCloseTo(0.3183, 12);
    const jump = (x: number): number => (x < 0.61 ? 1 - x : 5);
    expect(minimizeOnInterval(jump, 0, 1).value).toBeCloseTo(0.39, 9);
  });
});

describe('derivative', () => {
  it('is accurate to ~1e-11 on functions that vary on the scale max(1, |x|)', () => {
    for (const x of [-1.5, 0, 0.7, 1.2]) {
      expect(Math.abs(derivative(Math.sin, x) - Math.cos(x))).toBeLessThan(1e-11);
      expect(Math.abs(derivative(Math.exp, x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(1e-11);
    }
    for (const x of [3, 12, 1e4]) {
      expect(Math.abs(derivative(Math.log, x) * x - 1)).toBeLessThan(1e-11);
    }
  });
});

describe('brentRoot on tiny function values', () => {
  it('compares signs rather than products, which underflow (f ~ 1e-200)', () => {
    const f = (x: number): number => (x * x) / 2 - 1e-200;
    expect(() => brentRoot(f, 2 ** -333, 2 ** -332)).toThrow(/do not bracket a root/);
    expect(brentRoot(f, 2 ** -333, 2 ** -331) / Math.sqrt(2e-200)).toBeCloseTo(1, 14);
  });
});
