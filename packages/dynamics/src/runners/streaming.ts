import { type EnsembleName, patternTile, type TileOptions } from '@dam/ensembles';
import type { AttentionBackend, Matrix } from '@dam/kernels';
import { ProtocolRunner } from '../protocol/runner.js';
import type { ProtocolSettings } from '../protocol/settings.js';

/**
 * Merges partial attention steps (one per tile) exactly: `lse = log Σ_t e^{lse_t}` and
 * `next = Σ_t e^{lse_t − lse} next_t`, accumulated in float64 with a running maximum (online
 * softmax), rounded to float32 only by {@link finish}.
 */
export class StepMerger {
  private readonly acc: Float64Array;
  private max = Number.NEGATIVE_INFINITY;
  private sum = 0;

  constructor(n: number) {
    this.acc = new Float64Array(n);
  }

  reset(): void {
    this.acc.fill(0);
    this.max = Number.NEGATIVE_INFINITY;
    this.sum = 0;
  }

  /** Adds the step `(next_t, lse_t)` of one tile. */
  add(next: Float32Array, logSumExp: number): void {
    const { acc } = this;
    if (logSumExp > this.max) {
      const scale = Number.isFinite(this.max) ? Math.exp(this.max - logSumExp) : 0;
      for (let j = 0; j < acc.length; j++) acc[j] = (acc[j] as number) * scale;
      this.sum *= scale;
      this.max = logSumExp;
    }
    const w = Math.exp(logSumExp - this.max);
    this.sum += w;
    for (let j = 0; j < acc.length; j++) acc[j] = (acc[j] as number) + w * (next[j] as number);
  }

  /** Writes the merged step into `out` (float32) and returns the merged log-sum-exp. */
  finish(out: Float32Array): number {
    const { acc, sum } = this;
    for (let j = 0; j < acc.length; j++) out[j] = (acc[j] as number) / sum;
    return this.max + Math.log(sum);
  }
}

/** The patterns of a streaming realisation: `samplePatterns({ ensemble, dimension: N, seed, count: P })`, in tiles. */
export interface StreamingSpec {
  readonly ensemble: EnsembleName;
  readonly N: number;
  readonly P: number;
  readonly seed: number;
  readonly tileRows: number;
}

/**
 * One realisation in streaming mode: the protocol of `RealisationRunner` (same updates, same
 * outcome: success iff `‖x_T − ξ^1‖²/N < ε` after `maxSteps` updates) with the patterns
 * regenerated tile by tile at every update. Early stop: only the exact float32 fixed point / cycle
 * of the run loop (exact: the merged step is a deterministic function of the state); the ball and
 * energy certificates need the whole pattern set and are not used.
 */
export class StreamingRunner extends ProtocolRunner {
  readonly backend: AttentionBackend;
  readonly tileOptions: TileOptions;
  readonly tiles: number;
  /** `ξ^1`, row 0 of tile 0. */
  readonly first: Float32Array;
  private readonly merger: StepMerger;
  /** With a single tile it is kept (memory is one tile either way). */
  private readonly onlyTile: Matrix | undefined;

  constructor(spec: StreamingSpec, backend: AttentionBackend, settings: ProtocolSettings) {
    const { ensemble, N, P, seed, tileRows } = spec;
    if (!Number.isSafeInteger(P) || P < 1) throw new RangeError(`P must be a positive safe integer, got ${String(P)}`);
    super(N, settings);
    this.backend = backend;
    this.tileOptions = { ensemble, dimension: N, seed, count: P, tileRows };
    this.tiles = Math.ceil(P / tileRows);
    const tile0 = patternTile(this.tileOptions, 0).patterns;
    this.first = tile0.data.slice(0, N);
    this.onlyTile = this.tiles === 1 ? tile0 : undefined;
    this.merger = new StepMerger(N);
  }

  /** `ξ^1`: streaming runs only target it. */
  target(target: number): Float32Array {
    if (target !== 0) throw new RangeError(`streaming runs only target ξ^1 (target 0), got ${target}`);
    return this.first;
  }

  /** The merged attention step over all tiles, written into `out`; returns the log-sum-exp. */
  stepInto(x: Float32Array, lambda: number, out: Float32Array): number {
    const { merger, backend } = this;
    merger.reset();
    for (let index = 0; index < this.tiles; index++) {
      const tile = this.onlyTile ?? patternTile(this.tileOptions, index).patterns;
      const step = backend.step(tile, x, lambda);
      merger.add(step.next, step.logSumExp);
    }
    return merger.finish(out);
  }
}
