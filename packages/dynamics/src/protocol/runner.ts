import { type AttentionBackend, logSumExpErrorFromRounding, type Matrix, type StepRounding, stepErrorFromRounding } from '@dam/kernels';
import { ballEnergyLowerBound, largestGap, retrievalRadius, type TargetGeometry, targetGeometry } from '../certificates/geometry.js';
import { CertificateKernel, contractionRadius, type JacobianBound } from '../certificates/kernel.js';
import { checkInteger, checkPositive } from '../validate.js';
import { squaredDistance } from './retrieve.js';

/** The retrieval protocol of the paper's simulations (Fig. 1 bottom). */
export interface ProtocolSettings {
  /** Number of attention updates (Eq. 2) per run: the paper's 100. */
  readonly maxSteps: number;
  /** Success iff `‖x − ξ^t‖²/N < epsilon` after the run: the paper's 0.01. */
  readonly epsilon: number;
  /**
   * Stop a run as soon as its outcome is certain (retrieval or failure certificate, or an exact
   * fixed point / cycle of the float32 state): the outcome is then exactly that of the full run.
   */
  readonly earlyStop: boolean;
}

/** The paper's protocol: at most 100 updates, `ε = 0.01`, with the (outcome-preserving) early stop. */
export const PAPER_PROTOCOL: ProtocolSettings = Object.freeze({ maxSteps: 100, epsilon: 0.01, earlyStop: true });

/** Validates and completes protocol options. */
export function protocolSettings(options: {
  readonly maxSteps?: number | undefined;
  readonly epsilon?: number | undefined;
  readonly earlyStop?: boolean | undefined;
}): ProtocolSettings {
  return {
    maxSteps: checkInteger('maxSteps', options.maxSteps ?? PAPER_PROTOCOL.maxSteps, 0, 1_000_000),
    epsilon: checkPositive('epsilon', options.epsilon ?? PAPER_PROTOCOL.epsilon),
    earlyStop: options.earlyStop ?? PAPER_PROTOCOL.earlyStop,
  };
}

/** How a run ended. */
export type StopReason = 'steps' | 'retrieval-certificate' | 'contraction-certificate' | 'failure-certificate' | 'cycle';

/** Outcome of one run of the protocol. */
export interface RunOutcome {
  /** `‖x_T − ξ^t‖²/N < ε` for the state after `maxSteps` updates (certified when stopped early). */
  readonly success: boolean;
  /** Attention updates actually computed. */
  readonly updates: number;
  /** Why the run ended. */
  readonly stop: StopReason;
}

/** Periods of exact float32 cycles that the early stop detects (1 = fixed point). */
export const MAX_PERIOD = 4;

/** Agreement of every non-reference backend with the reference (the `@dam/kernels` contract). */
const BACKEND_TOLERANCE = 1e-4;

/** The parts of a {@link TargetGeometry} the rounding bounds need. */
type PatternScale = Pick<TargetGeometry, 'maxNorm' | 'maxAbs'>;

/**
 * Bound `δ` on the error of one computed update, `‖x̃' − x'‖₂ ≤ δ` with `x' = Ξᵀ softmax(λΞx)`
 * exact, for states of norm `‖x‖ ≤ stateNorm`, `P × N` patterns with `max_μ ‖ξ^μ‖ ≤ maxNorm` and
 * entries `|ξ^μ_j| ≤ maxAbs`.
 *
 * - `reference` (float64, rounded to float32): the logits carry an absolute error
 *   `≤ λ(N+1)·2^-53·maxNorm·‖x‖`, the weights, their sum and the weighted sums a relative error
 *   `≤ 2^-52·(λ(N+3)·maxNorm·‖x‖ + P + 2)`, so `‖x̂ − x'‖ ≤ 2^-51·(2λ(N+3)·maxNorm·‖x‖ + P + 4)·maxNorm`
 *   (a factor 2 of margin), then the rounding to float32 adds `≤ 2^-24‖x̂‖ ≤ 2^-24·maxNorm`
 *   (and `√N·2^-149` for subnormals).
 * - any other backend: the `@dam/kernels` contract is `max_j |x̃_j − x_j^ref| ≤ 1e-4·max_j |x_j^ref|`
 *   (the ∞-norm, see `relativeError` there), and `‖x^ref‖_∞ ≤ maxAbs + δ_ref` (a convex combination
 *   of the patterns), so `‖x̃ − x^ref‖₂ ≤ √N·1e-4·(maxAbs + δ_ref)`, plus `δ_ref`. This holds only as
 *   far as the backend keeps its contract, which its conformance tests check on sample inputs.
 * - a backend with a rounding model (`stepRounding` of `@dam/kernels`, derived from its arithmetic):
 *   `stepErrorFromRounding` for these sizes (with the spread `2·maxNorm` that holds for every
 *   state) instead of the contract, so that the bound rests on the derivation, not on measurements.
 */
export function stepErrorBound(
  backendName: string,
  scale: PatternScale,
  P: number,
  N: number,
  lambda: number,
  stateNorm: number,
  rounding?: StepRounding,
): number {
  const { maxNorm, maxAbs } = scale;
  const reference = maxNorm * (2 ** -24 + 2 ** -51 * (2 * lambda * (N + 3) * maxNorm * stateNorm + P + 4)) + Math.sqrt(N) * 2 ** -149;
  if (backendName === 'reference') return reference;
  if (rounding !== undefined) return stepErrorFromRounding(rounding, { lambda, maxNorm, stateNorm });
  return Math.sqrt(N) * BACKEND_TOLERANCE * (maxAbs + reference) * (1 + 1e-9) + reference;
}

/**
 * Bound on the error of the computed energy `E(x) = −lse/λ + ½‖x‖²` of a state (from the
 * backend's log-sum-exp `lse` and the float64 `‖x‖²` of the float32 state; `‖x‖²` is off by
 * `N·2^-53` relative). The log-sum-exp:
 * - `reference`: off by `≤ 2^-51·(2λ(N+3)·maxNorm·‖x‖ + P + 4 + |lse|)` (as in {@link stepErrorBound});
 * - a backend with a rounding model (`stepRounding` of `@dam/kernels`): `logSumExpErrorFromRounding`,
 *   derived from its arithmetic like the step's bound;
 * - any other backend: the `@dam/kernels` contract `|lse − lse^ref| ≤ 1e-4·max(1, |lse^ref|)` adds
 *   `1e-4·(1 + |lse|)(1 + 2·10^-4)` to the reference's bound (as far as the backend keeps it).
 */
export function energyErrorBound(
  backendName: string,
  maxNorm: number,
  P: number,
  N: number,
  lambda: number,
  logSumExp: number,
  norm2: number,
  rounding?: StepRounding,
): number {
  const a = Math.abs(logSumExp);
  const norm = 2 ** -51 * (N + 2) * norm2;
  if (backendName !== 'reference' && rounding !== undefined) {
    const stateNorm = Math.sqrt(norm2) * (1 + 2 ** -50 * (N + 2));
    // Plus the rounding of −lse/λ and of the sum: 2^-51·|lse|/λ.
    return (logSumExpErrorFromRounding(rounding, { lambda, maxNorm, stateNorm, rows: P, logSumExp }) + 2 ** -51 * a) / lambda + norm;
  }
  const reference = 2 ** -51 * (2 * lambda * (N + 3) * maxNorm * Math.sqrt(norm2) + P + 4 + 2 * a);
  const backend = backendName === 'reference' ? 0 : BACKEND_TOLERANCE * (1 + a) * (1 + 2 * BACKEND_TOLERANCE);
  return (backend + reference) / lambda + norm;
}

/**
 * One realisation of the pattern matrix with the scratch buffers of its runs: the unit of work of
 * every experiment. The pattern set is generated once and reused for every λ of a bisection and
 * every start; the geometry of each target (for the certificates) is computed once and cached.
 */
export class RealisationRunner {
  readonly patterns: Matrix;
  readonly backend: AttentionBackend;
  readonly settings: ProtocolSettings;
  private readonly ring: Float32Array[];
  private readonly bits: Uint32Array[];
  /** Scratch for the sums of `observeUpdate`. */
  private readonly sums = new Float64Array(3);
  private readonly geometries = new Map<number, TargetGeometry>();
  private readonly gapCache = new Map<number, number>();
  /**
   * Work-saving memory of the retrieval-radius search, per target: the last search (reused when λ
   * and δ repeat, as in `basins`) and the largest λ at which no ball was found (below it the search
   * is skipped: `g` only shrinks as λ grows, except for patterns nearly parallel to `ξ^t`). A skipped
   * search only means no retrieval certificate for that run: outcomes are unchanged.
   */
  private readonly radiusMemo = new Map<number, { lambda: number; delta: number; radius: number; noBallAt: number }>();
  /** The last energy floor per target (`ballEnergyLowerBound` at that λ), reused when λ repeats. */
  private readonly floorMemo = new Map<number, { lambda: number; floor: number }>();
  /**
   * Escape time of the last {@link run}: the (linearly interpolated, fractional) time at which the
   * distance `‖x_t − ξ^t‖` first reached `√(εN)`, or `NaN` if no computed state left that ball. A
   * diagnostic of the trajectory (it does not depend on the early stop: a run stopped as a failure
   * has already left the ball), used to steer the critical-λ search (`criticalLambda`).
   */
  lastEscape = Number.NaN;

  constructor(patterns: Matrix, backend: AttentionBackend, settings: ProtocolSettings) {
    this.patterns = patterns;
    this.backend = backend;
    this.settings = settings;
    this.ring = Array.from({ length: MAX_PERIOD + 1 }, () => new Float32Array(patterns.cols));
    this.bits = this.ring.map((state) => new Uint32Array(state.buffer));
  }

  /** `max_μ (G_μ + D_μ ρ)` for target `t` (cached with its geometry). */
  private largestGap(target: number, rho: number): number {
    let value = this.gapCache.get(target);
    if (value === undefined) {
      value = largestGap(this.geometry(target), rho);
      this.gapCache.clear();
      this.gapCache.set(target, value);
    }
    return value;
  }

  /** `retrievalRadius` for target `t`, skipped below a λ where it found no ball (see `radiusMemo`). */
  private radius(target: number, geometry: TargetGeometry, lambda: number, delta: number, rMax: number): number {
    const memo = this.radiusMemo.get(target);
    if (memo !== undefined) {
      if (memo.lambda === lambda && memo.delta === delta) return memo.radius;
      if (lambda <= memo.noBallAt) return Number.NEGATIVE_INFINITY;
    }
    const radius = retrievalRadius(geometry, lambda, delta, rMax);
    const noBallAt = Math.max(memo?.noBallAt ?? Number.NEGATIVE_INFINITY, radius >= 0 ? Number.NEGATIVE_INFINITY : lambda);
    if (this.radiusMemo.size > 1 && memo === undefined) this.radiusMemo.clear();
    this.radiusMemo.set(target, { lambda, delta, radius, noBallAt });
    return radius;
  }

  /** `ballEnergyLowerBound` for target `t` at `λ` (the last one per target is kept). */
  private energyFloor(target: number, geometry: TargetGeometry, lambda: number, rho: number): number {
    const memo = this.floorMemo.get(target);
    if (memo !== undefined && memo.lambda === lambda) return memo.floor;
    const floor = ballEnergyLowerBound(geometry, lambda, rho, this.largestGap(target, rho));
    if (this.floorMemo.size > 1 && memo === undefined) this.floorMemo.clear();
    this.floorMemo.set(target, { lambda, floor });
    return floor;
  }

  /**
   * The geometry of target `t` (cached: at most a few targets are kept, the last one and `ξ^1`):
   * upper bounds from float32 sums in WebAssembly (`CertificateKernel.targetGeometry`) where
   * available, else `targetGeometry` in float64.
   */
  geometry(target: number): TargetGeometry {
    let geometry = this.geometries.get(target);
    if (geometry === undefined) {
      geometry = this.contraction()?.targetGeometry(this.patterns, target) ?? targetGeometry(this.patterns, target);
      if (this.geometries.size > 1) {
        for (const key of this.geometries.keys()) if (key !== 0) this.geometries.delete(key);
      }
      this.geometries.set(target, geometry);
    }
    return geometry;
  }

  /**
   * Drops the copies of the patterns that the backend and the contraction kernel keep (so that the
   * array can be reused for the next realisation, and the backend's memory is reused at once).
   */
  release(): void {
    this.backend.invalidate?.(this.patterns);
    if (threadContraction !== null) threadContraction?.forget(this.patterns);
  }

  /** The contraction-certificate kernel of this thread (`undefined` without WebAssembly SIMD). */
  private contraction(): CertificateKernel | undefined {
    if (threadContraction === null) threadContraction = CertificateKernel.create();
    return threadContraction;
  }

  /**
   * Runs the protocol from `x0` at inverse temperature `λ`: `maxSteps` attention updates
   * (Eq. 2) and success iff `‖x − ξ^t‖²/N < ε` at the end, where `ξ^t` is row `target`.
   *
   * With `earlyStop`, the run ends as soon as the outcome of the full run is certain:
   * - retrieval: `‖x_t − ξ^t‖ ≤ r` for a radius `r < √(εN)` whose ball is provably mapped into
   *   itself by the computed update (`retrievalRadius`), so every later state stays within it;
   * - contraction: the computed update provably maps a ball `B(x_t, ρ)` into itself
   *   (`CertificateKernel.certifiedRadius`: a bound on the Jacobian over the ball from the weighted
   *   second moment of the patterns at `x_t`), and the ball lies inside the success ball (retrieval)
   *   or outside it (failure: the run converges to a fixed point just beyond `√(εN)`); tried when the
   *   steps shrink geometrically and the float32 fixed point is still far ({@link ContractionSchedule});
   * - failure: `E(x_t)` plus the largest rise that rounding can cause in the remaining updates is
   *   below the energy lower bound of the ball `‖x − ξ^t‖ ≤ √(εN)` (`ballEnergyLowerBound`); exact
   *   updates never raise `E` at rate 1, so no later state re-enters the ball;
   * - cycle: the new float32 state equals one of the last `4` bit for bit; the backend being a
   *   deterministic function of its inputs, the sequence is periodic from there and `x_T` is known.
   */
  run(x0: Float32Array, target: number, lambda: number): RunOutcome {
    const { patterns, backend, ring, bits, sums } = this;
    const { maxSteps, epsilon, earlyStop } = this.settings;
    const n = patterns.cols;
    const xi = patterns.data.subarray(target * n, (target + 1) * n);
    const threshold = epsilon * n;
    const slots = ring.length;
    const slotOf = (time: number): Float32Array => ring[time % slots] as Float32Array;
    slotOf(0).set(x0);

    let radius = Number.NEGATIVE_INFINITY;
    let energyFloor = Number.NaN; // computed at the first update (a run certified at t = 0 needs none)
    let rise = 0;
    let delta = 0;
    let rounding: StepRounding | undefined;
    let geometry: TargetGeometry | undefined;
    const rho = Math.sqrt(threshold) * (1 + 1e-9);
    const rMax = Math.sqrt(threshold) * (1 - 1e-6);
    // Every state within rMax of ξ succeeds, every state beyond rMin fails, whatever the rounding of
    // the final distance (computed in float64 from float32 states, like ‖x − ξ‖ here).
    const rMin = Math.sqrt(threshold) * (1 + 1e-6);
    const distanceSlack = 1 + 1e-12 + n * 2 ** -52;
    // ‖x_t − ξ‖² and ‖x_t‖² of the current state (then of each update, from observeUpdate).
    let dist2 = squaredDistance(x0, xi);
    let norm2 = 0;
    for (let j = 0; j < n; j++) norm2 += (x0[j] as number) ** 2;
    if (earlyStop) {
      geometry = this.geometry(target);
      // Every state the bounds are applied to has norm ≤ stateNorm: x0, the states of the
      // retrieval ball (‖x‖ ≤ ‖ξ^t‖ + rMax) and every computed update (‖x‖ ≤ maxNorm + δ, δ ≪ maxNorm).
      const stateNorm = Math.max(Math.sqrt(norm2), 2 * geometry.maxNorm) + rMax;
      rounding = backend.name === 'reference' ? undefined : backend.stepRounding?.(patterns.rows, n);
      delta = stepErrorBound(backend.name, geometry, patterns.rows, n, lambda, stateNorm, rounding);
      radius = this.radius(target, geometry, lambda, delta, rMax);
      // E(x' + e) ≤ E(x') + ∇E(x')·e + ½‖e‖² (the Hessian of E is ≤ I) with ‖∇E(x')‖ ≤ 2 max‖ξ‖
      // (x' and Ξᵀsoftmax(λΞx') are convex combinations of the patterns) and E(x') ≤ E(x).
      rise = 2 * geometry.maxNorm * delta + 0.5 * delta * delta;
    }

    // An upper bound of the energy floor, so that the floor (one pass over the patterns) is only
    // computed once a failure certificate is possible: the floor is at most the (certified upper
    // bound of the) energy of any state inside the ball.
    let floorCeiling = Number.POSITIVE_INFINITY;
    const contraction = geometry === undefined ? undefined : this.contraction();
    const maxNorm = geometry?.maxNorm ?? 0;
    // δ for the states of a ball of norm ≤ ballNorm and weighted spread ≤ spread: from the rounding
    // model when the backend has one, else the run's δ (which holds for every state).
    const deltaFor = (ballNorm: number, spread: number): number =>
      rounding === undefined ? delta : Math.min(delta, stepErrorFromRounding(rounding, { lambda, maxNorm, stateNorm: ballNorm, spread }));
    const attempts = new ContractionSchedule(n, patterns.rows, maxSteps, lambda, maxNorm, deltaFor);
    const stepInto = backend.stepInto?.bind(backend);
    const escapeClock = new EscapeClock(threshold);
    escapeClock.start(x0, xi);
    this.lastEscape = escapeClock.time;
    for (let t = 0; ; t++) {
      const x = slotOf(t);
      if (earlyStop && radius >= 0 && Math.sqrt(dist2) * distanceSlack <= radius) {
        return { success: true, updates: t, stop: 'retrieval-certificate' };
      }
      if (t === maxSteps) break;
      // The update goes straight into the ring slot of x_{t+1} (it holds x_{t−4}, no longer needed).
      const y = slotOf(t + 1);
      let logSumExp: number;
      if (stepInto !== undefined) logSumExp = stepInto(patterns, x, lambda, y);
      else {
        const step = backend.step(patterns, x, lambda);
        y.set(step.next);
        logSumExp = step.logSumExp;
      }
      // x_{t+1−p} for the periods p = 1…MAX_PERIOD (slots not yet written are never read as a match).
      const repeats = observeUpdate(y, x, xi, bits, t + 1, sums);
      const yDist2 = sums[0] as number;
      const yNorm2 = sums[1] as number;
      const step2 = sums[2] as number;
      escapeClock.observeDistance(Math.sqrt(yDist2));
      this.lastEscape = escapeClock.time;
      if (geometry !== undefined) {
        const e = -logSumExp / lambda + 0.5 * norm2;
        const error = energyErrorBound(backend.name, geometry.maxNorm, patterns.rows, n, lambda, logSumExp, norm2, rounding);
        const level = e + error + (maxSteps - t) * rise;
        if (Number.isNaN(energyFloor)) {
          if (Math.sqrt(dist2) * distanceSlack <= rho) floorCeiling = Math.min(floorCeiling, e + error);
          if (level < floorCeiling) energyFloor = this.energyFloor(target, geometry, lambda, rho);
        }
        if (level < energyFloor) {
          return { success: false, updates: t + 1, stop: 'failure-certificate' };
        }
      }
      if (earlyStop && repeats !== 0) {
        // The smallest period p ≤ t + 1 at which x_{t+1} repeats x_{t+1−p} bit for bit.
        for (let period = 1; period <= Math.min(MAX_PERIOD, t + 1); period++) {
          if ((repeats & (1 << (period - 1))) !== 0) return cycleStop(slotOf, t, period, maxSteps, xi, threshold);
        }
      }
      if (contraction !== undefined) {
        // Room for a ball around x_t inside B(ξ, rMax) or outside B(ξ, rMin), at most rMax (so that
        // its states have norm ≤ stateNorm, for which δ holds).
        const distance = Math.sqrt(dist2);
        const inside = distance < rMax;
        const room = Math.min(rMax, inside ? rMax - distance * distanceSlack : distance / distanceSlack - rMin);
        if (attempts.due(t, Math.sqrt(step2), room, norm2, yNorm2)) {
          if (contraction.certifiedRadius(patterns, x, y, room, lambda, maxNorm, deltaFor) > 0) {
            return { success: inside, updates: t + 1, stop: 'contraction-certificate' };
          }
          attempts.failed(contraction.lastBound);
        }
      }
      dist2 = yDist2;
      norm2 = yNorm2;
    }
    return { success: squaredDistance(slotOf(maxSteps), xi) < threshold, updates: maxSteps, stop: 'steps' };
  }
}

/**
 * One pass over a new state `y = x_{t+1}` (slot `next` of the ring, whose bits are `bits[next % 5]`):
 * `‖y − ξ‖²`, `‖y‖²` and `‖y − x‖²` into `sums[0…2]` (float64, summed in coordinate order, as
 * `squaredDistance`), and a mask whose bit `p − 1` says that `y` equals the ring slot of
 * `x_{t+1−p}` bit for bit, for `p = 1…MAX_PERIOD` (slots of negative times hold stale states: the
 * caller ignores periods `p > t + 1`).
 */
function observeUpdate(y: Float32Array, x: Float32Array, xi: Float32Array, bits: Uint32Array[], next: number, sums: Float64Array): number {
  const slots = bits.length;
  const b0 = bits[next % slots] as Uint32Array;
  const b1 = bits[(next + slots - 1) % slots] as Uint32Array;
  const b2 = bits[(next + slots - 2) % slots] as Uint32Array;
  const b3 = bits[(next + slots - 3) % slots] as Uint32Array;
  const b4 = bits[(next + slots - 4) % slots] as Uint32Array;
  let dist2 = 0;
  let norm2 = 0;
  let step2 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let d4 = 0;
  for (let j = 0; j < y.length; j++) {
    const v = y[j] as number;
    const a = v - (xi[j] as number);
    dist2 += a * a;
    norm2 += v ** 2;
    const s = v - (x[j] as number);
    step2 += s * s;
    const w = b0[j] as number;
    d1 |= w ^ (b1[j] as number);
    d2 |= w ^ (b2[j] as number);
    d3 |= w ^ (b3[j] as number);
    d4 |= w ^ (b4[j] as number);
  }
  sums[0] = dist2;
  sums[1] = norm2;
  sums[2] = step2;
  return (d1 === 0 ? 1 : 0) | (d2 === 0 ? 2 : 0) | (d3 === 0 ? 4 : 0) | (d4 === 0 ? 8 : 0);
}

/**
 * Bit-for-bit equality of two float32 states (through their `Uint32Array` views). Branch-free: the
 * loop runs to the end whatever the data, so its optimised code never meets a path it has not seen.
 */
function equal(a: Uint32Array, b: Uint32Array): boolean {
  let difference = 0;
  for (let j = 0; j < a.length; j++) difference |= (a[j] as number) ^ (b[j] as number);
  return difference === 0;
}

/**
 * The exact-cycle early stop shared by the runners: if the state after update `t + 1` repeats, bit
 * for bit, the state `period ≤ MAX_PERIOD` updates earlier, the deterministic update cycles from
 * then on, so the state after `maxSteps` updates is known and so is the outcome
 * (`‖x − ξ‖² < threshold`). `slot(t)` / `bitsOf(t)` are the ring of recent states and their bits.
 */
export function cycleOutcome(
  slot: (t: number) => Float32Array,
  bitsOf: (t: number) => Uint32Array,
  t: number,
  maxSteps: number,
  xi: Float32Array,
  threshold: number,
): RunOutcome | undefined {
  for (let period = 1; period <= Math.min(MAX_PERIOD, t + 1); period++) {
    if (equal(bitsOf(t + 1), bitsOf(t + 1 - period))) return cycleStop(slot, t, period, maxSteps, xi, threshold);
  }
  return undefined;
}

/**
 * The outcome of a run whose state after update `t + 1` repeats, bit for bit, the state `period`
 * updates earlier: the state after `maxSteps` updates is the ring's `slot` of the same phase.
 */
function cycleStop(
  slot: (t: number) => Float32Array,
  t: number,
  period: number,
  maxSteps: number,
  xi: Float32Array,
  threshold: number,
): RunOutcome {
  const start = t + 1 - period;
  const final = slot(start + ((maxSteps - start) % period));
  return { success: squaredDistance(final, xi) < threshold, updates: t + 1, stop: 'cycle' };
}

/**
 * The escape time of a trajectory from the ball `‖x − ξ‖² < threshold`: the first crossing of the
 * distance `√threshold`, interpolated linearly between the two states around it (`NaN` while no
 * state has left the ball). Feed it `x_0`, then every new state in order.
 */
export class EscapeClock {
  private readonly radius: number;
  private readonly threshold: number;
  private steps = 0;
  private previous = 0;
  /** The escape time found so far (`NaN` if none). */
  time = Number.NaN;

  constructor(threshold: number) {
    this.threshold = threshold;
    this.radius = Math.sqrt(threshold);
  }

  /** Restarts the clock at `x_0`. */
  start(x0: Float32Array, xi: Float32Array): void {
    this.steps = 0;
    this.time = Number.NaN;
    this.previous = Math.sqrt(squaredDistance(x0, xi));
    if (this.previous * this.previous >= this.threshold) this.time = 0;
  }

  /** The next state of the trajectory. */
  observe(x: Float32Array, xi: Float32Array): void {
    if (Number.isNaN(this.time)) this.observeDistance(Math.sqrt(squaredDistance(x, xi)));
    else this.steps += 1;
  }

  /** The next state of the trajectory, by its distance `‖x − ξ‖` (`Math.sqrt` of `squaredDistance`). */
  observeDistance(d: number): void {
    this.steps += 1;
    if (!Number.isNaN(this.time)) return;
    if (d * d >= this.threshold) {
      const before = this.previous;
      const fraction = d > before ? Math.min(1, Math.max(0, (this.radius - before) / (d - before))) : 1;
      this.time = this.steps - 1 + fraction;
    }
    this.previous = d;
  }
}

/** The per-thread contraction kernel, created on first use (`null`: not yet). */
let threadContraction: CertificateKernel | undefined | null = null;

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
