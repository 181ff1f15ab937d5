import { createMatrix, type Matrix } from '../matrix.js';
import { gaussianMatrix, sphericalMatrix } from './random.js';

/** The exact step in float64 (max-shifted softmax), its log-sum-exp, the spread `Σ a_μ‖ξ^μ − x'‖` and the norms. */
export function exactStep(patterns: Matrix, x: Float32Array, lambda: number) {
  const { rows, cols, data } = patterns;
  const scores = new Float64Array(rows);
  let top = Number.NEGATIVE_INFINITY;
  let maxNorm2 = 0;
  for (let mu = 0; mu < rows; mu++) {
    let s = 0;
    let n2 = 0;
    for (let j = 0; j < cols; j++) {
      s += (data[mu * cols + j] as number) * (x[j] as number);
      n2 += (data[mu * cols + j] as number) ** 2;
    }
    scores[mu] = lambda * s;
    top = Math.max(top, lambda * s);
    maxNorm2 = Math.max(maxNorm2, n2);
  }
  const weights = Array.from(scores, (s) => Math.exp(s - top));
  const z = weights.reduce((a, b) => a + b, 0);
  const next = new Float64Array(cols);
  weights.forEach((w, mu) => {
    for (let j = 0; j < cols; j++) next[j] = (next[j] as number) + (w / z) * (data[mu * cols + j] as number);
  });
  let spread = 0;
  weights.forEach((w, mu) => {
    let d2 = 0;
    for (let j = 0; j < cols; j++) d2 += ((data[mu * cols + j] as number) - (next[j] as number)) ** 2;
    spread += (w / z) * Math.sqrt(d2);
  });
  let x2 = 0;
  for (let j = 0; j < cols; j++) x2 += (x[j] as number) ** 2;
  const logSumExp = top + Math.log(z);
  return { next, logSumExp, spread, maxNorm: Math.sqrt(maxNorm2) * (1 + 1e-12), stateNorm: Math.sqrt(x2) * (1 + 1e-12) };
}

/** `‖a − b‖₂` in float64. */
export function error2(a: Float32Array, b: Float64Array): number {
  let e = 0;
  for (let j = 0; j < a.length; j++) e += ((a[j] as number) - (b[j] as number)) ** 2;
  return Math.sqrt(e);
}

/** Inputs on which a rounding model is checked: random, large λ (weights underflow), P = 1, N = 1, equal scores, large norms. */
export function roundingCases(): [Matrix, number][] {
  return [
    [sphericalMatrix(2981, 40, 2), 0.3],
    [gaussianMatrix(517, 33, 4), 0.05],
    [gaussianMatrix(517, 33, 5), 8], // large λ: weights underflow
    [gaussianMatrix(1, 7, 6), 2], // P = 1
    [gaussianMatrix(37, 1, 7), 3], // N = 1
    [createMatrix(64, 5, new Float32Array(320).fill(0.5)), 4], // all scores equal
    [sphericalMatrix(300, 20, 8, 100), 0.01], // large norms
  ];
}
