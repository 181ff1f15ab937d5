import type { Matrix } from '@dam/kernels';
import type { Certificate, UpdateState } from '../protocol/runner.js';
import type { RunOutcome } from '../protocol/settings.js';
import type { CertificateKernel } from './kernel.js';

/**
 * The contraction certificate: a provable early stop for runs that converge slowly to a fixed point
 * near `ξ^t` (the retrieving runs just above the critical λ, and, where the fixed point crosses the
 * success radius as λ falls, the failing runs just below it, which otherwise run until their float32
 * state stops changing, tens of updates).
 *
 * The exact update `F(x) = Ξᵀ softmax(λΞx)` (Eq. 2) has the Jacobian `DF(x) = λ Σ_μ a_μ(x)(ξ^μ − m)(ξ^μ − m)ᵀ`
 * (`a = softmax(λΞx)`, `m = F(x)`), symmetric and positive semi-definite. For `x` in the ball
 * `B(c, ρ)` and any centre `m̃`, `DF(x) ≼ λ Σ_μ a_μ(x)(ξ^μ − m̃)(ξ^μ − m̃)ᵀ` (the weighted covariance is
 * the smallest weighted second moment), and `a_μ(x) ≤ a_μ(c)·e^{2λρ·maxNorm}` (`λ(ξ^μ − ξ^ν)·(x − c)`
 * varies by at most `2λρ·max‖ξ‖`). So with computed weights `ã_μ` such that `a_μ(c) ≤ e^{η₀} ã_μ`,
 * `‖DF(x)‖₂ ≤ L(ρ) = λ e^{η₀ + 2λρ·maxNorm} λ_max(M̃)`, `M̃ = Σ_μ ã_μ(ξ^μ − m̃)(ξ^μ − m̃)ᵀ`
 * (`CertificateKernel.jacobianBound`). If `‖F(c) − c‖ + L(ρ)ρ ≤ ρ − δ` (δ bounds the error of one
 * computed update), every computed update maps `B(c, ρ)` into itself; if moreover `B(c, ρ)` lies
 * inside the success ball, the run retrieves, and if it lies outside, the run fails, whatever
 * happens later.
 */

/** What {@link CertificateKernel.jacobianBound} proves about the Jacobian on balls around `c`. */
export interface JacobianBound {
  /** `λ·λ_max(M̃)` rounded up, with the rounding of `M̃`'s computation included. */
  readonly scale: number;
  /** `tr M̃` rounded up (`e^η tr M̃` bounds `Σ_μ a_μ(x)‖ξ^μ − F(x)‖²` on the ball). */
  readonly trace: number;
  /** `η₀`: `a_μ(c) ≤ e^{η₀} ã_μ` for the computed weights. */
  readonly eta0: number;
}

/** The ball of a contraction attempt: its room inside the success ball and what δ depends on. */
export interface ContractionBall {
  /** The largest radius allowed (e.g. `rMax − ‖c − ξ‖` for a ball inside the success ball). */
  readonly room: number;
  /** `≥ ‖c‖`. */
  readonly norm: number;
  readonly lambda: number;
  /** `≥ max_μ ‖ξ^μ‖`. */
  readonly maxNorm: number;
  /** δ for states of norm `≤ norm` and weighted spread `≤ spread` (see {@link CertificateKernel.certifiedRadius}). */
  readonly deltaFor: (norm: number, spread: number) => number;
}

/**
 * The largest step `‖F̃(c) − c‖` for which the contraction condition holds on `B(c, ρ)`:
 * `ρ(1 − 10⁻¹²) − 2δ − L(ρ)ρ`, with `L(ρ) = scale·e^{η₀ + 2λρ·maxNorm}` (module comment) and δ for
 * the states of the ball (norm `‖c‖ + ρ`, spread `√(e^{η₀ + 2λρ·maxNorm} tr M̃)`).
 */
export function contractionMargin(bound: JacobianBound, ball: ContractionBall, rho: number): number {
  const growth = Math.exp(bound.eta0 + 2 * ball.lambda * rho * ball.maxNorm) * (1 + 1e-12);
  const delta = ball.deltaFor(ball.norm + rho, Math.sqrt(growth * bound.trace));
  return rho * (1 - 1e-12) - 2 * delta - bound.scale * growth * rho;
}

/**
 * The first of the radii `ρ > step` of {@link contractionRadii} for which `step ≤ contractionMargin(ρ)`,
 * i.e. the computed update maps `B(c, ρ)` into itself for this bound, or `−Infinity` when none does.
 */
export function contractionRadius(bound: JacobianBound, ball: ContractionBall, step: number): number {
  for (const rho of contractionRadii(bound, ball)) {
    if (rho > step && step <= contractionMargin(bound, ball, rho)) return rho;
  }
  return Number.NEGATIVE_INFINITY;
}

/**
 * The radii a contraction attempt tries, largest first: nine on a grid of ratio `2^{1/4}` around
 * `ρ* = u/(2λ·maxNorm)`, where `e^u(1 + u) = e^{−η₀}/scale` maximises `ρ(1 − L(ρ))` (the margin
 * without δ), capped at `room`. Empty when `scale·e^{η₀} ≥ 1` (no ball contracts).
 */
export function contractionRadii(bound: JacobianBound, ball: ContractionBall): number[] {
  const target = Math.exp(-bound.eta0) / bound.scale;
  if (!(target > 1)) return [];
  // Newton on f(u) = e^u(1 + u) − target from u = (target − 1)/2 (f is convex and increasing on u ≥ 0: converges from above).
  let u = Math.min(1, (target - 1) / 2);
  for (let k = 0; k < 4; k++) u -= (Math.exp(u) * (1 + u) - target) / (Math.exp(u) * (2 + u));
  const best = u / (2 * ball.lambda * ball.maxNorm);
  // Decreasing radii, capped at room (the capped ones collapse into one).
  const radii: number[] = [];
  let last = Number.POSITIVE_INFINITY;
  for (let j = 4; j >= -4; j--) {
    const rho = Math.min(best * 2 ** (j / 4), ball.room);
    if (rho < last) radii.push(rho);
    last = rho;
  }
  return radii;
}

/**
 * The contraction rate `q = s_t/s_{t−1}` of the steps stands in for the certificate's `L(0)` (the
 * step aligns with the top eigenvector of the Jacobian, which is symmetric): measured at α = 0.2,
 * N = 45, they agree within 0.3% once the steps shrink geometrically. The guess is raised by this
 * fraction, so that an attempt is rarely made where it must fail.
 */
const SCALE_MARGIN = 0.003;

/**
 * When a run tries the contraction certificate. An attempt costs about `n/4 + 4 + 8000/P` updates
 * (`n` = N rounded up to 8; measured at N = 20–45: the weighted second moment is an `N × N` matrix
 * over every pattern, computed in WebAssembly, about `n/4` updates; the eigenvalue bound and the
 * weights in JavaScript are a fixed cost that matters at small P), so it is tried only when it is
 * likely to succeed and to save more than it costs: the steps `s_t = ‖x_{t+1} − x_t‖` shrink
 * geometrically, the certificate's condition (`contractionRadius`) holds for a guess of its bound — the rate `q = s_t/s_{t−1}` for `L(0)` (raised
 * by {@link SCALE_MARGIN}) and `maxNorm² − ‖x_{t+1}‖²` for the trace (`Σ_μ a_μ‖ξ^μ‖² − ‖F(x)‖²`),
 * or, after a failed attempt, the bound that attempt computed — and the float32 fixed point (steps
 * below `10⁻⁷‖x‖`) is still more than one attempt's cost away. At most three attempts per run.
 * This only decides the work: the certificate never changes an outcome.
 */
export class ContractionSchedule {
  private previous = Number.NaN;
  private waitBelow = Number.POSITIVE_INFINITY;
  private left = 3;
  private step = Number.NaN;
  private measured: JacobianBound | undefined;
  private readonly cost: number;

  constructor(
    n: number,
    P: number,
    private readonly maxSteps: number,
    private readonly lambda: number,
    private readonly maxNorm: number,
    /** δ for the states of a ball (norm, weighted spread), as `certifiedRadius` takes it. */
    private readonly deltaFor: (norm: number, spread: number) => number,
  ) {
    this.cost = Math.ceil(n / 8) * 2 + 4 + 8000 / P;
  }

  /**
   * Whether to try the certificate at update `t`, with `step = ‖x_{t+1} − x_t‖`, for a ball of radius
   * at most `room` around `x_t`, given `‖x_t‖²` and `‖x_{t+1}‖²` (and records the step).
   */
  due(t: number, step: number, room: number, xNorm2: number, yNorm2: number): boolean {
    const previous = this.previous;
    this.previous = step;
    this.step = step;
    if (this.left === 0 || !(step < this.waitBelow) || !(step > 0)) return false;
    const q = step / previous;
    if (!(q < 1) || this.maxSteps - t < this.cost) return false;
    const guess: JacobianBound = {
      scale: Math.max(q, this.measured?.scale ?? 0) * (1 + SCALE_MARGIN),
      trace: this.measured?.trace ?? Math.max(0, this.maxNorm ** 2 - yNorm2),
      eta0: this.measured?.eta0 ?? 0,
    };
    // Every margin is below ρ(1 − scale) ≤ room·(1 − scale): most steps stop here.
    if (!(step < room * (1 - guess.scale))) return false;
    const ball = { room, norm: Math.sqrt(xNorm2), lambda: this.lambda, maxNorm: this.maxNorm, deltaFor: this.deltaFor };
    if (!(contractionRadius(guess, ball, step) > 0)) return false;
    const remaining = Math.log(step / (1e-7 * Math.sqrt(yNorm2) + 1e-30)) / -Math.log(q);
    return remaining > this.cost;
  }

  /**
   * Records a failed attempt and the bound it computed (`undefined` when it computed none: the next
   * attempt then waits until the step has halved).
   */
  failed(bound: JacobianBound | undefined): void {
    this.left -= 1;
    if (bound === undefined) this.waitBelow = this.step / 2;
    else this.measured = bound;
  }
}

/** What a {@link ContractionCertificate} needs to know about its run. */
export interface ContractionRun {
  readonly kernel: CertificateKernel;
  readonly patterns: Matrix;
  readonly lambda: number;
  readonly maxSteps: number;
  /** `≥ max_μ ‖ξ^μ‖`. */
  readonly maxNorm: number;
  /** Every state within `rMax` of `ξ^t` succeeds, every state beyond `rMin` fails. */
  readonly rMax: number;
  readonly rMin: number;
  /** Relative slack on a float64 distance (rounding of `√‖x − ξ‖²`). */
  readonly slack: number;
  /** δ for the states of a ball (norm, weighted spread), as `certifiedRadius` takes it. */
  readonly deltaFor: (norm: number, spread: number) => number;
}

/**
 * The contraction certificate of one run: when {@link ContractionSchedule} says an attempt can pay,
 * `CertificateKernel.certifiedRadius` looks for a ball around `x_t` that the computed update maps
 * into itself, inside `B(ξ^t, rMax)` (the run retrieves) or outside `B(ξ^t, rMin)` (it fails), at
 * most `rMax` wide (so that its states have the norm δ was computed for).
 */
export class ContractionCertificate implements Certificate {
  private readonly schedule: ContractionSchedule;

  constructor(private readonly run: ContractionRun) {
    const { patterns, maxSteps, lambda, maxNorm, deltaFor } = run;
    this.schedule = new ContractionSchedule(patterns.cols, patterns.rows, maxSteps, lambda, maxNorm, deltaFor);
  }

  afterUpdate(state: UpdateState): RunOutcome | undefined {
    const { kernel, patterns, lambda, maxNorm, rMax, rMin, slack, deltaFor } = this.run;
    const distance = Math.sqrt(state.dist2);
    const inside = distance < rMax;
    const room = Math.min(rMax, inside ? rMax - distance * slack : distance / slack - rMin);
    if (!this.schedule.due(state.t, Math.sqrt(state.step2), room, state.norm2, state.nextNorm2)) return undefined;
    if (kernel.certifiedRadius(patterns, state.x, state.y, room, lambda, maxNorm, deltaFor) > 0) {
      return { success: inside, updates: state.t + 1, stop: 'contraction-certificate' };
    }
    this.schedule.failed(kernel.lastBound);
    return undefined;
  }
}
