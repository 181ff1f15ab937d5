/**
 * A backend's rounding model of the attention step (Eq. 2), from which {@link stepErrorFromRounding}
 * bounds the error of a computed step: four relative error constants, each derived from the
 * backend's arithmetic (see the backend's `stepRounding`).
 */
export interface StepRounding {
  /** Scores: `|s̃_μ − ξ^μ·x| ≤ score·Σ_j |ξ^μ_j x_j|`. */
  readonly score: number;
  /**
   * Weights, apart from the error of their scores: `w̃_μ = 2^{β s̃_μ − m}(1 + ε_μ)` with
   * `|log(1 + ε_μ)| ≤ weight` (exponential, rescales of the online softmax, underflow).
   */
  readonly weight: number;
  /** Weighted sums: coordinate `j` of `Σ_μ w̃_μ ξ^μ` is off by at most `accumulate·Σ_μ w̃_μ |ξ^μ_j|`. */
  readonly accumulate: number;
  /** The sum of the weights, the division by it and the rounding of the result, relatively. */
  readonly normalise: number;
  /** Absolute part of the score error (products that underflow): added to `score·Σ_j |ξ^μ_j x_j|`. */
  readonly scoreAbsolute: number;
  /** Absolute part of the error of the result in the 2-norm (underflows in the weighted sums). */
  readonly outputAbsolute: number;
}

/** What {@link stepErrorFromRounding} needs to know about the step's inputs. */
export interface StepErrorInputs {
  /** Inverse temperature λ ≥ 0. */
  readonly lambda: number;
  /** `≥ max_μ ‖ξ^μ‖`. */
  readonly maxNorm: number;
  /** `≥ ‖x‖` for the states the bound must cover. */
  readonly stateNorm: number;
  /**
   * `≥ Σ_μ a_μ‖ξ^μ − x'‖` with `a = softmax(λΞx)` and `x' = Σ_μ a_μ ξ^μ` the exact step (default
   * `2·maxNorm`, true for every state since `x'` is a convex combination of the patterns).
   */
  readonly spread?: number | undefined;
}

/** `γ_k = k·u/(1 − k·u)` with `u = 2^-24`: the classic bound on `k` float32 roundings in a row. */
export function gamma32(k: number): number {
  const ku = k * 2 ** -24;
  return ku / (1 - ku);
}

/**
 * A bound on `‖x̃' − x'‖₂` for a step computed with rounding model `r`, where
 * `x' = Ξᵀ softmax(λΞx)` is exact. With `θ = λ·score·maxNorm·stateNorm + weight` bounding
 * `|log w̃_μ − log w_μ|` (the score error enters the exponent times λ), the normalised weights
 * `â` satisfy `|â_μ − a_μ| ≤ (e^{2θ} − 1)a_μ`, so the weights move the result by at most
 * `(e^{2θ} − 1)·spread` (`x̂ − x' = Σ_μ(â_μ − a_μ)(ξ^μ − x')`); the weighted sums add
 * `accumulate·Σ_μ â_μ‖ξ^μ‖ ≤ accumulate·maxNorm` (Minkowski), and the normalisation and the
 * final rounding `normalise·(‖x̂‖ + that) ≤ normalise·maxNorm·(1 + accumulate)`; underflows add
 * `scoreAbsolute` to each score's error and `outputAbsolute` to the result's.
 */
export function stepErrorFromRounding(r: StepRounding, inputs: StepErrorInputs): number {
  const { lambda, maxNorm, stateNorm } = inputs;
  const spread = inputs.spread ?? 2 * maxNorm;
  const theta = lambda * (r.score * maxNorm * stateNorm + r.scoreAbsolute) + r.weight;
  const weights = Math.expm1(2 * theta) * spread;
  const sums = r.accumulate * maxNorm;
  const normalise = r.normalise * (maxNorm + sums);
  return (weights + sums + normalise + r.outputAbsolute) * (1 + 1e-9);
}

/** What {@link logSumExpErrorFromRounding} needs besides {@link StepErrorInputs}. */
export interface LogSumExpErrorInputs extends StepErrorInputs {
  /** Number of patterns `P ≥ 1`. */
  readonly rows: number;
  /** The computed log-sum-exp `l̃` whose error is bounded. */
  readonly logSumExp: number;
}

/**
 * A bound on `|l̃ − l|` for the log-sum-exp `l̃ = m·ln 2 + log s̃` of a step computed with rounding
 * model `r`, where `l = log Σ_μ exp(λ ξ^μ·x)` is exact (it gives the energy of Eq. 1). Each computed
 * weight is `exp(λ s_μ − m ln 2 + τ_μ)` with `|τ_μ| ≤ θ = λ·(score·maxNorm·stateNorm + scoreAbsolute)
 * + weight` (as in {@link stepErrorFromRounding}), so `log Σ_μ w̃_μ` is within `θ` of `l − m ln 2`;
 * their sum `s̃` adds `|log(1 + σ)| ≤ −log(1 − normalise)`; then `m·ln 2` (`ln 2` and the product
 * rounded, with `|m ln 2| ≤ λ·max_μ |s̃_μ| + ln 2` where `m` is a backend's integer bound on the
 * base-2 exponents), `log s̃` (one ulp, `½ ≤ s̃ ≤ P(1 + …)`; the `+ 1` below covers the `ln 2`) and the final
 * sum add `2^-52·(λ·(maxNorm·stateNorm·(1 + score) + scoreAbsolute) + log P + 1) + 2^-53·|l̃|`.
 */
export function logSumExpErrorFromRounding(r: StepRounding, inputs: LogSumExpErrorInputs): number {
  const { lambda, maxNorm, stateNorm, rows, logSumExp } = inputs;
  const theta = lambda * (r.score * maxNorm * stateNorm + r.scoreAbsolute) + r.weight;
  const sum = -Math.log1p(-r.normalise);
  const largestScore = maxNorm * stateNorm * (1 + r.score) + r.scoreAbsolute;
  const final = 2 ** -52 * (lambda * largestScore + Math.log(rows) + 1) + 2 ** -53 * Math.abs(logSumExp);
  return (theta + sum + final) * (1 + 1e-9);
}
