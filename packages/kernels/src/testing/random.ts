// Seeded test data for the kernel tests: a tiny xorshift generator, NOT a sampler for experiments
// (@dam/ensembles has those; kernels cannot depend on it). Deterministic across runs and platforms.
import { createMatrix, type Matrix } from '../matrix.js';

/** A xorshift32 stream of uniforms in (0, 1), from a non-zero 32-bit seed. */
export function uniforms(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4_294_967_296;
  };
}

/** `count` standard normal floats (Box–Muller on {@link uniforms}). */
export function gaussianArray(count: number, seed: number): Float32Array {
  const next = uniforms(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(next()));
    const angle = 2 * Math.PI * next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** `rows × cols` matrix of independent standard normals. */
export function gaussianMatrix(rows: number, cols: number, seed: number): Matrix {
  return createMatrix(rows, cols, gaussianArray(rows * cols, seed));
}

/** Gaussian rows rescaled to Euclidean norm `norm` (default `√cols`: spherical-like patterns, `‖ξ‖² = N`). */
export function sphericalMatrix(rows: number, cols: number, seed: number, norm = Math.sqrt(cols)): Matrix {
  const m = gaussianMatrix(rows, cols, seed);
  for (let i = 0; i < rows; i++) {
    const r = m.data.subarray(i * cols, (i + 1) * cols);
    let squared = 0;
    for (const v of r) squared += v * v;
    const scale = squared > 0 ? norm / Math.sqrt(squared) : 0;
    for (let j = 0; j < cols; j++) r[j] = (r[j] as number) * scale;
  }
  return m;
}

/** A query near row `mu` of `patterns`: `ξ^μ + noise · g` with `g` standard normal. */
export function queryNear(patterns: Matrix, mu: number, noise: number, seed: number): Float32Array {
  const g = gaussianArray(patterns.cols, seed);
  const x = new Float32Array(patterns.cols);
  for (let j = 0; j < patterns.cols; j++) x[j] = (patterns.data[mu * patterns.cols + j] as number) + noise * (g[j] as number);
  return x;
}
