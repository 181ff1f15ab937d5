import type { StepRounding } from '../rounding.js';

/** `γ_k = k·u/(1 − k·u)` with `u = 2^-53`: `k` float64 roundings in a row. */
function gamma64(k: number): number {
  const ku = k * 2 ** -53;
  return ku / (1 - ku);
}

/**
 * The rounding model of the float64 reference step (`referenceStep`: float64 loops, max-shifted
 * softmax, the result rounded to float32) for `P` patterns of dimension `N`, with `u = 2^-53`:
 * - scores: the float64 dot product (each term through its product and at most `N − 1` additions)
 *   and the product by λ: `γ_{N+1}` of `Σ_j |λ ξ_j x_j|`;
 * - weights: `exp(fl(l_μ − l_max))` with `Math.exp` within one ulp (`2^-52`; V8's fdlibm exp is) and
 *   the subtraction rounded, `≤ u·|l_μ − l_max| ≤ 745u` for every weight that does not underflow
 *   (`l_μ − l_max ≥ −745`); those that do are below `2^-1022` of the largest (which is 1) and count in
 *   `normalise` as `P·2^-1021` of `maxNorm`, as in the wasm-simd model;
 * - weighted sums: each term through its product and at most `P` additions, `γ_{P+1}`;
 * - normalisation: the sum of the weights (`γ_P`), the division (`u`), the float32 result (`2^-24`);
 * - underflow: float64 products (`2^-1074` each, on the scores and the sums), float32 subnormals of
 *   the result (`2^-149` per coordinate, `√N·2^-149` in the 2-norm).
 */
export function referenceRounding(P: number, N: number): StepRounding {
  return {
    score: gamma64(N + 1),
    weight: (745 + 2) * 2 ** -53 * (1 + 1e-6),
    accumulate: gamma64(P + 1),
    normalise: 2 ** -24 + gamma64(P + 1) * (1 + 2 ** -23) + P * 2 ** -1021,
    scoreAbsolute: (N + 1) * 2 ** -1074,
    outputAbsolute: Math.sqrt(N) * (2 ** -149 + P * 2 ** -1074),
  };
}
