import type { AttentionBackend, BatchStepResult, StepResult } from '../backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import { checkOut, checkQueries, checkQuery, checkStep } from '../validate.js';

/**
 * `ξ^μ·x` for the row starting at `base` of `data`: float64 arithmetic, unrolled by four with
 * four separate accumulators (independent add chains; the summation order differs from the
 * reference's only by that split).
 */
function dotRow(data: Float32Array, base: number, x: Float32Array, offset: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += (data[base + j] as number) * (x[offset + j] as number);
    s1 += (data[base + j + 1] as number) * (x[offset + j + 1] as number);
    s2 += (data[base + j + 2] as number) * (x[offset + j + 2] as number);
    s3 += (data[base + j + 3] as number) * (x[offset + j + 3] as number);
  }
  for (; j < n; j++) s0 += (data[base + j] as number) * (x[offset + j] as number);
  return s0 + s1 + (s2 + s3);
}

/** Scores `Ξx` of the query at `x[offset, offset + N)` into `out[outOffset, outOffset + P)`. */
function scoresInto(patterns: Matrix, x: Float32Array, offset: number, out: Float32Array, outOffset: number): void {
  const { rows, cols, data } = patterns;
  for (let mu = 0; mu < rows; mu++) out[outOffset + mu] = dotRow(data, mu * cols, x, offset, cols);
}

/** `acc ← acc · scale` for the first `n` entries (online-softmax rescale). */
function rescale(acc: Float64Array, n: number, scale: number): void {
  for (let j = 0; j < n; j++) acc[j] = (acc[j] as number) * scale;
}

/**
 * The fused step of Eq. (2) for the query at `x[offset, offset + N)`, in one pass over Ξ with an
 * online softmax: running max `m` of `λ ξ^μ·x`, running sum `s = Σ exp(λ ξ^μ·x − m)` and running
 * weighted vector `acc = Σ exp(λ ξ^μ·x − m) ξ^μ` (float64, in `acc`); when a score exceeds `m`,
 * `s` and `acc` are rescaled by `exp(m_old − m_new)`. Rows go four at a time: four dot products,
 * then one sweep `acc += w₀ξ^μ + w₁ξ^{μ+1} + w₂ξ^{μ+2} + w₃ξ^{μ+3}` (a quarter of the `acc` traffic).
 * Writes `acc / s` to `out[outOffset, outOffset + N)` and returns `m + log s`. Requires `P ≥ 1`.
 */
function fusedStep(
  patterns: Matrix,
  x: Float32Array,
  offset: number,
  lambda: number,
  acc: Float64Array,
  out: Float32Array,
  outOffset: number,
): number {
  const { rows, cols: n, data } = patterns;
  acc.fill(0, 0, n);
  let m = Number.NEGATIVE_INFINITY;
  let s = 0;
  let mu = 0;
  for (; mu + 3 < rows; mu += 4) {
    const b0 = mu * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    const l0 = lambda * dotRow(data, b0, x, offset, n);
    const l1 = lambda * dotRow(data, b1, x, offset, n);
    const l2 = lambda * dotRow(data, b2, x, offset, n);
    const l3 = lambda * dotRow(data, b3, x, offset, n);
    const top = Math.max(l0, l1, l2, l3);
    if (top > m) {
      // exp(−∞) = 0 on the first rows: s and acc are still 0, nothing to keep.
      const scale = Math.exp(m - top);
      s *= scale;
      rescale(acc, n, scale);
      m = top;
    }
    const w0 = Math.exp(l0 - m);
    const w1 = Math.exp(l1 - m);
    const w2 = Math.exp(l2 - m);
    const w3 = Math.exp(l3 - m);
    s += w0 + w1 + (w2 + w3);
    if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue; // all underflow (large λ): adds exactly 0
    for (let j = 0; j < n; j++) {
      acc[j] =
        (acc[j] as number) +
        (w0 * (data[b0 + j] as number) + w1 * (data[b1 + j] as number) + (w2 * (data[b2 + j] as number) + w3 * (data[b3 + j] as number)));
    }
  }
  for (; mu < rows; mu++) {
    const base = mu * n;
    const logit = lambda * dotRow(data, base, x, offset, n);
    if (logit > m) {
      const scale = Math.exp(m - logit);
      s *= scale;
      rescale(acc, n, scale);
      m = logit;
    }
    const w = Math.exp(logit - m);
    s += w;
    if (w === 0) continue;
    for (let j = 0; j < n; j++) acc[j] = (acc[j] as number) + w * (data[base + j] as number);
  }
  const logSumExp = m + Math.log(s);
  checkFinite(logSumExp, lambda);
  const inverse = 1 / s;
  for (let j = 0; j < n; j++) out[outOffset + j] = (acc[j] as number) * inverse;
  return logSumExp;
}

/**
 * Throws a `RangeError` when a step produced a non-finite log-partition function (NaN or ±∞ in the
 * patterns or the query, or `λ·score` beyond the float range), instead of returning NaN silently.
 */
export function checkFinite(logSumExp: number, lambda: number): void {
  if (!Number.isFinite(logSumExp)) {
    throw new RangeError(
      `attention step is not finite (log Σ exp(λ ξ·x) = ${String(logSumExp)} at lambda = ${String(lambda)}): patterns or query contain NaN/Infinity, or λ·score overflows`,
    );
  }
}

/**
 * Creates the portable JavaScript backend (`js`): scores `Ξx` in float64 (dot products unrolled
 * by four with separate accumulators) and the fused step of Eq. (2) in a single pass over Ξ with an
 * online softmax and a float64 accumulator. Runs anywhere; the fallback when WebAssembly SIMD is
 * unavailable. It has no rounding model (`stepRounding`; `Math.exp` is not specified to a bound):
 * @dam/dynamics' certified early stop rests, for it, on the 1e-4 contract its tests check.
 */
export function createJsBackend(): AttentionBackend {
  let scratch = new Float64Array(0);
  const accumulator = (n: number): Float64Array => {
    if (scratch.length < n) scratch = new Float64Array(n);
    return scratch;
  };
  return {
    name: 'js',
    scores(patterns: Matrix, x: Float32Array): Float32Array {
      checkQuery(patterns, x);
      const out = new Float32Array(patterns.rows);
      scoresInto(patterns, x, 0, out, 0);
      return out;
    },
    batchedScores(patterns: Matrix, queries: Matrix): Matrix {
      checkQueries(patterns, queries);
      const out = createMatrix(queries.rows, patterns.rows);
      for (let b = 0; b < queries.rows; b++) scoresInto(patterns, queries.data, b * queries.cols, out.data, b * patterns.rows);
      return out;
    },
    step(patterns: Matrix, x: Float32Array, lambda: number): StepResult {
      checkQuery(patterns, x);
      checkStep(patterns, lambda);
      const next = new Float32Array(patterns.cols);
      const logSumExp = fusedStep(patterns, x, 0, lambda, accumulator(patterns.cols), next, 0);
      return { next, logSumExp };
    },
    stepInto(patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number {
      checkQuery(patterns, x);
      checkStep(patterns, lambda);
      checkOut(patterns, out);
      // fusedStep reads x only before it writes out, so out may be x.
      return fusedStep(patterns, x, 0, lambda, accumulator(patterns.cols), out, 0);
    },
    stepBatch(patterns: Matrix, queries: Matrix, lambda: number): BatchStepResult {
      checkQueries(patterns, queries);
      checkStep(patterns, lambda);
      const n = patterns.cols;
      const next = createMatrix(queries.rows, n);
      const logSumExp = new Float64Array(queries.rows);
      const acc = accumulator(n);
      for (let b = 0; b < queries.rows; b++) {
        logSumExp[b] = fusedStep(patterns, queries.data, b * n, lambda, acc, next.data, b * n);
      }
      return { next, logSumExp };
    },
    dispose(): void {
      scratch = new Float64Array(0);
    },
  };
}
