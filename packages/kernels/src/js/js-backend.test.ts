import { describe, expect, it } from 'vitest';
import { createMatrix } from '../matrix.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { describeBackendConformance } from '../testing/conformance.js';
import { gaussianArray, gaussianMatrix } from '../testing/random.js';
import { createJsBackend } from './js-backend.js';

describeBackendConformance('js', () => createJsBackend());

describe('js backend', () => {
  const backend = createJsBackend();

  it('is named js', () => {
    expect(backend.name).toBe('js');
  });

  it('computes the scores in float64 before rounding: equal to the reference bit for bit on exact data', () => {
    // Small integers: every product and partial sum is exact, so the unrolled summation order cannot matter.
    const patterns = createMatrix(
      3,
      7,
      Float32Array.from({ length: 21 }, (_, i) => (i % 5) - 2),
    );
    const x = Float32Array.from({ length: 7 }, (_, j) => j - 3);
    expect(Array.from(backend.scores(patterns, x))).toEqual(Array.from(createReferenceBackend().scores(patterns, x)));
  });

  it('agrees with the reference far below the tolerance (float64 accumulation): ≤ 1e-6 on P = 5000', () => {
    const patterns = gaussianMatrix(5000, 50, 5);
    const x = gaussianArray(50, 6);
    const reference = createReferenceBackend().step(patterns, x, 0.7);
    const ours = backend.step(patterns, x, 0.7);
    for (let j = 0; j < 50; j++) expect(Math.abs((ours.next[j] as number) - (reference.next[j] as number))).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(ours.logSumExp - reference.logSumExp)).toBeLessThanOrEqual(1e-12 * Math.abs(reference.logSumExp));
  });

  it('throws a RangeError instead of returning NaN when the data are not finite', () => {
    const patterns = gaussianMatrix(4, 3, 7);
    patterns.data[5] = Number.NaN;
    expect(() => backend.step(patterns, new Float32Array([1, 1, 1]), 1)).toThrow(/not finite/);
    const huge = createMatrix(2, 1, new Float32Array([3e38, 1]));
    expect(() => backend.step(huge, new Float32Array([3e38]), 1e300)).toThrow(RangeError);
  });
});
