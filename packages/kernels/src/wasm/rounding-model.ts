import { gamma32, type StepRounding } from '../rounding.js';
import { chunkSuperBlocks, paddedCols } from './step-layout.js';

/**
 * The rounding model of the wasm-simd step (kernel.wat) for `P` patterns of dimension `N`, computed
 * `queries` at a time (`n = N` rounded up to even columns, chunks of `c` super-blocks,
 * `K = ⌈⌈P/16⌉/c⌉` chunks):
 * - scores: float32 dot products, one per lane. A single query (`$scores`) adds the products of two
 *   coordinates, then that pair into the lane's sum, `n/2` times: each term goes through its
 *   product, its pair and at most `n/2` additions, `γ_{n/2+2}`. Pairs of queries (`$scores2`, in
 *   batches of two or more) add one product per coordinate: at most `n + 1` roundings, `γ_{n+2}`;
 *   plus `2^-50` for the float64 exponent `β·s̃ − m`: the constant log2(e) (`2^-56`), `β = λ·log2(e)`
 *   and each product `β·s̃` are rounded, `≤ 2.2·2^-53·β|s̃|` in the exponent, a score error below
 *   `2^-51·|s̃| ≤ 2^-50·Σ_j |ξ_j x_j|` (`m` is an integer, exact; the subtraction, `≤ 2^-53·128`,
 *   is within the weights' margin);
 * - weights: `2^{β s − m}` by a float64 range reduction and a float32 polynomial: its minimax error
 *   is 1.0e−7 with the coefficients rounded to float32, and its float32 evaluation (f rounded to
 *   float32, five operations by Estrin's scheme, the scaling by 2^k exact) adds at most about
 *   5·2^-24 ≈ 3e−7, so ≤ 4e−7 (measured: ≤ 2.05e−7 on a dense grid, kernel.test.ts); counted as
 *   `10⁻⁶`, once per weight: the online softmax keeps its running bound `m = ⌈max β·s⌉` an
 *   integer, so its rescales multiply by exact powers of two (kernel.wat `$softmaxChunk`) and add
 *   nothing, however many of the `K` chunks raise it;
 * - weighted sums: each float32 lane adds, per chunk, at most `c` four-term sums (three roundings
 *   each) before the float64 flush: `γ_{c+3}`, plus `K·2^-52` for the float64 flushes;
 * - normalisation: the float32 pairwise sum of the weights then float64 (`2^-24 + P·2^-53`), the
 *   float64 division (`2^-52`), the float32 result (`2^-24`), and the weights below `2^-126` that
 *   underflow to 0 (the largest is `≥ ½`: `P·2^-124` of `maxNorm`, counted here relatively), with
 *   the old sums a rescale below `2^-1022` drops (`< P·2^-1021` relative);
 * - underflow of float32 products (at most `2^-149` each): `(n + 2)·2^-149` on a score, and on the
 *   result at most `P·2^-149` per coordinate before the division by the sum of the weights
 *   (weights ≤ 1, their sum ≥ ½ in the kernel's scaling), plus `2^-1074` per rescale of a float64
 *   sum (at most `K`): `√N·(P·2^-148 + K·2^-1073)` in the 2-norm.
 */
export function wasmSimdRounding(P: number, N: number, queries = 1): StepRounding {
  const np = paddedCols(N);
  const chunk = chunkSuperBlocks(np);
  const chunks = Math.ceil(Math.ceil(P / 16) / chunk);
  return {
    score: gamma32(queries === 1 ? np / 2 + 2 : np + 2) + 2 ** -50,
    weight: 1e-6,
    accumulate: gamma32(chunk + 3) + chunks * 2 ** -52,
    normalise: 2 * 2 ** -24 + (P + 8) * 2 ** -53 + P * 2 ** -124 + P * 2 ** -1021,
    scoreAbsolute: (np + 2) * 2 ** -149,
    outputAbsolute: Math.sqrt(N) * (P * 2 ** -148 + chunks * 2 ** -1073),
  };
}
