import type { AttentionBackend, Matrix } from '@dam/kernels';
import { EscapeClock } from './escape-clock.js';
import { squaredDistance } from './retrieve.js';
import type { ProtocolSettings, RunOutcome } from './settings.js';

/** Periods of exact float32 cycles that the early stop detects (1 = fixed point). */
export const MAX_PERIOD = 4;

/**
 * What the run loop knows right after computing `x_{t+1} = F̃(x_t)`, handed to each
 * {@link Certificate} (one object, updated in place: read it, do not keep it). Squared norms and
 * distances are float64 sums over the coordinates in order, as `squaredDistance`.
 */
export interface UpdateState {
  /** `t`: the update just computed is the `(t + 1)`-th. */
  t: number;
  /** `x_t`. */
  x: Float32Array;
  /** `x_{t+1}`. */
  y: Float32Array;
  /** The log-sum-exp of the update from `x_t` (`E(x_t) = −lse/λ + ½‖x_t‖²`, Eq. 1). */
  logSumExp: number;
  /** `‖x_t − ξ^t‖²` and `‖x_t‖²`. */
  dist2: number;
  norm2: number;
  /** `‖x_{t+1} − ξ^t‖²`, `‖x_{t+1}‖²` and `‖x_{t+1} − x_t‖²`. */
  nextDist2: number;
  nextNorm2: number;
  step2: number;
}

/**
 * An early-stop certificate: proves, when it can, the outcome of the full run from the run so far.
 * A certificate only ever returns the outcome the full run of `maxSteps` updates would have.
 */
export interface Certificate {
  /** The outcome if already decided at `x_0` (`‖x_0 − ξ^t‖² = dist2`), else `undefined`. */
  atStart?(dist2: number): RunOutcome | undefined;
  /** The outcome if decided after the update of `state`, else `undefined`. */
  afterUpdate(state: UpdateState): RunOutcome | undefined;
}

const NO_CERTIFICATES: readonly Certificate[] = Object.freeze([]);

/**
 * One realisation of the patterns and the paper's protocol on it: the run loop every runner shares.
 * A runner supplies the update (`stepInto`), the patterns a run targets and, optionally, its
 * early-stop certificates; the loop runs the protocol — from `x_0`, at most `maxSteps` updates,
 * success iff `‖x − ξ^t‖²/N < ε` at the end — keeps the escape time of the run and, with
 * `earlyStop`, ends it as soon as its outcome is certain: an exact float32 cycle (below) or one of
 * the runner's certificates, asked in order after each update.
 *
 * Exact cycle: the new float32 state equals one of the last {@link MAX_PERIOD} bit for bit; the
 * update being a deterministic function of the state, the sequence is periodic from there and
 * `x_T` is known. Adding a runner is a subclass with `first`, `target` and `stepInto`.
 */
export abstract class ProtocolRunner {
  readonly settings: ProtocolSettings;
  /** `ξ^1`, the start and target of the critical-λ search. */
  abstract readonly first: Float32Array;
  /**
   * Escape time of the last {@link run}: the (linearly interpolated, fractional) time at which the
   * distance `‖x_t − ξ^t‖` first reached `√(εN)`, or `NaN` if no computed state left that ball
   * (`EscapeClock`). It does not depend on the early stop: a run stopped as a failure has already
   * left the ball.
   */
  lastEscape = Number.NaN;
  /**
   * Whether the first update of the last {@link run} landed in the success ball (`‖x_1 − ξ^t‖²/N < ε`):
   * the one-step outcome of the basin argument. `true` also when a certificate proved retrieval at
   * `x_0` (its ball lies inside the success ball); `undefined` when the run computed no update otherwise.
   */
  lastFirstUpdate: boolean | undefined;
  private readonly ring: Float32Array[];
  private readonly bits: Uint32Array[];
  private readonly sums = new Float64Array(3);
  private readonly state: UpdateState;

  constructor(dimension: number, settings: ProtocolSettings) {
    this.settings = settings;
    this.ring = Array.from({ length: MAX_PERIOD + 1 }, () => new Float32Array(dimension));
    this.bits = this.ring.map((state) => new Uint32Array(state.buffer));
    const empty = this.ring[0] as Float32Array;
    this.state = { t: 0, x: empty, y: empty, logSumExp: 0, dist2: 0, norm2: 0, nextDist2: 0, nextNorm2: 0, step2: 0 };
  }

  /** `ξ^t`, the pattern a run from row `target` must retrieve (a runner may accept only `0`). */
  abstract target(target: number): Float32Array;

  /** One update of Eq. (2) from `x` written into `out` (never `x` itself); returns its log-sum-exp. */
  abstract stepInto(x: Float32Array, lambda: number, out: Float32Array): number;

  /**
   * The certificates of one run with `earlyStop` (besides the exact cycle), in the order they are
   * asked; `norm2 = ‖x_0‖²`. None by default.
   */
  protected certificates(_target: number, _lambda: number, _norm2: number): readonly Certificate[] {
    return NO_CERTIFICATES;
  }

  /** Drops what the runner keeps for its patterns (so that their memory can be reused). */
  release(): void {}

  /** Runs the protocol from `x0` towards pattern `target` at inverse temperature `λ`. */
  run(x0: Float32Array, target: number, lambda: number): RunOutcome {
    const { ring, bits, sums, state } = this;
    const { maxSteps, epsilon, earlyStop } = this.settings;
    const xi = this.target(target);
    const threshold = epsilon * xi.length;
    const slotOf = (time: number): Float32Array => ring[time % ring.length] as Float32Array;
    slotOf(0).set(x0);
    const clock = new EscapeClock(threshold);
    clock.start(x0, xi);
    this.lastEscape = clock.time;
    state.dist2 = squaredDistance(x0, xi);
    let norm2 = 0;
    for (let j = 0; j < x0.length; j++) norm2 += (x0[j] as number) ** 2;
    state.norm2 = norm2;
    this.lastFirstUpdate = undefined;
    const certificates = earlyStop ? this.certificates(target, lambda, norm2) : NO_CERTIFICATES;
    for (let c = 0; c < certificates.length; c++) {
      const outcome = (certificates[c] as Certificate).atStart?.(state.dist2);
      if (outcome !== undefined) {
        if (outcome.success) this.lastFirstUpdate = true;
        return outcome;
      }
    }
    for (let t = 0; t < maxSteps; t++) {
      const x = slotOf(t);
      // The update goes straight into the ring slot of x_{t+1} (it holds x_{t−4}, no longer needed).
      const y = slotOf(t + 1);
      state.logSumExp = this.stepInto(x, lambda, y);
      const repeats = observeUpdate(y, x, xi, bits, t + 1, sums);
      state.t = t;
      state.x = x;
      state.y = y;
      state.nextDist2 = sums[0] as number;
      state.nextNorm2 = sums[1] as number;
      state.step2 = sums[2] as number;
      clock.observeDistance(Math.sqrt(state.nextDist2));
      this.lastEscape = clock.time;
      if (t === 0) this.lastFirstUpdate = state.nextDist2 < threshold;
      if (earlyStop && repeats !== 0) {
        // The smallest period p ≤ t + 1 at which x_{t+1} repeats x_{t+1−p} bit for bit.
        for (let period = 1; period <= Math.min(MAX_PERIOD, t + 1); period++) {
          if ((repeats & (1 << (period - 1))) !== 0) return cycleStop(slotOf, t, period, maxSteps, xi, threshold);
        }
      }
      for (let c = 0; c < certificates.length; c++) {
        const outcome = (certificates[c] as Certificate).afterUpdate(state);
        if (outcome !== undefined) return outcome;
      }
      state.dist2 = state.nextDist2;
      state.norm2 = state.nextNorm2;
    }
    return { success: squaredDistance(slotOf(maxSteps), xi) < threshold, updates: maxSteps, stop: 'steps' };
  }
}

/**
 * `backend.stepInto` when the backend has it, else `backend.step` copied into `out` (the same
 * numbers): the update of a runner whose patterns are one matrix.
 */
export function backendStepInto(backend: AttentionBackend, patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number {
  if (backend.stepInto !== undefined) return backend.stepInto(patterns, x, lambda, out);
  const step = backend.step(patterns, x, lambda);
  out.set(step.next);
  return step.logSumExp;
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
