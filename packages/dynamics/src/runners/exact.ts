import type { AttentionBackend, Matrix } from '@dam/kernels';
import { ContractionCertificate } from '../certificates/contraction.js';
import { ballEnergyLowerBound, FailureCertificate } from '../certificates/failure.js';
import { largestGap, type TargetGeometry, targetGeometry } from '../certificates/geometry.js';
import { CertificateKernel } from '../certificates/kernel.js';
import { RetrievalCertificate, retrievalRadius } from '../certificates/retrieval.js';
import { type RoundingModel, roundingModel } from '../protocol/rounding.js';
import { backendStepInto, type Certificate, ProtocolRunner } from '../protocol/runner.js';
import type { ProtocolSettings } from '../protocol/settings.js';

/** The thread's certificate kernel, created on first use (`undefined` without WebAssembly SIMD). */
let threadKernel: { readonly kernel: CertificateKernel | undefined } | undefined;
function certificateKernel(): CertificateKernel | undefined {
  threadKernel ??= { kernel: CertificateKernel.create() };
  return threadKernel.kernel;
}

/**
 * An array for the `rows × cols` patterns of a realisation: in the thread's certificate kernel's
 * memory where it has one (so that the kernel never copies them: `CertificateKernel.patternArray`,
 * valid until a realisation of another shape), else a plain `Float32Array`.
 */
export function realisationArray(rows: number, cols: number): Float32Array {
  return certificateKernel()?.patternArray(rows, cols) ?? new Float32Array(rows * cols);
}

/**
 * One realisation of the pattern matrix, materialised, with every early-stop certificate: the unit
 * of work of the exact mode. The pattern set is drawn once and reused for every λ of a search and
 * every start; the geometry of each target (for the certificates) is computed once and cached.
 *
 * Certificates of a run, asked in this order after each update (with `earlyStop`):
 * - failure (`FailureCertificate`): the energy is provably below that of the success ball for good;
 * - contraction (`ContractionCertificate`): a ball around `x_t` provably maps into itself, inside
 *   the success ball or outside it;
 * - retrieval (`RetrievalCertificate`): `x_{t+1}` is inside a ball around `ξ^t` that provably maps
 *   into itself, within the success ball (also asked at `x_0`).
 * Their margins come from the backend's rounding model (`roundingModel`).
 */
export class RealisationRunner extends ProtocolRunner {
  readonly patterns: Matrix;
  readonly backend: AttentionBackend;
  readonly first: Float32Array;
  private readonly rounding: RoundingModel;
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

  constructor(patterns: Matrix, backend: AttentionBackend, settings: ProtocolSettings) {
    super(patterns.cols, settings);
    this.patterns = patterns;
    this.backend = backend;
    this.first = patterns.data.subarray(0, patterns.cols);
    this.rounding = roundingModel(backend, patterns.rows, patterns.cols);
  }

  target(target: number): Float32Array {
    const n = this.patterns.cols;
    return this.patterns.data.subarray(target * n, (target + 1) * n);
  }

  stepInto(x: Float32Array, lambda: number, out: Float32Array): number {
    return backendStepInto(this.backend, this.patterns, x, lambda, out);
  }

  /**
   * Drops the copies of the patterns that the backend and the certificate kernel keep (so that the
   * array can be reused for the next realisation, and the backend's memory is reused at once).
   */
  override release(): void {
    this.backend.invalidate?.(this.patterns);
    threadKernel?.kernel?.forget(this.patterns);
  }

  /**
   * The geometry of target `t` (cached: at most a few targets are kept, the last one and `ξ^1`):
   * upper bounds from float32 sums in WebAssembly (`CertificateKernel.targetGeometry`) where
   * available, else `targetGeometry` in float64.
   */
  geometry(target: number): TargetGeometry {
    let geometry = this.geometries.get(target);
    if (geometry === undefined) {
      geometry = certificateKernel()?.targetGeometry(this.patterns, target) ?? targetGeometry(this.patterns, target);
      if (this.geometries.size > 1) {
        for (const key of this.geometries.keys()) if (key !== 0) this.geometries.delete(key);
      }
      this.geometries.set(target, geometry);
    }
    return geometry;
  }

  protected override certificates(target: number, lambda: number, norm2: number): readonly Certificate[] {
    const { maxSteps, epsilon } = this.settings;
    const rounding = this.rounding;
    const threshold = epsilon * this.patterns.cols;
    const rho = Math.sqrt(threshold) * (1 + 1e-9);
    const rMax = Math.sqrt(threshold) * (1 - 1e-6);
    // Every state within rMax of ξ succeeds, every state beyond rMin fails, whatever the rounding of
    // the final distance (computed in float64 from float32 states, like ‖x − ξ‖ here).
    const rMin = Math.sqrt(threshold) * (1 + 1e-6);
    const slack = 1 + 1e-12 + this.patterns.cols * 2 ** -52;
    const geometry = this.geometry(target);
    const { maxNorm, maxAbs } = geometry;
    // Every state the bounds are applied to has norm ≤ stateNorm: x0, the states of the retrieval
    // ball (‖x‖ ≤ ‖ξ^t‖ + rMax) and every computed update (‖x‖ ≤ maxNorm + δ, δ ≪ maxNorm).
    const stateNorm = Math.max(Math.sqrt(norm2), 2 * maxNorm) + rMax;
    const delta = rounding.stepError({ lambda, maxNorm, maxAbs, stateNorm });
    const rise = 2 * maxNorm * delta + 0.5 * delta * delta;
    const energyFloor = (): number => this.energyFloor(target, geometry, lambda, rho);
    const certificates: Certificate[] = [new FailureCertificate({ lambda, maxSteps, maxNorm, rho, slack, rise, rounding, energyFloor })];
    const kernel = certificateKernel();
    if (kernel !== undefined) {
      // δ for a ball of norm ≤ ballNorm and weighted spread ≤ spread (never above the run's δ).
      const deltaFor = (ballNorm: number, spread: number): number =>
        Math.min(delta, rounding.stepError({ lambda, maxNorm, maxAbs, stateNorm: ballNorm, spread }));
      certificates.push(
        new ContractionCertificate({ kernel, patterns: this.patterns, lambda, maxSteps, maxNorm, rMax, rMin, slack, deltaFor }),
      );
    }
    certificates.push(new RetrievalCertificate(this.radius(target, geometry, lambda, delta, rMax), slack));
    return certificates;
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
}
