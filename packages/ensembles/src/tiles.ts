import type { Matrix } from '@dam/core';
import { type SampleOptions, sampleRows } from './sampler.js';

/** One tile of a pattern set: rows `firstRow … firstRow + patterns.rows − 1`. */
export interface PatternTile {
  /** Index of the tile (0, 1, …). */
  readonly index: number;
  /** Global index of the tile's first pattern. */
  readonly firstRow: number;
  /** The tile's patterns, `rows ≤ tileRows`, one per row. */
  readonly patterns: Matrix;
}

/** Options of {@link patternTiles}: a pattern set of `count` patterns, cut into tiles of `tileRows`. */
export interface TileOptions extends SampleOptions {
  /** Total number of patterns `P`. */
  readonly count: number;
  /** Rows per tile (the last tile may be shorter). */
  readonly tileRows: number;
}

/**
 * The tile `index` of a pattern set, regenerated from `(seed, index)`: the same rows as
 * `samplePatterns` would put at `index·tileRows …`, so memory stays `O(tileRows·N)` whatever `P`.
 */
export function patternTile(options: TileOptions, index: number): PatternTile {
  const { count, tileRows } = options;
  if (!Number.isSafeInteger(tileRows) || tileRows < 1) {
    throw new RangeError(`tileRows must be a positive integer, got ${String(tileRows)}`);
  }
  const tiles = Math.ceil(count / tileRows);
  if (!Number.isInteger(index) || index < 0 || index >= tiles) {
    throw new RangeError(`tile index must be an integer in [0, ${tiles - 1}], got ${String(index)}`);
  }
  const firstRow = index * tileRows;
  return { index, firstRow, patterns: sampleRows(options, firstRow, Math.min(tileRows, count - firstRow)) };
}

/** All tiles of a pattern set in order, each generated when the iteration reaches it (streaming mode). */
export function* patternTiles(options: TileOptions): Generator<PatternTile> {
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${String(options.count)}`);
  }
  const tiles = Math.ceil(options.count / options.tileRows);
  for (let index = 0; index < tiles; index++) yield patternTile(options, index);
}
