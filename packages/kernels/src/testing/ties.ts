// Test data (not exported by the package): inputs where the exponent of a softmax weight is an
// exact half-integer in the base-2 form of the kernels, u = β·s_μ − β·max s = −½, −1½, … with
// β = λ·log2(e). Integer-valued patterns (binary ensembles, user data) at dyadic β hit these ties
// for certain; a range reduction that rounds them inconsistently gets weights 2× off. Also an
// oracle for such inputs that does not use Math.exp: weights 2^(β·s − m) by `**`.
import { createMatrix, type Matrix } from '../matrix.js';

/** The float64 constant log2(e) that the wasm-simd kernel multiplies λ by (kernel.wat, `attend`). */
const LOG2E = Math.LOG2E;

/**
 * `λ = k·ln 2 / 2^m`, as a user would write it. Then `λ·log2(e)` is `k/2^m` exactly in float64 for
 * most k (1, 2, 4, 5, 8–11, 15–23, …; not 3, 6, 7, 12–14): the kernels' β is dyadic and integer
 * scores give exact half-integer exponents ({@link halfIntegerExponents} counts them).
 */
export function dyadicLambda(k: number, m: number): number {
  return (k * Math.LN2) / 2 ** m;
}

/** The scores `ξ^μ·x` in float64 (exact for the small integers and halves of these cases). */
function exactScores(patterns: Matrix, x: ArrayLike<number>): Float64Array {
  const { rows, cols, data } = patterns;
  const scores = new Float64Array(rows);
  for (let mu = 0; mu < rows; mu++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (data[mu * cols + j] as number) * (x[j] as number);
    scores[mu] = s;
  }
  return scores;
}

/** How many of the exponents `β·s_μ − β·max s` (float64, from the float32 scores) are exact half-integers. */
export function halfIntegerExponents(patterns: Matrix, x: ArrayLike<number>, lambda: number): number {
  const beta = lambda * LOG2E;
  const scores = Float32Array.from(exactScores(patterns, x));
  const top = beta * Math.max(...scores);
  let ties = 0;
  for (const s of scores) {
    const u = beta * s - top;
    if (u - Math.floor(u) === 0.5) ties++;
  }
  return ties;
}

/**
 * The step of Eq. (2) and its log-sum-exp in float64 by base-2 weights `2^(β·s_μ − β·max s)`
 * (`**`, not Math.exp) — an independent oracle for the dyadic β of these tests, where the exponents
 * are exact.
 */
export function base2Step(patterns: Matrix, x: ArrayLike<number>, lambda: number): { next: Float64Array; logSumExp: number } {
  const beta = lambda * LOG2E;
  const { rows, cols, data } = patterns;
  const scores = exactScores(patterns, x);
  const top = Math.max(...scores);
  const next = new Float64Array(cols);
  let total = 0;
  for (let mu = 0; mu < rows; mu++) {
    const w = 2 ** (beta * ((scores[mu] as number) - top));
    total += w;
    for (let j = 0; j < cols; j++) next[j] = (next[j] as number) + w * (data[mu * cols + j] as number);
  }
  for (let j = 0; j < cols; j++) next[j] = (next[j] as number) / total;
  return { next, logSumExp: lambda * top + Math.log(total) };
}

/** One tie case: patterns, one query and λ. */
export interface TieCase {
  readonly name: string;
  readonly patterns: Matrix;
  readonly x: Float32Array;
  readonly lambda: number;
}

/** `count` ±1 entries from a seeded LCG (deterministic, platform-independent). */
function signs(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state & 0x8000_0000 ? 1 : -1;
  });
}

/**
 * The tie cases every backend must get right:
 * - the three reproductions of the exponent-tie bug (patterns [[1, 0], [½, 0]] at λ = ln 2,
 *   [[1, 0], [0, 1]] at λ = ln 2 / 2, four ±1 patterns of length 4 at λ = ln 2 / 4);
 * - one weight at u = −k − ½ for k = 0 … 6 beside a weight 1 (its share of the result is
 *   2^u/(1 + 2^u), so a weight 2× off moves the result by ≥ 1%);
 * - the same tie on the online-softmax rescale: the maximum grows by k + ½ in a later chunk of Ξ
 *   (1100 rows, more than one wasm-simd chunk at N = 2);
 * - ±1 patterns (P = 40, N = 8) at β = k/2^m, queries a pattern and a ±1 vector: the scores are
 *   integers of one parity, so exponents β·2j are half-integers for m ≥ 2 (j = 1 or 2 or 4).
 */
export function tieCases(): TieCase[] {
  const cases: TieCase[] = [];
  const add = (name: string, patterns: Matrix, x: ArrayLike<number>, lambda: number): void => {
    cases.push({ name, patterns, x: Float32Array.from(x), lambda });
  };
  add('[[1, 0], [0.5, 0]], λ = ln 2', createMatrix(2, 2, Float32Array.from([1, 0, 0.5, 0])), [1, 0], dyadicLambda(1, 0));
  add('[[1, 0], [0, 1]], λ = ln 2 / 2', createMatrix(2, 2, Float32Array.from([1, 0, 0, 1])), [1, 0], dyadicLambda(1, 1));
  const four = createMatrix(4, 4, Float32Array.from([1, 1, 1, 1, 1, 1, 1, -1, 1, 1, -1, -1, 1, -1, -1, -1]));
  add('four ±1 patterns of length 4, x = all ones, λ = ln 2 / 4', four, [1, 1, 1, 1], dyadicLambda(1, 2));
  for (let k = 0; k <= 6; k++) {
    const u = -k - 0.5;
    add(`one weight 2^${u} beside a weight 1`, createMatrix(2, 2, Float32Array.from([0, 0, u, 1])), [1, 0], dyadicLambda(1, 0));
    const rows = 1100;
    const rescale = createMatrix(rows, 2);
    rescale.data.set([0, 1], 0); // the first chunk's maximum: score 0
    for (let mu = 1; mu < rows - 1; mu++) rescale.data.set([-300, 0], mu * 2); // weights that underflow
    rescale.data.set([k + 0.5, 0], (rows - 1) * 2); // the last chunk's maximum: k + ½ higher
    add(`rescale of the online softmax by 2^${u}`, rescale, [1, 0], dyadicLambda(1, 0));
  }
  for (const [k, m] of [
    [1, 2],
    [5, 2],
    [1, 3],
    [5, 3],
    [9, 3],
    [1, 4],
    [5, 4],
    [9, 4],
  ] as const) {
    const patterns = createMatrix(40, 8, signs(320, 17 * k + m));
    const lambda = dyadicLambda(k, m);
    add(`±1 patterns, β = ${k}/2^${m}, x = ξ^1`, patterns, patterns.data.subarray(0, 8), lambda);
    add(`±1 patterns, β = ${k}/2^${m}, x random ±1`, patterns, signs(8, 99 + k + m), lambda);
  }
  return cases;
}
