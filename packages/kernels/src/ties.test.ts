// Every CPU backend at exact exponent ties (u = β·s − m a half-integer, see testing/ties.ts), against
// the float64 reference and a base-2 oracle without Math.exp, to 1e-6 relative: the scores of these
// inputs are exact in float32 (small integers and halves), so what is left is the exponential
// (≤ 4e-7 relative in wasm-simd, a few float64 ulps elsewhere) and the final float32 rounding
// (6e-8). The exponent-tie bug of wasm-simd (weights 2× off) moved these results by 1e-2 to 0.3.
// gpu.js runs the same cases through gpu/agreement.ts at its 1e-4 contract.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttentionBackend } from './backend.js';
import { createJsBackend } from './js/js-backend.js';
import { createMatrix } from './matrix.js';
import { createReferenceBackend } from './reference/reference-backend.js';
import { lseError, relativeError } from './testing/compare.js';
import { base2Step, dyadicLambda, halfIntegerExponents, type TieCase, tieCases } from './testing/ties.js';
import { createWasmSimdBackend } from './wasm/wasm-backend.js';

const TIE_TOLERANCE = 1e-6;
const reference = createReferenceBackend();
const backends: AttentionBackend[] = [reference, createJsBackend(), createWasmSimdBackend()];

/** Every single-query and batched path of `backend` against the reference and the oracle. */
function expectExact(
  backend: AttentionBackend,
  patterns: Parameters<typeof base2Step>[0],
  x: Float32Array,
  lambda: number,
  label: string,
): void {
  const oracle = base2Step(patterns, x, lambda);
  const ref = reference.step(patterns, x, lambda);
  expect(relativeError(ref.next, oracle.next), `${label}: reference vs base-2 oracle`).toBeLessThanOrEqual(TIE_TOLERANCE);
  const batch = createMatrix(3, patterns.cols);
  for (let b = 0; b < 3; b++) batch.data.set(x, b * patterns.cols);
  const batched = backend.stepBatch(patterns, batch, lambda);
  const single = backend.step(patterns, x, lambda);
  const results: [string, ArrayLike<number>, number][] = [
    ['step', single.next, single.logSumExp],
    ['stepBatch row 0', batched.next.data.subarray(0, patterns.cols), batched.logSumExp[0] as number],
    ['stepBatch row 2', batched.next.data.subarray(2 * patterns.cols), batched.logSumExp[2] as number],
  ];
  if (backend.stepInto !== undefined) {
    const out = new Float32Array(patterns.cols);
    results.push(['stepInto', out, backend.stepInto(patterns, x, lambda, out)]);
  }
  for (const [path, next, lse] of results) {
    const where = `${label}, ${backend.name} ${path}`;
    expect(relativeError(next, ref.next), where).toBeLessThanOrEqual(TIE_TOLERANCE);
    expect(relativeError(next, oracle.next), where).toBeLessThanOrEqual(TIE_TOLERANCE);
    expect(lseError(lse, ref.logSumExp), `${where} logSumExp`).toBeLessThanOrEqual(TIE_TOLERANCE);
    expect(lseError(lse, oracle.logSumExp), `${where} logSumExp`).toBeLessThanOrEqual(TIE_TOLERANCE);
  }
}

describe('exact exponent ties (β·s − m = −½, −1½, …): every backend agrees with the float64 reference to 1e-6', () => {
  it('dyadicLambda(k, m)·log2(e) is k/2^m exactly for the k of the cases', () => {
    for (const k of [1, 5, 9]) for (const m of [0, 1, 2, 3, 4]) expect(dyadicLambda(k, m) * Math.LOG2E).toBe(k / 2 ** m);
  });

  it('the cases do contain ties (else they test nothing)', () => {
    for (const { name, patterns, x, lambda } of tieCases()) expect(halfIntegerExponents(patterns, x, lambda), name).toBeGreaterThan(0);
  });

  it('the first two reproductions of the exponent-tie bug match their closed forms: x′₁ = 0.79289 and 0.58579', () => {
    // Closed forms: weights 2 and √2 → x′₁ = (2 + √2/2)/(2 + √2); weights 1 and 2^−½ → 1/(1 + 2^−½).
    const [first, second] = tieCases() as [TieCase, TieCase];
    for (const backend of backends) {
      expect(backend.step(first.patterns, first.x, first.lambda).next[0]).toBeCloseTo((2 + Math.SQRT1_2) / (2 + Math.SQRT2), 6);
      expect(backend.step(second.patterns, second.x, second.lambda).next[0]).toBeCloseTo(1 / (1 + Math.SQRT1_2), 6);
    }
  });

  for (const backend of backends) {
    it(`${backend.name}: every tie case, every step path`, () => {
      for (const { name, patterns, x, lambda } of tieCases()) expectExact(backend, patterns, x, lambda, name);
    });

    it(`${backend.name}: property — integer patterns, integer queries, λ = k·ln 2 / 2^m`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 9 }),
          fc.integer({ min: 1, max: 31 }),
          fc.integer({ min: 0, max: 5 }),
          fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 360, maxLength: 360 }),
          fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 9, maxLength: 9 }),
          (rows, cols, k, m, entries, query) => {
            const patterns = createMatrix(rows, cols, Float32Array.from(entries.slice(0, rows * cols)));
            const x = Float32Array.from(query.slice(0, cols));
            expectExact(backend, patterns, x, dyadicLambda(k, m), `P = ${rows}, N = ${cols}, λ = ${k}·ln 2/2^${m}`);
          },
        ),
        { numRuns: 150, seed: 20_261_207 },
      );
    });
  }
});
