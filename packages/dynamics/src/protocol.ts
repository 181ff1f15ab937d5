import type { AttentionBackend, Matrix } from '@dam/kernels';
import {
  type TargetGeometry,
  ballEnergyLowerBound,
  largestGap,
  retrievalRadius,
  targetGeometry,
} from './certificates.js';
import { squaredDistance } from './retrieve.js';
import { checkInteger, checkPositive } from './validate.js';

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
export type StopReason = 'steps' | 'retrieval-certificate' | 'failure-certificate' | 'cycle';

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
const MAX_PERIOD = 4;

/**
 * Bound on the error of one computed update, `‖x̃' − x'‖ ≤ δ`, relative to `max ‖ξ^μ‖`: the
 * reference backend computes in float64 and rounds to float32 (`2^-24`, plus the float64 sums);
 * any other backend is held to the `@dam/kernels` contract of `1e-4` relative to the reference.
 */
export function stepErrorBound(backendName: string, patternCount: number): number {
  return backendName === 'reference' ? 2 ** -24 + (patternCount + 16) * 2 ** -52 : 1e-4 + 2 ** -24;
}

/** Bound on the relative error of the backend's log-sum-exp (same reasoning as {@link stepErrorBound}). */
function logSumExpErrorBound(backendName: string, patternCount: number, n: number): number {
  return backendName === 'reference' ? (patternCount + n + 16) * 2 ** -52 : 1e-4;
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
  private readonly geometries = new Map<number, TargetGeometry>();
  private readonly gapCache = new Map<number, number>();
  private readonly delta: number;
  private readonly lseError: number;

  constructor(patterns: Matrix, backend: AttentionBackend, settings: ProtocolSettings) {
    this.patterns = patterns;
    this.backend = backend;
    this.settings = settings;
    this.ring = Array.from({ length: MAX_PERIOD + 1 }, () => new Float32Array(patterns.cols));
    this.bits = this.ring.map((state) => new Uint32Array(state.buffer));
    this.delta = stepErrorBound(backend.name, patterns.rows);
    this.lseError = logSumExpErrorBound(backend.name, patterns.rows, patterns.cols);
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

  /** The geometry of target `t` (cached: at most a few targets are kept, the last one and `ξ^1`). */
  geometry(target: number): TargetGeometry {
    let geometry = this.geometries.get(target);
    if (geometry === undefined) {
      geometry = targetGeometry(this.patterns, target);
      if (this.geometries.size > 1) {
        for (const key of this.geometries.keys()) if (key !== 0) this.geometries.delete(key);
      }
      this.geometries.set(target, geometry);
    }
    return geometry;
  }

  /**
   * Runs the protocol from `x0` at inverse temperature `λ`: `maxSteps` attention updates
   * (Eq. 2) and success iff `‖x − ξ^t‖²/N < ε` at the end, where `ξ^t` is row `target`.
   *
   * With `earlyStop`, the run ends as soon as the outcome of the full run is certain:
   * - retrieval: `‖x_t − ξ^t‖ ≤ r` for a radius `r < √(εN)` whose ball is provably mapped into
   *   itself by the computed update (`retrievalRadius`), so every later state stays within it;
   * - failure: `E(x_t)` plus the largest rise that rounding can cause in the remaining updates is
   *   below the energy lower bound of the ball `‖x − ξ^t‖ ≤ √(εN)` (`ballEnergyLowerBound`); exact
   *   updates never raise `E` at rate 1, so no later state re-enters the ball;
   * - cycle: the new float32 state equals one of the last `4` bit for bit; the backend being a
   *   deterministic function of its inputs, the sequence is periodic from there and `x_T` is known.
   */
  run(x0: Float32Array, target: number, lambda: number): RunOutcome {
    const { patterns, backend, ring } = this;
    const { maxSteps, epsilon, earlyStop } = this.settings;
    const n = patterns.cols;
    const xi = patterns.data.subarray(target * n, (target + 1) * n);
    const threshold = epsilon * n;
    const slot = (t: number): Float32Array => ring[t % ring.length] as Float32Array;
    const bitsOf = (t: number): Uint32Array => this.bits[t % ring.length] as Uint32Array;
    slot(0).set(x0);

    let radius = Number.NEGATIVE_INFINITY;
    let energyFloor = Number.NaN; // computed at the first update (a run certified at t = 0 needs none)
    let rise = 0;
    let geometry: TargetGeometry | undefined;
    const rho = Math.sqrt(threshold) * (1 + 1e-9);
    if (earlyStop) {
      geometry = this.geometry(target);
      const delta = this.delta * geometry.maxNorm;
      radius = retrievalRadius(geometry, lambda, delta, Math.sqrt(threshold) * (1 - 1e-6));
      // E(x + e) ≤ E(x) + ∇E(x)·e + ½‖e‖² (the Hessian of E is ≤ I) with ‖∇E‖ ≤ 2 max‖ξ‖.
      rise = 2 * geometry.maxNorm * delta + 0.5 * delta * delta;
    }

    for (let t = 0; ; t++) {
      const x = slot(t);
      if (earlyStop && radius >= 0 && Math.sqrt(squaredDistance(x, xi)) * (1 + 1e-12) <= radius) {
        return { success: true, updates: t, stop: 'retrieval-certificate' };
      }
      if (t === maxSteps) break;
      const { next, logSumExp } = backend.step(patterns, x, lambda);
      if (geometry !== undefined) {
        if (Number.isNaN(energyFloor)) energyFloor = ballEnergyLowerBound(geometry, lambda, rho, this.largestGap(target, rho));
        let norm2 = 0;
        for (let j = 0; j < n; j++) norm2 += (x[j] as number) ** 2;
        const e = -logSumExp / lambda + 0.5 * norm2;
        const error = this.lseError * (Math.abs(logSumExp) / lambda + 0.5 * norm2 + 1);
        if (e + error + (maxSteps - t) * rise < energyFloor) {
          return { success: false, updates: t + 1, stop: 'failure-certificate' };
        }
      }
      const y = slot(t + 1);
      y.set(next);
      if (earlyStop) {
        for (let period = 1; period <= Math.min(MAX_PERIOD, t + 1); period++) {
          if (equal(bitsOf(t + 1), bitsOf(t + 1 - period))) {
            const start = t + 1 - period;
            const final = slot(start + ((maxSteps - start) % period));
            return { success: squaredDistance(final, xi) < threshold, updates: t + 1, stop: 'cycle' };
          }
        }
      }
    }
    return { success: squaredDistance(slot(maxSteps), xi) < threshold, updates: maxSteps, stop: 'steps' };
  }
}

/** Bit-for-bit equality of two float32 states (through their `Uint32Array` views). */
function equal(a: Uint32Array, b: Uint32Array): boolean {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}
