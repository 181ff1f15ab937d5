import type { RoundingModel } from '../protocol/rounding.js';
import type { Certificate, UpdateState } from '../protocol/runner.js';
import type { RunOutcome } from '../protocol/settings.js';
import { exponentShift, largestGap, SLACK, type TargetGeometry } from './geometry.js';

/**
 * Failure certificate (a provable early stop): a lower bound of the energy of Eq. (1) on the ball
 * `‖x − ξ^t‖ ≤ ρ`. Writing `x = ξ^t + d`,
 * `E(x) = −½‖ξ^t‖² + ½‖d‖² − (1/λ) log(1 + Σ_{μ≠t} e^{λ(ξ^μ − ξ^t)·x}) ≥ −½‖ξ^t‖² − (1/λ) log(1 + S(ρ))`
 * with `S(ρ) = Σ_{μ≠t} exp(λ(G_μ + D_μ ρ))`. Since the update at rate 1 never raises the energy
 * (it minimises a majoriser of `E`, the concave–convex procedure), a state whose energy is below
 * this bound (by more than the rounding the remaining steps can add) never returns to the ball.
 */
export function ballEnergyLowerBound(geometry: TargetGeometry, lambda: number, rho: number, maxGap = largestGap(geometry, rho)): number {
  const { gaps, dists, counts } = geometry.bins;
  const shift = exponentShift(geometry, lambda, rho);
  // log(1 + S) = m + log(e^{-m} + Σ e^{e_μ − m}) with m = max(0, max_μ e_μ), e_μ = λ(G_μ + D_μ ρ) + shift.
  const max = Math.max(0, lambda * maxGap + shift);
  let sum = Math.exp(-max);
  for (let k = 0; k < gaps.length; k++) {
    sum += (counts[k] as number) * Math.exp(lambda * ((gaps[k] as number) + (dists[k] as number) * rho) + shift - max);
  }
  // Rounded up: relatively (the exponents and max) and absolutely (the sum of P terms and its log).
  const logOnePlusS = (max + Math.log(sum)) * (1 + SLACK) + (geometry.gaps.length + 4) * 2 ** -52;
  return -0.5 * geometry.norm2 * (1 + SLACK) - logOnePlusS / lambda;
}

/** What a {@link FailureCertificate} needs to know about its run. */
export interface FailureRun {
  readonly lambda: number;
  readonly maxSteps: number;
  /** `≥ max_μ ‖ξ^μ‖`. */
  readonly maxNorm: number;
  /** The radius `ρ ≥ √(εN)` of the success ball, rounded up. */
  readonly rho: number;
  /** Relative slack on a float64 distance (rounding of `√‖x − ξ‖²`). */
  readonly slack: number;
  /** The largest rise of `E` that the rounding of one update can cause. */
  readonly rise: number;
  readonly rounding: RoundingModel;
  /** {@link ballEnergyLowerBound} of the success ball at the run's λ (one pass over the patterns: asked only when needed). */
  readonly energyFloor: () => number;
}

/**
 * The failure certificate of one run: `E(x_t)` plus the largest rise that rounding can cause in
 * the remaining updates is below the energy lower bound of the success ball (`ballEnergyLowerBound`).
 * Exact updates never raise `E` at rate 1 and the computed ones by at most `rise` each, with
 * `E(x' + e) ≤ E(x') + ∇E(x')·e + ½‖e‖²` (the Hessian of `E` is `≤ I`) and `‖∇E(x')‖ ≤ 2·maxNorm`
 * (`x'` and `Ξᵀsoftmax(λΞx')` are convex combinations of the patterns): `rise = 2·maxNorm·δ + ½δ²`.
 * So no later state re-enters the ball and the run fails.
 */
export class FailureCertificate implements Certificate {
  /**
   * An upper bound of the energy floor (the certified energy of a state inside the ball), so that
   * the floor is computed only once a certificate is possible.
   */
  private floorCeiling = Number.POSITIVE_INFINITY;
  private floor = Number.NaN;

  constructor(private readonly run: FailureRun) {}

  afterUpdate(state: UpdateState): RunOutcome | undefined {
    const { lambda, maxSteps, maxNorm, rho, slack, rise, rounding } = this.run;
    const e = -state.logSumExp / lambda + 0.5 * state.norm2;
    const error = rounding.energyError(lambda, maxNorm, state.logSumExp, state.norm2);
    const level = e + error + (maxSteps - state.t) * rise;
    if (Number.isNaN(this.floor)) {
      if (Math.sqrt(state.dist2) * slack <= rho) this.floorCeiling = Math.min(this.floorCeiling, e + error);
      if (level < this.floorCeiling) this.floor = this.run.energyFloor();
    }
    return level < this.floor ? { success: false, updates: state.t + 1, stop: 'failure-certificate' } : undefined;
  }
}
