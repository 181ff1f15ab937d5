import {
  type AttentionBackend,
  logSumExpErrorFromRounding,
  referenceRounding,
  type StepRounding,
  stepErrorFromRounding,
} from '@dam/kernels';

/** Agreement of a backend without a rounding model with the reference (the `@dam/kernels` contract). */
const BACKEND_TOLERANCE = 1e-4;

/** What the bounds of a {@link RoundingModel} know about one update. */
export interface UpdateBounds {
  readonly lambda: number;
  /** `≥ max_μ ‖ξ^μ‖`. */
  readonly maxNorm: number;
  /** `≥ max_{μ,j} |ξ^μ_j|`. */
  readonly maxAbs: number;
  /** `≥ ‖x‖` for the states the bound must cover. */
  readonly stateNorm: number;
  /** `≥ Σ_μ a_μ‖ξ^μ − x'‖` on those states (default `2·maxNorm`, true for every state). */
  readonly spread?: number | undefined;
}

/**
 * How far a backend's computed updates can be from the exact ones, for one realisation's sizes
 * (`P × N` patterns): what the certificates add to their margins.
 */
export interface RoundingModel {
  /** Whether the bounds are derived from the backend's arithmetic (`stepRounding`) or rest on the `1e-4` contract. */
  readonly derived: boolean;
  /** `δ ≥ ‖x̃' − x'‖₂` for one computed update `x̃'` of the exact `x' = Ξᵀ softmax(λΞx)`. */
  stepError(bounds: UpdateBounds): number;
  /**
   * `≥ |Ẽ − E(x)|` for the energy of Eq. (1), `Ẽ = −lse/λ + ½‖x‖²`, from the step's computed
   * log-sum-exp `lse` and the float64 `norm2 = ‖x‖²` of the float32 state (off by `N·2^-53` relative).
   */
  energyError(lambda: number, maxNorm: number, logSumExp: number, norm2: number): number;
}

/**
 * The rounding model of `backend` for `P × N` patterns.
 * - A backend with a rounding model (`stepRounding` of `@dam/kernels`: the float64 reference and
 *   wasm-simd): `stepErrorFromRounding` and `logSumExpErrorFromRounding`, derived from its arithmetic.
 *   The energy adds the rounding of `−lse/λ` and of the sum (`2^-51·|lse|/λ`) and of `‖x‖²`.
 * - Any other backend: the `@dam/kernels` contract `max_j |x̃_j − x_j^ref| ≤ 1e-4·max_j |x_j^ref|`
 *   (the ∞-norm) with `‖x^ref‖_∞ ≤ maxAbs + δ_ref` (a convex combination of the patterns) gives
 *   `‖x̃ − x^ref‖₂ ≤ √N·1e-4·(maxAbs + δ_ref)`, plus `δ_ref` of the reference; its log-sum-exp,
 *   `|lse − lse^ref| ≤ 1e-4·max(1, |lse^ref|)`, adds `1e-4·(1 + |lse|)(1 + 2·10^-4)` to the
 *   reference's. This holds only as far as the backend keeps its contract, which its conformance
 *   tests check on sample inputs.
 */
export function roundingModel(backend: AttentionBackend, P: number, N: number): RoundingModel {
  const own = backend.stepRounding?.(P, N);
  return own === undefined ? contractModel(referenceRounding(P, N), P, N) : derivedModel(own, P, N);
}

/** {@link roundingModel} of a backend with its own `stepRounding`. */
function derivedModel(rounding: StepRounding, P: number, N: number): RoundingModel {
  return {
    derived: true,
    stepError: ({ lambda, maxNorm, stateNorm, spread }) => stepErrorFromRounding(rounding, { lambda, maxNorm, stateNorm, spread }),
    energyError: (lambda, maxNorm, logSumExp, norm2) => logSumExpEnergyError(rounding, P, N, lambda, maxNorm, logSumExp, norm2),
  };
}

/** {@link roundingModel} of a backend that only keeps the `1e-4` contract around the reference. */
function contractModel(reference: StepRounding, P: number, N: number): RoundingModel {
  return {
    derived: false,
    stepError: ({ lambda, maxNorm, maxAbs, stateNorm }) => {
      const delta = stepErrorFromRounding(reference, { lambda, maxNorm, stateNorm });
      return Math.sqrt(N) * BACKEND_TOLERANCE * (maxAbs + delta) * (1 + 1e-9) + delta;
    },
    energyError: (lambda, maxNorm, logSumExp, norm2) => {
      const contract = (BACKEND_TOLERANCE * (1 + Math.abs(logSumExp)) * (1 + 2 * BACKEND_TOLERANCE)) / lambda;
      return contract + logSumExpEnergyError(reference, P, N, lambda, maxNorm, logSumExp, norm2);
    },
  };
}

/** The energy's error from a rounding model's log-sum-exp bound, `−lse/λ` and `‖x‖²` (see {@link roundingModel}). */
function logSumExpEnergyError(
  rounding: StepRounding,
  P: number,
  N: number,
  lambda: number,
  maxNorm: number,
  logSumExp: number,
  norm2: number,
): number {
  const stateNorm = Math.sqrt(norm2) * (1 + 2 ** -50 * (N + 2));
  const lse = logSumExpErrorFromRounding(rounding, { lambda, maxNorm, stateNorm, rows: P, logSumExp });
  return (lse + 2 ** -51 * Math.abs(logSumExp)) / lambda + 2 ** -51 * (N + 2) * norm2;
}
