// The conformance suite every AttentionBackend runs: agreement with the float64 reference to
// TOLERANCE (1e-4 relative) on random, spherical-like and adversarial inputs, property tests on
// random small shapes, input validation, and fresh (non-aliasing) outputs.
// Usage, in a backend's test file: describeBackendConformance('js', () => createJsBackend());
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttentionBackend } from '../backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { lseError, maxRowError, relativeError, TOLERANCE } from './compare.js';
import { gaussianArray, gaussianMatrix, queryNear, sphericalMatrix } from './random.js';

const reference = createReferenceBackend();

/** Expects `backend` to agree with the reference on all four operations for these inputs. */
export function expectAgreement(backend: AttentionBackend, patterns: Matrix, queries: Matrix, lambda: number): void {
  const label = `P=${patterns.rows} N=${patterns.cols} B=${queries.rows} λ=${lambda}`;
  const n = patterns.cols;
  const batch = backend.stepBatch(patterns, queries, lambda);
  const expected = reference.stepBatch(patterns, queries, lambda);
  expect(batch.next.rows, label).toBe(queries.rows);
  expect(batch.next.cols, label).toBe(n);
  expect(maxRowError(batch.next.data, expected.next.data, queries.rows, n), `${label} stepBatch next`).toBeLessThanOrEqual(TOLERANCE);
  for (let b = 0; b < queries.rows; b++) {
    expect(lseError(batch.logSumExp[b] as number, expected.logSumExp[b] as number), `${label} stepBatch lse[${b}]`).toBeLessThanOrEqual(
      TOLERANCE,
    );
  }
  const scores = backend.batchedScores(patterns, queries);
  const expectedScores = reference.batchedScores(patterns, queries);
  expect([scores.rows, scores.cols], label).toEqual([queries.rows, patterns.rows]);
  expect(maxRowError(scores.data, expectedScores.data, queries.rows, patterns.rows), `${label} batchedScores`).toBeLessThanOrEqual(
    TOLERANCE,
  );
  // The single-query operations on the first and last query.
  for (const b of new Set([0, queries.rows - 1])) {
    if (b < 0) continue;
    const x = queries.data.slice(b * n, (b + 1) * n);
    const single = backend.step(patterns, x, lambda);
    const ref = reference.step(patterns, x, lambda);
    expect(single.next.length, label).toBe(n);
    expect(relativeError(single.next, ref.next), `${label} step next (query ${b})`).toBeLessThanOrEqual(TOLERANCE);
    expect(lseError(single.logSumExp, ref.logSumExp), `${label} step lse (query ${b})`).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(backend.scores(patterns, x), reference.scores(patterns, x)), `${label} scores`).toBeLessThanOrEqual(TOLERANCE);
  }
}

/** `B` queries near patterns 0, 1, … (noise 0.5) stacked in a matrix. */
function queriesNear(patterns: Matrix, count: number, seed: number, noise = 0.5): Matrix {
  const queries = createMatrix(count, patterns.cols);
  for (let b = 0; b < count; b++) queries.data.set(queryNear(patterns, b % patterns.rows, noise, seed + b), b * patterns.cols);
  return queries;
}

/** Defines the conformance tests of the backend made by `create` (one instance for the whole suite). */
export function describeBackendConformance(label: string, create: () => AttentionBackend): void {
  describe(`${label}: conformance with the float64 reference (≤ ${TOLERANCE} relative)`, () => {
    const backend = create();
    afterAll(() => backend.dispose());

    it('has a name', () => {
      expect(typeof backend.name).toBe('string');
      expect(backend.name.length).toBeGreaterThan(0);
    });

    describe('shapes that are not multiples of the SIMD widths (P ∈ {1,3,7,16,17,1025}, N ∈ {1,3,5,50,67})', () => {
      for (const rows of [1, 3, 7, 16, 17, 1025]) {
        it(`P = ${rows}`, () => {
          for (const cols of [1, 3, 5, 50, 67]) {
            const patterns = gaussianMatrix(rows, cols, 1000 * rows + cols);
            const queries = createMatrix(3, cols, gaussianArray(3 * cols, 7 * rows + cols));
            for (const lambda of [0, 0.3, 2]) expectAgreement(backend, patterns, queries, lambda);
          }
        });
      }
    });

    it('Gaussian patterns, queries near patterns and random queries, λ from 0 to 20', () => {
      const patterns = gaussianMatrix(600, 50, 11);
      for (const lambda of [0, 0.05, 0.5, 1, 5, 20]) {
        expectAgreement(backend, patterns, queriesNear(patterns, 4, 12), lambda);
        expectAgreement(backend, patterns, createMatrix(4, 50, gaussianArray(200, 13)), lambda);
      }
    });

    it('spherical-like patterns (‖ξ‖² = N), λ from 0 to 20', () => {
      const patterns = sphericalMatrix(777, 40, 21);
      for (const lambda of [0, 0.1, 1, 3, 20]) {
        expectAgreement(backend, patterns, queriesNear(patterns, 4, 22, 0.8), lambda);
      }
    });

    it('batch sizes 1 and 64', () => {
      const patterns = gaussianMatrix(300, 33, 31);
      expectAgreement(backend, patterns, queriesNear(patterns, 1, 32), 1);
      expectAgreement(backend, patterns, queriesNear(patterns, 64, 33), 1);
      expectAgreement(backend, patterns, createMatrix(64, 33, gaussianArray(64 * 33, 34)), 0.2);
    });

    it('huge λ (1e6, 1e30): the softmax is an argmax and nothing overflows', () => {
      const patterns = gaussianMatrix(1025, 67, 41);
      const queries = queriesNear(patterns, 3, 42);
      for (const lambda of [1e6, 1e30]) {
        expectAgreement(backend, patterns, queries, lambda);
        const { next, logSumExp } = backend.step(patterns, queries.data.slice(67, 134), lambda);
        expect(Number.isFinite(logSumExp)).toBe(true);
        expect(relativeError(next, patterns.data.subarray(67, 134))).toBeLessThanOrEqual(TOLERANCE);
      }
    });

    it('λ = 0 gives the uniform average of the patterns and log P', () => {
      const patterns = gaussianMatrix(1025, 50, 51);
      const mean = new Float64Array(50);
      for (let mu = 0; mu < 1025; mu++)
        for (let j = 0; j < 50; j++) mean[j] = (mean[j] as number) + (patterns.data[mu * 50 + j] as number) / 1025;
      const { next, logSumExp } = backend.step(patterns, gaussianArray(50, 52), 0);
      expect(relativeError(next, mean)).toBeLessThanOrEqual(TOLERANCE);
      expect(lseError(logSumExp, Math.log(1025))).toBeLessThanOrEqual(TOLERANCE);
    });

    it('all-equal scores: x = 0 averages, identical patterns return the pattern', () => {
      const patterns = gaussianMatrix(70, 5, 61);
      for (const lambda of [0, 1, 1e30]) {
        expectAgreement(backend, patterns, createMatrix(2, 5), lambda);
        const { logSumExp } = backend.step(patterns, new Float32Array(5), lambda);
        expect(lseError(logSumExp, Math.log(70))).toBeLessThanOrEqual(TOLERANCE);
      }
      const same = createMatrix(37, 6);
      const xi = gaussianArray(6, 62);
      for (let mu = 0; mu < 37; mu++) same.data.set(xi, mu * 6);
      for (const lambda of [0, 2, 1e30]) {
        const { next, logSumExp } = backend.step(same, gaussianArray(6, 63), lambda);
        expect(relativeError(next, xi)).toBeLessThanOrEqual(TOLERANCE);
        let dot = 0;
        const x = gaussianArray(6, 63);
        for (let j = 0; j < 6; j++) dot += (xi[j] as number) * (x[j] as number);
        expect(lseError(logSumExp, lambda * dot + Math.log(37))).toBeLessThanOrEqual(TOLERANCE);
      }
    });

    it('P = 1 returns the single pattern and λ ξ·x; N = 1 works', () => {
      const one = gaussianMatrix(1, 9, 71);
      const x = gaussianArray(9, 72);
      for (const lambda of [0, 1, 1e6]) {
        const { next, logSumExp } = backend.step(one, x, lambda);
        expect(relativeError(next, one.data)).toBeLessThanOrEqual(TOLERANCE);
        expect(lseError(logSumExp, reference.step(one, x, lambda).logSumExp)).toBeLessThanOrEqual(TOLERANCE);
      }
      const line = gaussianMatrix(50, 1, 73);
      expectAgreement(backend, line, createMatrix(2, 1, new Float32Array([0.7, -1.3])), 1);
    });

    it('large values: patterns of norm 1e3', () => {
      const patterns = sphericalMatrix(300, 50, 81, 1e3);
      const queries = queriesNear(patterns, 3, 82, 100);
      for (const lambda of [0, 1e-7, 1e-6, 1e-5, 1]) expectAgreement(backend, patterns, queries, lambda);
    });

    it('scores that rise or fall along Ξ (the running max of the online softmax changes often or never)', () => {
      const rows = 1500;
      const rising = createMatrix(rows, 4);
      for (let mu = 0; mu < rows; mu++) rising.data.set([mu / rows, 0.5, -0.25, 1 - mu / rows], mu * 4);
      const falling = createMatrix(rows, 4);
      for (let mu = 0; mu < rows; mu++) falling.data.set(rising.data.subarray((rows - 1 - mu) * 4, (rows - mu) * 4), mu * 4);
      const queries = createMatrix(2, 4, new Float32Array([1, 0, 0, 0, 0.3, 1, -1, 0.2]));
      for (const lambda of [0.5, 30, 3000]) {
        expectAgreement(backend, rising, queries, lambda);
        expectAgreement(backend, falling, queries, lambda);
      }
    });

    it('property: agrees with the reference on random small shapes, λ ∈ [0, 50]', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 70 }),
          fc.integer({ min: 1, max: 13 }),
          fc.integer({ min: 1, max: 4 }),
          fc.double({ min: 0, max: 50, noNaN: true }),
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          (rows, cols, count, lambda, seed) => {
            const patterns = gaussianMatrix(rows, cols, seed);
            const queries = createMatrix(count, cols, gaussianArray(count * cols, seed + 1));
            expectAgreement(backend, patterns, queries, lambda);
          },
        ),
        { numRuns: 60, seed: 20_240_611 },
      );
    });

    it('validates its inputs like the reference (RangeError naming the problem)', () => {
      const patterns = gaussianMatrix(5, 3, 91);
      expect(() => backend.scores(patterns, new Float32Array(4))).toThrow(RangeError);
      expect(() => backend.scores(patterns, new Float32Array(4))).toThrow(/x has length 4, expected the pattern dimension N = 3/);
      expect(() => backend.step(patterns, new Float32Array(2), 1)).toThrow(/x has length 2/);
      expect(() => backend.batchedScores(patterns, createMatrix(2, 4))).toThrow(/queries have 4 columns/);
      expect(() => backend.stepBatch(patterns, createMatrix(2, 4), 1)).toThrow(/queries have 4 columns/);
      for (const lambda of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => backend.step(patterns, new Float32Array(3), lambda)).toThrow(/lambda must be a finite number ≥ 0/);
        expect(() => backend.stepBatch(patterns, createMatrix(1, 3), lambda)).toThrow(/lambda must be a finite number ≥ 0/);
      }
      expect(() => backend.step(createMatrix(0, 3), new Float32Array(3), 1)).toThrow(/at least one row/);
      expect(() => backend.stepBatch(createMatrix(0, 3), createMatrix(1, 3), 1)).toThrow(/at least one row/);
    });

    it('handles empty edges: no queries, no patterns for scores, N = 0', () => {
      const patterns = gaussianMatrix(5, 3, 92);
      const none = backend.stepBatch(patterns, createMatrix(0, 3), 1);
      expect([none.next.rows, none.next.cols, none.logSumExp.length]).toEqual([0, 3, 0]);
      expect(backend.batchedScores(patterns, createMatrix(0, 3)).data.length).toBe(0);
      expect(backend.scores(createMatrix(0, 3), new Float32Array(3)).length).toBe(0);
      const flat = createMatrix(4, 0);
      expect(backend.step(flat, new Float32Array(0), 2).next.length).toBe(0);
      expect(lseError(backend.step(flat, new Float32Array(0), 2).logSumExp, Math.log(4))).toBeLessThanOrEqual(TOLERANCE);
    });

    it('stepInto (when provided): the bits of step, written into out (which may be x), agreeing with the reference', () => {
      if (backend.stepInto === undefined) return;
      for (const [rows, cols, lambda] of [
        [1, 1, 0.5],
        [17, 5, 0],
        [1025, 50, 0.3],
        [777, 45, 2],
        [300, 67, 1e6],
      ] as const) {
        const patterns = sphericalMatrix(rows, cols, 100 + rows);
        const x = queryNear(patterns, 0, 0.4, 200 + cols);
        const before = x.slice();
        const { next, logSumExp } = backend.step(patterns, x, lambda);
        const out = new Float32Array(cols).fill(Number.NaN);
        const lse = backend.stepInto(patterns, x, lambda, out);
        expect(lse).toBe(logSumExp);
        expect(Array.from(out)).toEqual(Array.from(next));
        expect(Array.from(x)).toEqual(Array.from(before));
        const ref = reference.step(patterns, x, lambda);
        expect(relativeError(out, ref.next)).toBeLessThanOrEqual(TOLERANCE);
        expect(lseError(lse, ref.logSumExp)).toBeLessThanOrEqual(TOLERANCE);
        // In place, repeatedly: the trajectory of step, bit for bit.
        let expected: Float32Array = x.slice();
        const state = x.slice();
        for (let t = 0; t < 5; t++) {
          const step = backend.step(patterns, expected, lambda);
          expect(backend.stepInto(patterns, state, lambda, state)).toBe(step.logSumExp);
          expected = step.next;
          expect(Array.from(state)).toEqual(Array.from(expected));
        }
      }
      const patterns = gaussianMatrix(5, 3, 95);
      expect(() => backend.stepInto?.(patterns, new Float32Array(3), 1, new Float32Array(2))).toThrow(
        /out has length 2, expected the pattern dimension N = 3/,
      );
      expect(() => backend.stepInto?.(patterns, new Float32Array(4), 1, new Float32Array(3))).toThrow(/x has length 4/);
      expect(() => backend.stepInto?.(patterns, new Float32Array(3), -1, new Float32Array(3))).toThrow(
        /lambda must be a finite number ≥ 0/,
      );
      const flat = createMatrix(4, 0);
      expect(lseError(backend.stepInto(flat, new Float32Array(0), 2, new Float32Array(0)), Math.log(4))).toBeLessThanOrEqual(TOLERANCE);
    });

    it('returns fresh arrays that do not alias its inputs, and leaves the inputs unchanged', () => {
      const patterns = gaussianMatrix(40, 6, 93);
      const queries = queriesNear(patterns, 3, 94);
      const x = queries.data.slice(0, 6);
      const before = [patterns.data.slice(), queries.data.slice(), x.slice()];
      const scores = backend.scores(patterns, x);
      const step = backend.step(patterns, x, 2);
      const batch = backend.stepBatch(patterns, queries, 2);
      const batchedScores = backend.batchedScores(patterns, queries);
      const inputs = [patterns.data.buffer, queries.data.buffer, x.buffer];
      for (const out of [scores, step.next, batch.next.data, batch.logSumExp, batchedScores.data]) {
        expect(inputs).not.toContain(out.buffer);
      }
      expect(batch.next).not.toBe(queries);
      // A second call returns new arrays; writing into old outputs changes neither inputs nor new outputs.
      const again = backend.step(patterns, x, 2);
      expect(again.next).not.toBe(step.next);
      expect(again.next.buffer).not.toBe(step.next.buffer);
      step.next.fill(123);
      scores.fill(123);
      batch.next.data.fill(123);
      expect(Array.from(backend.step(patterns, x, 2).next)).toEqual(Array.from(again.next));
      expect([patterns.data, queries.data, x].map((a) => Array.from(a))).toEqual(before.map((a) => Array.from(a)));
    });
  });
}
