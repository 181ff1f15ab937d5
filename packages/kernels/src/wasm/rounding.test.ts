import { describe, expect, it } from 'vitest';
import { createMatrix, type Matrix } from '../matrix.js';
import { gamma32, logSumExpErrorFromRounding, stepErrorFromRounding } from '../rounding.js';
import { error2, exactStep, roundingCases } from '../testing/exact-step.js';
import { gaussianArray, gaussianMatrix, queryNear, sphericalMatrix } from '../testing/random.js';
import { tieCases } from '../testing/ties.js';
import { wasmSimdRounding } from './rounding-model.js';
import { createWasmSimdBackend } from './wasm-backend.js';

describe('wasm-simd rounding model (stepErrorFromRounding ∘ wasmSimdRounding)', () => {
  const backend = createWasmSimdBackend();

  /**
   * Checks step and stepInto against the single-query model, stepBatch (two queries) against the
   * batch model, each with the exact spread and with the default; and each path's log-sum-exp
   * against {@link logSumExpErrorFromRounding}.
   */
  function check(patterns: Matrix, x: Float32Array, lambda: number): { error: number; bound: number } {
    const exact = exactStep(patterns, x, lambda);
    const inputs = { lambda, maxNorm: exact.maxNorm, stateNorm: exact.stateNorm };
    const spread = exact.spread * (1 + 1e-9) + 1e-300;
    const [bound, batchBound] = [1, 2].map((queries) => {
      const rounding = wasmSimdRounding(patterns.rows, patterns.cols, queries);
      const tight = stepErrorFromRounding(rounding, { ...inputs, spread });
      expect(tight).toBeLessThanOrEqual(stepErrorFromRounding(rounding, inputs));
      return tight;
    }) as [number, number];
    expect(bound).toBeLessThanOrEqual(batchBound);
    const out = new Float32Array(patterns.cols);
    backend.stepInto(patterns, x, lambda, out);
    const batch = createMatrix(2, patterns.cols);
    batch.data.set(x, 0);
    batch.data.set(x, patterns.cols);
    const batchResult = backend.stepBatch(patterns, batch, lambda);
    const batched = batchResult.next.data;
    const single = backend.step(patterns, x, lambda);
    const error = Math.max(error2(out, exact.next), error2(single.next, exact.next));
    const where = `P = ${patterns.rows}, N = ${patterns.cols}, λ = ${lambda}`;
    for (const [queries, lse] of [
      [1, single.logSumExp],
      [2, batchResult.logSumExp[0] as number],
    ] as const) {
      const lseBound = logSumExpErrorFromRounding(wasmSimdRounding(patterns.rows, patterns.cols, queries), {
        ...inputs,
        rows: patterns.rows,
        logSumExp: lse,
      });
      expect(Math.abs(lse - exact.logSumExp), `${where}: log-sum-exp (${queries} queries)`).toBeLessThanOrEqual(lseBound);
    }
    expect(error, where).toBeLessThanOrEqual(bound);
    expect(error2(batched.subarray(0, patterns.cols), exact.next), where).toBeLessThanOrEqual(batchBound);
    return { error, bound };
  }

  it('bounds each score of a single query by its score constant, also under heavy cancellation', () => {
    // The single-query scores ($scores, also behind `scores`) against float64 sums of the same
    // float32 products: |s̃ − s| ≤ score·Σ_j |ξ_j x_j| + scoreAbsolute.
    for (const [patterns, x] of [
      [sphericalMatrix(700, 45, 21), gaussianArray(45, 22)],
      [gaussianMatrix(300, 64, 23), gaussianArray(64, 24)],
      [gaussianMatrix(300, 7, 25), gaussianArray(7, 26)],
    ] as const) {
      const { rows, cols, data } = patterns;
      // Cancellation: entries of alternating sign and magnitudes 1–16.
      const adversarial = Float32Array.from(x, (v, j) => v * 2 ** (j % 5) * (j % 2 ? -1 : 1));
      for (const query of [x, adversarial]) {
        const rounding = wasmSimdRounding(rows, cols);
        const scores = backend.scores(patterns, Float32Array.from(query));
        let worst = 0;
        for (let mu = 0; mu < rows; mu++) {
          let exact = 0;
          let absolute = 0;
          for (let j = 0; j < cols; j++) {
            const product = (data[mu * cols + j] as number) * (query[j] as number);
            exact += product;
            absolute += Math.abs(product);
          }
          const allowed = rounding.score * absolute + rounding.scoreAbsolute;
          worst = Math.max(worst, Math.abs((scores[mu] as number) - exact) / allowed);
        }
        expect(worst).toBeLessThanOrEqual(1);
        expect(worst).toBeGreaterThan(0); // the comparison sees the rounding
      }
    }
  });

  it('bounds the error of every step path on random, large, tiny and adversarial inputs', () => {
    const cases: [Matrix, number][] = [
      [sphericalMatrix(8103, 45, 1), 0.31],
      [sphericalMatrix(20000, 12, 3), 1.5], // many chunks (rescales of the online softmax)
      ...roundingCases(),
    ];
    for (const [patterns, lambda] of cases) {
      const n = patterns.cols;
      check(patterns, patterns.data.slice(0, n), lambda);
      check(patterns, queryNear(patterns, 1 % patterns.rows, 0.3, 9), lambda);
      check(patterns, gaussianArray(n, 10), lambda);
    }
  });

  it('keeps each weight within one exponential of its exact value however often the running max grows (exact rescales)', () => {
    // N = 2 (one chunk = 64 super-blocks = 1024 rows), scores rising slowly through 2000 chunks:
    // the running max grows at every chunk, every weight stays within a factor √2 of the largest,
    // and the earliest ones would go through ~2000 rescales. The weight constant of the model is
    // one exponential's (10⁻⁶), independent of P: inexact rescales would add up past it.
    const rows = 1024 * 2000;
    const patterns = createMatrix(rows, 2);
    for (let mu = 0; mu < rows; mu++) patterns.data[2 * mu] = Math.fround(1 + (0.3 * mu) / rows);
    expect(wasmSimdRounding(rows, 2).weight).toBeLessThanOrEqual(2e-6);
    check(patterns, Float32Array.of(1, 0), 1);
    check(patterns, Float32Array.of(3.7, 0.5), 0.9);
    // Scores rising ~1.07 (in base 2, λ = ln 2) per chunk through 300 chunks: the integer bound is
    // raised at every chunk, so the old sums are rescaled by exact powers of two 300 times.
    const raised = createMatrix(1024 * 300, 2);
    for (let mu = 0; mu < raised.rows; mu++) raised.data[2 * mu] = Math.fround((1.07 * mu) / 1024);
    check(raised, Float32Array.of(1, 0), Math.LN2);
    check(raised, Float32Array.of(0.5, 3), Math.LN2);
  });

  it('bounds every step path at exact exponent ties (integer patterns, λ = k·ln 2 / 2^m)', () => {
    for (const { patterns, x, lambda } of tieCases()) check(patterns, x, lambda);
  });

  it('is far tighter than the 1e-4 contract where the experiments run (P = 8103, N = 45, λ ≈ 0.31, x near ξ^1)', () => {
    const patterns = sphericalMatrix(8103, 45, 11);
    const { error, bound } = check(patterns, patterns.data.slice(0, 45), 0.31);
    // The contract bounds the ∞-norm by 1e-4·max|x'_j|, so the 2-norm by √N·1e-4·max|ξ_j| ≈ 2.8e-3.
    expect(bound).toBeLessThan(1e-3);
    expect(error).toBeLessThan(bound / 10);
  });

  it('gamma32 is k·2^-24/(1 − k·2^-24)', () => {
    expect(gamma32(0)).toBe(0);
    expect(gamma32(2)).toBe(2 ** -23 / (1 - 2 ** -23));
  });
});
