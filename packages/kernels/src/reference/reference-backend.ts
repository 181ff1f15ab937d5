import type { AttentionBackend, BatchStepResult, StepResult } from '../backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import type { StepRounding } from '../rounding.js';
import { checkOut, checkQueries, checkQuery, checkStep } from '../validate.js';
import { referenceRounding } from './reference-rounding.js';

/** `ξ^μ·x` in float64 (no blocking, no tricks). */
function dot(patterns: Matrix, mu: number, x: ArrayLike<number>): number {
  const { cols, data } = patterns;
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += (data[mu * cols + j] as number) * (x[j] as number);
  return sum;
}

/** The step of Eq. (2) in float64 with a max-shifted softmax: two passes over Ξ. */
function referenceStep(patterns: Matrix, x: ArrayLike<number>, lambda: number): { next: Float64Array; logSumExp: number } {
  const { rows, cols, data } = patterns;
  const logits = new Float64Array(rows);
  let max = Number.NEGATIVE_INFINITY;
  for (let mu = 0; mu < rows; mu++) {
    const value = lambda * dot(patterns, mu, x);
    logits[mu] = value;
    if (value > max) max = value;
  }
  let total = 0;
  const next = new Float64Array(cols);
  for (let mu = 0; mu < rows; mu++) {
    const weight = Math.exp((logits[mu] as number) - max);
    total += weight;
    for (let j = 0; j < cols; j++) next[j] = (next[j] as number) + weight * (data[mu * cols + j] as number);
  }
  for (let j = 0; j < cols; j++) next[j] = (next[j] as number) / total;
  return { next, logSumExp: max + Math.log(total) };
}

/**
 * The float64 reference backend: plain loops in double precision with a max-shifted softmax.
 * Slow and obviously correct; every other backend is tested against it. Its rounding model
 * (`stepRounding`) is the float64 error bound of {@link referenceRounding}.
 */
export function createReferenceBackend(): AttentionBackend {
  return {
    name: 'reference',
    scores(patterns: Matrix, x: Float32Array): Float32Array {
      checkQuery(patterns, x);
      const out = new Float32Array(patterns.rows);
      for (let mu = 0; mu < patterns.rows; mu++) out[mu] = dot(patterns, mu, x);
      return out;
    },
    batchedScores(patterns: Matrix, queries: Matrix): Matrix {
      checkQueries(patterns, queries);
      const out = createMatrix(queries.rows, patterns.rows);
      for (let b = 0; b < queries.rows; b++) {
        const x = queries.data.subarray(b * queries.cols, (b + 1) * queries.cols);
        for (let mu = 0; mu < patterns.rows; mu++) out.data[b * patterns.rows + mu] = dot(patterns, mu, x);
      }
      return out;
    },
    step(patterns: Matrix, x: Float32Array, lambda: number): StepResult {
      checkQuery(patterns, x);
      checkStep(patterns, lambda);
      const { next, logSumExp } = referenceStep(patterns, x, lambda);
      return { next: Float32Array.from(next), logSumExp };
    },
    stepInto(patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number {
      checkQuery(patterns, x);
      checkStep(patterns, lambda);
      checkOut(patterns, out);
      const { next, logSumExp } = referenceStep(patterns, x, lambda);
      out.set(next);
      return logSumExp;
    },
    stepBatch(patterns: Matrix, queries: Matrix, lambda: number): BatchStepResult {
      checkQueries(patterns, queries);
      checkStep(patterns, lambda);
      const next = createMatrix(queries.rows, queries.cols);
      const logSumExp = new Float64Array(queries.rows);
      for (let b = 0; b < queries.rows; b++) {
        const x = queries.data.subarray(b * queries.cols, (b + 1) * queries.cols);
        const result = referenceStep(patterns, x, lambda);
        next.data.set(result.next, b * queries.cols);
        logSumExp[b] = result.logSumExp;
      }
      return { next, logSumExp };
    },
    stepRounding(P: number, N: number): StepRounding {
      return referenceRounding(P, N);
    },
    dispose(): void {},
  };
}
