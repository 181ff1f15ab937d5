import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix.js';
import { logSumExpErrorFromRounding, stepErrorFromRounding } from '../rounding.js';
import { error2, exactStep, roundingCases } from '../testing/exact-step.js';
import { gaussianArray, queryNear, sphericalMatrix } from '../testing/random.js';
import { tieCases } from '../testing/ties.js';
import { createReferenceBackend } from './reference-backend.js';
import { referenceRounding } from './reference-rounding.js';

const backend = createReferenceBackend();

/** The reference step against the float64 oracle (other operation order: they differ by ~1e-15, far below the float32 rounding). */
function check(patterns: Matrix, x: Float32Array, lambda: number): { error: number; bound: number } {
  const exact = exactStep(patterns, x, lambda);
  const rounding = backend.stepRounding?.(patterns.rows, patterns.cols);
  expect(rounding).toEqual(referenceRounding(patterns.rows, patterns.cols));
  const model = rounding ?? referenceRounding(patterns.rows, patterns.cols);
  const inputs = { lambda, maxNorm: exact.maxNorm, stateNorm: exact.stateNorm };
  const bound = stepErrorFromRounding(model, { ...inputs, spread: exact.spread });
  const step = backend.step(patterns, x, lambda);
  const error = error2(step.next, exact.next);
  expect(error).toBeLessThanOrEqual(bound);
  const lseBound = logSumExpErrorFromRounding(model, { ...inputs, rows: patterns.rows, logSumExp: step.logSumExp });
  expect(Math.abs(step.logSumExp - exact.logSumExp)).toBeLessThanOrEqual(lseBound);
  return { error, bound };
}

describe('reference rounding model (stepErrorFromRounding ∘ referenceRounding)', () => {
  it('bounds the error of the step and of its log-sum-exp on random, large, tiny and adversarial inputs', () => {
    for (const [patterns, lambda] of roundingCases()) {
      const n = patterns.cols;
      check(patterns, patterns.data.slice(0, n), lambda);
      check(patterns, queryNear(patterns, 1 % patterns.rows, 0.3, 9), lambda);
      check(patterns, gaussianArray(n, 10), lambda);
    }
    for (const { patterns, x, lambda } of tieCases()) check(patterns, x, lambda);
  });

  it('is the float32 rounding of the result plus float64 terms: never zero, far below the 1e-4 contract', () => {
    const patterns = sphericalMatrix(2981, 40, 12);
    const { error, bound } = check(patterns, queryNear(patterns, 0, 0.2, 13), 0.31);
    expect(error).toBeGreaterThan(0); // the comparison sees the float32 rounding
    const maxNorm = exactStep(patterns, patterns.data.slice(0, 40), 0.31).maxNorm;
    expect(bound).toBeGreaterThanOrEqual(2 ** -24 * maxNorm);
    expect(bound).toBeLessThan(1.01 * 2 ** -24 * maxNorm);
  });
});
