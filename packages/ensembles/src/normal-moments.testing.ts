import { expect } from 'vitest';

/**
 * Test helper (not part of the package): the mean, variance and fourth moment of `values` are those
 * of a standard normal within 5 standard errors (1/√n, √(2/n) and √(96/n): Var z⁴ = 105 − 9).
 */
export function expectStandardNormalMoments(values: ArrayLike<number>): void {
  const n = values.length;
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    m1 += x;
    m2 += x * x;
    m4 += x ** 4;
  }
  expect(Math.abs(m1 / n)).toBeLessThan(5 / Math.sqrt(n));
  expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
}
