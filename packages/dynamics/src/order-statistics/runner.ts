import type { EnsembleName } from '@dam/ensembles';
import type { AttentionBackend } from '@dam/kernels';
import { backendStepInto, ProtocolRunner } from '../protocol/runner.js';
import type { ProtocolSettings } from '../protocol/settings.js';
import { BulkModel, type BulkStep, type QuadratureOptions } from './bulk.js';
import { drawGaussianPatterns, GaussianBulk } from './gaussian.js';
import { drawExplicitPatterns, type ExplicitPatterns } from './sampler.js';

/** Default number `K` of explicit patterns (the largest overlaps with `ξ^1`) of the order-statistics mode. */
export const DEFAULT_EXPLICIT_PATTERNS = 2048;

/** One realisation in order-statistics mode. */
export interface OrderStatisticsSpec {
  /** `'spherical'` or `'gaussian'` (see {@link checkOrderStatisticsEnsemble}). */
  readonly ensemble: EnsembleName;
  /** Dimension `N ≥ 4`. */
  readonly N: number;
  /** Number of patterns `P` (any finite number ≥ 1; only `K + 1` are drawn). */
  readonly P: number;
  /** The realisation's seed. */
  readonly seed: number;
  /** `K`, the patterns with the largest overlaps with `ξ^1` that are drawn explicitly. */
  readonly explicitPatterns: number;
  /**
   * Spherical only: a start at this angle θ from `ξ^1` (a basin run): the explicit patterns are then
   * the top overlaps with the start `x_0 = √N e_1` ({@link OrderStatisticsRunner.start}), see `drawExplicitPatterns`.
   */
  readonly startAngle?: number | undefined;
}

/**
 * Throws a RangeError unless the order-statistics mode supports `ensemble`: `'spherical'` and
 * `'gaussian'` (the mode needs the exact law of the overlaps with `ξ^1` and a law of the rest of
 * each pattern that does not depend on its overlap: rotation invariance around `ξ^1`). Binary
 * patterns have neither: their overlaps are discrete and the rest is not rotation invariant.
 */
export function checkOrderStatisticsEnsemble(ensemble: string): void {
  if (ensemble !== 'spherical' && ensemble !== 'gaussian') {
    throw new RangeError(
      `patterns: 'order-statistics' supports the spherical and gaussian ensembles (it needs the exact law of the overlaps with ξ^1 and patterns rotation invariant around it), got ensemble '${ensemble}'; use patterns: 'materialized' or 'streaming' for binary patterns`,
    );
  }
}

/** The bulk of a realisation: its contribution to one update (`BulkModel`, `GaussianBulk`). */
interface Bulk {
  step(lambda: number, x1: number, r: number): BulkStep;
}

/**
 * One realisation of the paper's protocol whose cost does not grow with `P` (spherical and Gaussian
 * patterns). Spherical: in the frame where `ξ^1 = √N e_1`, the `K` patterns with the largest overlaps with `ξ^1`
 * are drawn exactly (their overlaps are the exact top order statistics of the `P − 1` others, see
 * `topOverlaps`; their directions in `e_1^⊥` are uniform) and kept as a `(K + 1) × N` matrix with
 * `ξ^1` in row 0; the other `P − 1 − K` patterns (the bulk) enter every update through the
 * conditional expectations of their partition function and weighted sum (`BulkModel`). The update
 * is Eq. 2 with the explicit patterns summed exactly (the backend's step) and the bulk added in
 * log space: `x' = (e^{lse_E} x'_E + W_B)/(e^{lse_E} + Z_B)`, rounded to float32.
 * Per update `O(K·N + quadrature)` time, memory `O(K·N)`, independent of `P`. Gaussian: the same
 * with `ξ^1 = ρ e_1`, `ρ² ~ χ²_N`, the top `K` of the `N(0, 1)` components `g_μ = ξ^μ·e_1` and
 * `N(0, I)` orthogonal parts (`drawGaussianPatterns`), the bulk in closed form (`GaussianBulk`).
 *
 * The protocol is that of `RealisationRunner` (start at `ξ^1`, at most `maxSteps` updates, success
 * iff `‖x − ξ^1‖²/N < ε`); the only early stop is the run loop's exact float32 fixed point / cycle
 * (the update is a deterministic function of the state).
 */
export class OrderStatisticsRunner extends ProtocolRunner {
  readonly backend: AttentionBackend;
  readonly explicit: ExplicitPatterns;
  readonly bulk: Bulk;
  /** `ξ^1` (`√N e_1` for spherical patterns, `ρ e_1` for Gaussian ones, at `startAngle` from `e_1` if given; float32). */
  readonly first: Float32Array;
  /** The start of a basin run, `x_0 = √N e_1` (at `startAngle` from `ξ^1`); `ξ^1` without a start angle. */
  readonly start: Float32Array;
  private readonly scratch: Float32Array;

  constructor(spec: OrderStatisticsSpec, backend: AttentionBackend, settings: ProtocolSettings, quadrature: QuadratureOptions = {}) {
    checkOrderStatisticsEnsemble(spec.ensemble);
    const { N, P, seed, explicitPatterns } = spec;
    if (!Number.isInteger(N) || N < 4) throw new RangeError(`order-statistics mode needs an integer N ≥ 4, got ${String(N)}`);
    if (!Number.isFinite(P) || P < 1) throw new RangeError(`P must be a finite number ≥ 1, got ${String(P)}`);
    if (!Number.isInteger(explicitPatterns) || explicitPatterns < 1) {
      throw new RangeError(`explicitPatterns must be a positive integer, got ${String(explicitPatterns)}`);
    }
    super(N, settings);
    this.backend = backend;
    const gaussian = spec.ensemble === 'gaussian';
    if (gaussian && spec.startAngle !== undefined) {
      throw new RangeError('order-statistics basins (a start angle) support spherical patterns only');
    }
    this.explicit = gaussian
      ? drawGaussianPatterns(N, P, explicitPatterns, seed)
      : drawExplicitPatterns(N, P, explicitPatterns, seed, spec.startAngle);
    const K = this.explicit.overlaps.length;
    const { cut, logTailAtCut } = this.explicit;
    this.bulk = gaussian ? new GaussianBulk(P - 1 - K, cut) : new BulkModel(N, P - 1 - K, cut, logTailAtCut, quadrature);
    this.first = this.explicit.patterns.data.slice(0, N);
    this.start = spec.startAngle === undefined ? this.first : Float32Array.from({ length: N }, (_, j) => (j === 0 ? Math.sqrt(N) : 0));
    this.scratch = new Float32Array(N);
  }

  /** `ξ^1`: order-statistics runs only target it. */
  target(target: number): Float32Array {
    if (target !== 0) throw new RangeError(`order-statistics runs only target ξ^1 (target 0), got ${target}`);
    return this.first;
  }

  /** `K`: explicit patterns besides `ξ^1` (`min(explicitPatterns, P − 1)`). */
  get explicitCount(): number {
    return this.explicit.overlaps.length;
  }

  /**
   * One update (Eq. 2 with the bulk in conditional expectation), written into `out`; returns
   * `log(e^{lse_E} + Z_B)`, the log partition function of the update.
   */
  stepInto(x: Float32Array, lambda: number, out: Float32Array): number {
    const { backend, scratch } = this;
    const patterns = this.explicit.patterns;
    const lseE = backendStepInto(backend, patterns, x, lambda, scratch);
    const n = x.length;
    const x1 = x[0] as number;
    let r2 = 0;
    for (let j = 1; j < n; j++) r2 += (x[j] as number) ** 2;
    const r = Math.sqrt(r2);
    const bulk = this.bulk.step(lambda, x1, r);
    const m = Math.max(lseE, bulk.logZ);
    const wE = Math.exp(lseE - m);
    const wB = Math.exp(bulk.logZ - m);
    const total = wE + wB;
    out[0] = (wE * (scratch[0] as number) + wB * bulk.parallel) / total;
    const perp = r > 0 ? (wB * bulk.perpendicular) / r : 0;
    for (let j = 1; j < n; j++) out[j] = (wE * (scratch[j] as number) + perp * (x[j] as number)) / total;
    return m + Math.log(total);
  }
}
