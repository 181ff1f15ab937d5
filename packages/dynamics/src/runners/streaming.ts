import { type EnsembleName, patternTile, type TileOptions } from '@dam/ensembles';
import type { AttentionBackend, Matrix } from '@dam/kernels';
import { checkOrderStatisticsEnsemble, DEFAULT_EXPLICIT_PATTERNS } from '../order-statistics/runner.js';
import { squaredDistance } from '../protocol/retrieve.js';
import { cycleOutcome, MAX_PERIOD, type ProtocolSettings, type RunOutcome } from '../protocol/runner.js';
import { checkInteger } from '../validate.js';

/**
 * How a realisation holds its patterns: all `P × N` at once, one tile at a time, or (spherical
 * patterns only) the `K` largest overlaps with `ξ^1` explicitly and the rest in conditional
 * expectation (`OrderStatisticsRunner`).
 */
export type PatternStorage = 'materialized' | 'streaming' | 'order-statistics';

/** Default rows per tile of the streaming mode (`65536 × N` float32 entries per tile). */
export const DEFAULT_TILE_ROWS = 65536;

/** Options of the pattern storage (`successRate`, `lambdaHalf`, `lambdaHalfByRate`, `finiteSizeScan`). */
export interface PatternStorageOptions {
  /**
   * `'materialized'` (default): each realisation draws its `P × N` pattern matrix once and keeps
   * it. `'streaming'`: a run never holds more than one tile of `tileRows` patterns; each attention
   * update regenerates the tiles from `(realisation seed, tile index)` (bit-identical to the
   * materialised patterns) and merges the tiles' steps exactly (log-sum-exp). Memory is
   * `O(tileRows·N)` instead of `O(P·N)`, at the price of redrawing every pattern at every update;
   * only the exact-cycle early stop is available (no ball / energy certificates).
   * `'order-statistics'` (spherical patterns only): the `explicitPatterns` patterns with the
   * largest overlaps with `ξ^1` are drawn exactly (exact top order statistics of the `P − 1`
   * overlaps) and the bulk of the others enters each update through its conditional expectation:
   * time and memory `O(K·N)` per update, independent of `P` (an approximation: see the README).
   */
  readonly patterns?: PatternStorage | undefined;
  /** Patterns per tile in streaming mode (default {@link DEFAULT_TILE_ROWS}). */
  readonly tileRows?: number | undefined;
  /** `K`, explicit patterns besides `ξ^1` in order-statistics mode (default {@link DEFAULT_EXPLICIT_PATTERNS}). */
  readonly explicitPatterns?: number | undefined;
}

/** Checked {@link PatternStorageOptions}. */
export interface StorageSettings {
  readonly mode: PatternStorage;
  readonly tileRows: number;
  /** `K` of the order-statistics mode. */
  readonly explicitPatterns: number;
}

/**
 * Validates {@link PatternStorageOptions}; with `ensemble` given, refuses `'order-statistics'`
 * for any ensemble but `'spherical'` (RangeError saying why).
 */
export function storageSettings(options: PatternStorageOptions & { readonly ensemble?: string | undefined }): StorageSettings {
  const mode = options.patterns ?? 'materialized';
  if (mode !== 'materialized' && mode !== 'streaming' && mode !== 'order-statistics') {
    throw new RangeError(`patterns must be 'materialized', 'streaming' or 'order-statistics', got ${String(mode)}`);
  }
  const tileRows = checkInteger('tileRows', options.tileRows ?? DEFAULT_TILE_ROWS, 1, 2 ** 31);
  const explicitPatterns = checkInteger('explicitPatterns', options.explicitPatterns ?? DEFAULT_EXPLICIT_PATTERNS, 1, 2 ** 31);
  if (mode === 'order-statistics' && options.ensemble !== undefined) checkOrderStatisticsEnsemble(options.ensemble);
  return { mode, tileRows, explicitPatterns };
}

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
 * check (exact: the merged step is a deterministic function of the state); the ball and energy
 * certificates need the whole pattern set and are not used.
 */
export class StreamingRunner {
  readonly backend: AttentionBackend;
  readonly settings: ProtocolSettings;
  readonly tileOptions: TileOptions;
  readonly tiles: number;
  /** `ξ^1`, row 0 of tile 0. */
  readonly first: Float32Array;
  private readonly merger: StepMerger;
  private readonly ring: Float32Array[];
  private readonly bits: Uint32Array[];
  /** With a single tile it is kept (memory is one tile either way). */
  private readonly onlyTile: Matrix | undefined;

  constructor(spec: StreamingSpec, backend: AttentionBackend, settings: ProtocolSettings) {
    const { ensemble, N, P, seed, tileRows } = spec;
    if (!Number.isSafeInteger(P) || P < 1) throw new RangeError(`P must be a positive safe integer, got ${String(P)}`);
    this.backend = backend;
    this.settings = settings;
    this.tileOptions = { ensemble, dimension: N, seed, count: P, tileRows };
    this.tiles = Math.ceil(P / tileRows);
    const tile0 = patternTile(this.tileOptions, 0).patterns;
    this.first = tile0.data.slice(0, N);
    this.onlyTile = this.tiles === 1 ? tile0 : undefined;
    this.merger = new StepMerger(N);
    this.ring = Array.from({ length: MAX_PERIOD + 1 }, () => new Float32Array(N));
    this.bits = this.ring.map((state) => new Uint32Array(state.buffer));
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

  /** Runs the protocol from `x0` towards `ξ^1` (target 0 only) at inverse temperature `λ`. */
  run(x0: Float32Array, target: number, lambda: number): RunOutcome {
    if (target !== 0) throw new RangeError(`streaming runs only target ξ^1 (target 0), got ${target}`);
    const { ring, first: xi } = this;
    const { maxSteps, epsilon, earlyStop } = this.settings;
    const threshold = epsilon * xi.length;
    const slot = (t: number): Float32Array => ring[t % ring.length] as Float32Array;
    const bitsOf = (t: number): Uint32Array => this.bits[t % ring.length] as Uint32Array;
    slot(0).set(x0);
    for (let t = 0; t < maxSteps; t++) {
      this.stepInto(slot(t), lambda, slot(t + 1));
      if (earlyStop) {
        const cycle = cycleOutcome(slot, bitsOf, t, maxSteps, xi, threshold);
        if (cycle !== undefined) return cycle;
      }
    }
    return { success: squaredDistance(slot(maxSteps), xi) < threshold, updates: maxSteps, stop: 'steps' };
  }
}
