import { describe, expect, it } from 'vitest';
import { energyFromLogSumExp } from '../energy.js';
import { createMatrix } from '../matrix.js';
import { createReferenceBackend } from './reference-backend.js';

describe('reference backend', () => {
  const backend = createReferenceBackend();
  // Two orthogonal patterns e1, e2 in R^2: everything is computable by hand.
  const patterns = createMatrix(2, 2, new Float32Array([1, 0, 0, 1]));

  it('scores are the dot products ξ^μ·x', () => {
    expect(Array.from(backend.scores(patterns, new Float32Array([0.5, -2])))).toEqual([0.5, -2]);
    const batched = backend.batchedScores(patterns, createMatrix(2, 2, new Float32Array([1, 2, 3, 4])));
    expect(Array.from(batched.data)).toEqual([1, 2, 3, 4]);
  });

  it('one step is the softmax-weighted average of the patterns (hand computation)', () => {
    // x = (1, 0), λ = 2: weights ∝ (e^2, 1), so x' = (e^2, 1)/(e^2 + 1), lse = log(e^2 + 1).
    const { next, logSumExp } = backend.step(patterns, new Float32Array([1, 0]), 2);
    const z = Math.exp(2) + 1;
    expect(next[0]).toBeCloseTo(Math.exp(2) / z, 7);
    expect(next[1]).toBeCloseTo(1 / z, 7);
    expect(logSumExp).toBeCloseTo(Math.log(z), 14);
    expect(energyFromLogSumExp([1, 0], logSumExp, 2)).toBeCloseTo(-Math.log(z) / 2 + 0.5, 14);
  });

  it('does not overflow at huge λ (max-shifted softmax) and averages equal scores', () => {
    const { next, logSumExp } = backend.step(patterns, new Float32Array([1, 0]), 1e30);
    expect(Array.from(next)).toEqual([1, 0]);
    expect(logSumExp).toBe(1e30);
    const tie = backend.step(patterns, new Float32Array([1, 1]), 5);
    expect(Array.from(tie.next)).toEqual([0.5, 0.5]);
  });

  it('batched step equals the single step on each row', () => {
    const queries = createMatrix(2, 2, new Float32Array([1, 0, 0.3, 0.7]));
    const batch = backend.stepBatch(patterns, queries, 3);
    for (let b = 0; b < 2; b++) {
      const single = backend.step(patterns, queries.data.subarray(b * 2, b * 2 + 2), 3);
      expect(Array.from(batch.next.data.subarray(b * 2, b * 2 + 2))).toEqual(Array.from(single.next));
      expect(batch.logSumExp[b]).toBe(single.logSumExp);
    }
  });

  it('rejects mismatched dimensions, bad λ and empty pattern sets', () => {
    expect(() => backend.scores(patterns, new Float32Array(3))).toThrow(/x has length 3, expected the pattern dimension N = 2/);
    expect(() => backend.step(patterns, new Float32Array(2), -1)).toThrow(/lambda must be a finite number ≥ 0, got -1/);
    expect(() => backend.step(createMatrix(0, 2), new Float32Array(2), 1)).toThrow(/at least one row/);
    expect(() => energyFromLogSumExp([1], 0, 0)).toThrow(/lambda must be a finite number > 0/);
  });
});
