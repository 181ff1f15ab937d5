// Test helper (not exported by the package): inputs on which a backend must agree with the float64
// reference, and the agreement check itself. Used by the gpu.js tests of every mode.
import { expect } from 'vitest';
import type { AttentionBackend } from '../backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { tieCases } from '../testing/ties.js';

/**
 * Agreement required with the float64 reference (DESIGN: ≤ 1e-4 relative). A float32 dot product
 * of length N has a relative error ≲ N·2⁻²⁴ (≈ 3e-6 at N = 50, ≈ 1e-6 typically); weights pass
 * through exp(λ·Δs), so a score error δ moves a weight by λδ relative — small for every case
 * below: random scores are separated by far more than 1e-4/λ, and the adversarial ties are
 * exact in float32 (small integers), so they stay exact on every device.
 */
export const TOLERANCE = 1e-4;

/** Mulberry32: a tiny seeded generator, enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A `rows × cols` matrix of standard normal entries (Box–Muller) times `scale`. */
export function gaussianMatrix(rows: number, cols: number, seed: number, scale = 1): Matrix {
  const random = seededRandom(seed);
  const m = createMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) {
    const u = 1 - random();
    m.data[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  }
  return m;
}

/** `max |a − b| / max |b|` (plain `max |a − b|` when `b` is all zeros). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const b = expected[i] as number;
    diff = Math.max(diff, Number.isNaN(a - b) ? Number.POSITIVE_INFINITY : Math.abs(a - b));
    scale = Math.max(scale, Math.abs(b));
  }
  return scale === 0 ? diff : diff / scale;
}

/** One agreement case: patterns, queries (one per row) and the λ values to step with. */
export interface AgreementCase {
  readonly name: string;
  readonly patterns: Matrix;
  readonly queries: Matrix;
  readonly lambdas: readonly number[];
}

const LAMBDAS = [0, 0.7, 5, 1e6] as const;

/** Random and adversarial cases, small enough for gpu.js's slow `cpu` mode. */
export function agreementCases(): AgreementCase[] {
  const cases: AgreementCase[] = [];
  const add = (name: string, patterns: Matrix, queries: Matrix, lambdas: readonly number[] = LAMBDAS): void => {
    cases.push({ name, patterns, queries, lambdas });
  };
  add('random 37×13 (P not a multiple of the tile)', gaussianMatrix(37, 13, 1), gaussianMatrix(3, 13, 2));
  add('P = 1, N = 1', createMatrix(1, 1, new Float32Array([-1.5])), createMatrix(2, 1, new Float32Array([2, -0.25])));
  add('P = 1, N = 6', gaussianMatrix(1, 6, 3), gaussianMatrix(2, 6, 4));
  add('P = 9, N = 1', gaussianMatrix(9, 1, 5), gaussianMatrix(2, 1, 6));
  // All-equal scores: identical patterns (any x), and x = 0 (any patterns).
  const same = createMatrix(11, 5);
  const one = gaussianMatrix(1, 5, 7);
  for (let i = 0; i < 11; i++) same.data.set(one.data, i * 5);
  add('identical patterns (all scores equal)', same, gaussianMatrix(2, 5, 8));
  add('x = 0 (all scores zero)', gaussianMatrix(23, 7, 9), createMatrix(2, 7));
  // Exact ties at the top: ±1 patterns and small-integer queries, so every score is an exact
  // small integer in float32; several patterns share the maximum and λ = 1e6 must average them.
  const signs = createMatrix(29, 8);
  const random = seededRandom(10);
  for (let i = 0; i < signs.data.length; i++) signs.data[i] = random() < 0.5 ? -1 : 1;
  for (const mu of [4, 17, 25]) signs.data.set([1, 1, 1, 1, 1, 1, 1, 1], mu * 8);
  add(
    'exact ties at the maximum, λ up to 1e6',
    signs,
    createMatrix(2, 8, new Float32Array([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2])),
  );
  // One dominant pattern (a retrieval): x close to ξ^3, the rest far below it.
  const patterns = gaussianMatrix(31, 10, 11);
  const near = createMatrix(
    1,
    10,
    Float32Array.from(patterns.data.subarray(30, 40), (v, j) => v + 0.01 * Math.sin(j)),
  );
  add('x near one pattern', patterns, near, [1, 50, 1e6]);
  // Large magnitudes and a tiny λ, and the opposite.
  add('large entries (×1e3), small λ', gaussianMatrix(19, 9, 12, 1e3), gaussianMatrix(2, 9, 13, 1e3), [0, 1e-6, 1e-3]);
  add('tiny entries (×1e-3), huge λ', gaussianMatrix(19, 9, 14, 1e-3), gaussianMatrix(2, 9, 15, 1e-3), [1e3, 1e6]);
  // Exact exponent ties (testing/ties.ts), with one of the 1100-row rescale cases.
  for (const tie of tieCases()) {
    if (tie.name.startsWith('rescale') && !tie.name.endsWith('2^-0.5')) continue;
    add(`tie: ${tie.name}`, tie.patterns, createMatrix(1, tie.patterns.cols, tie.x), [tie.lambda]);
  }
  return cases;
}

/** Row `b` of `m` as a fresh `Float32Array`. */
export function rowOf(m: Matrix, b: number): Float32Array {
  return m.data.slice(b * m.cols, (b + 1) * m.cols);
}

const reference = createReferenceBackend();

/** `|Δ logSumExp| ≤ TOLERANCE · max(1, |lse|)`. */
export function expectLogSumExp(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: logSumExp ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOLERANCE * Math.max(1, Math.abs(expected)),
  );
}

/** Checks scores, batched scores, step and batched step of `backend` against the reference on one case. */
export function expectAgreement(backend: AttentionBackend, { name, patterns, queries, lambdas }: AgreementCase): void {
  const expectedScores = reference.batchedScores(patterns, queries);
  const batched = backend.batchedScores(patterns, queries);
  expect([batched.rows, batched.cols]).toEqual([queries.rows, patterns.rows]);
  for (let b = 0; b < queries.rows; b++) {
    const want = rowOf(expectedScores, b);
    expect(relativeError(backend.scores(patterns, rowOf(queries, b)), want), `${name}: scores of query ${b}`).toBeLessThanOrEqual(
      TOLERANCE,
    );
    expect(relativeError(rowOf(batched, b), want), `${name}: batched scores of query ${b}`).toBeLessThanOrEqual(TOLERANCE);
  }
  for (const lambda of lambdas) {
    const label = `${name}, λ = ${lambda}`;
    const want = reference.stepBatch(patterns, queries, lambda);
    const got = backend.stepBatch(patterns, queries, lambda);
    expect([got.next.rows, got.next.cols]).toEqual([queries.rows, queries.cols]);
    for (let b = 0; b < queries.rows; b++) {
      const single = backend.step(patterns, rowOf(queries, b), lambda);
      expect(relativeError(single.next, rowOf(want.next, b)), `${label}: step of query ${b}`).toBeLessThanOrEqual(TOLERANCE);
      expect(relativeError(rowOf(got.next, b), rowOf(want.next, b)), `${label}: stepBatch row ${b}`).toBeLessThanOrEqual(TOLERANCE);
      expectLogSumExp(single.logSumExp, want.logSumExp[b] as number, `${label}: step of query ${b}`);
      expectLogSumExp(got.logSumExp[b] as number, want.logSumExp[b] as number, `${label}: stepBatch row ${b}`);
    }
  }
}
