import { checkOrderStatisticsEnsemble, DEFAULT_EXPLICIT_PATTERNS } from '../order-statistics/runner.js';
import { checkInteger } from '../validate.js';

/**
 * How a realisation holds its patterns: all `P × N` at once, one tile at a time, or (spherical
 * and Gaussian patterns) the `K` largest overlaps with `ξ^1` explicitly and the rest in conditional
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
   * `'order-statistics'` (spherical and Gaussian patterns): the `explicitPatterns` patterns with the
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
 * for binary patterns (RangeError saying why).
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
