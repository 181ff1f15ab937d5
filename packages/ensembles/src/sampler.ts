import { createMatrix, formatBytes, MAX_MATRIX_ENTRIES, type Matrix } from '@dam/core';
import { fillNormal32 } from './normal32.js';
import type { RandomGenerator } from './random.js';
import { checkSeed, rowStream } from './random.js';
import { fillNormalRows } from './wasm/normals.js';

/** The built-in ensembles. */
export type EnsembleName = 'spherical' | 'gaussian' | 'binary';

/** Names of the built-in ensembles, in the order the CLI lists them. */
export const ENSEMBLE_NAMES: readonly EnsembleName[] = ['spherical', 'gaussian', 'binary'];

/** Draws one pattern of dimension `row.length` from its own random stream into `row`. */
export type RowSampler = (rng: RandomGenerator, row: Float32Array) => void;

const rowSamplers: Record<EnsembleName, RowSampler> = {
  gaussian(rng, row) {
    fillNormal32(rng, row);
  },
  spherical(rng, row) {
    fillNormal32(rng, row);
    // x_j·√(n/Σx²): the sum of the (exact) float64 squares in index order, the product rounded to float32.
    let squared = 0;
    for (let j = 0; j < row.length; j++) squared += (row[j] as number) * (row[j] as number);
    const scale = Math.sqrt(row.length / squared);
    for (let j = 0; j < row.length; j++) row[j] = (row[j] as number) * scale;
  },
  binary(rng, row) {
    let bits = 0;
    for (let j = 0; j < row.length; j++) {
      if (j % 32 === 0) bits = rng.next();
      row[j] = (bits >>> (j % 32)) & 1 ? 1 : -1;
    }
  },
};

/** Options of {@link samplePatterns} and {@link sampleRows}. */
export interface SampleOptions {
  /** Ensemble to draw from. */
  readonly ensemble: EnsembleName;
  /** Pattern dimension `N ≥ 1`. */
  readonly dimension: number;
  /** Seed: an integer in `[0, 2^53 − 1]`. The same seed gives the same patterns everywhere. */
  readonly seed: number;
}

/** Throws a `RangeError` unless `ensemble` is a built-in ensemble name. */
export function checkEnsembleName(ensemble: string): asserts ensemble is EnsembleName {
  if (!(ENSEMBLE_NAMES as readonly string[]).includes(ensemble)) {
    throw new RangeError(`ensemble must be one of ${ENSEMBLE_NAMES.join(', ')}; got ${ensemble}`);
  }
}

/**
 * Patterns `firstRow … firstRow + count − 1` of the (conceptually infinite) sequence drawn with
 * `seed`, as a `count × N` {@link Matrix}. Row `μ` depends only on `(seed, μ)`, so tiles and
 * shards reproduce {@link samplePatterns} exactly. `data` (optional, length `count·N`) is filled
 * and used as the matrix's array instead of a new one, for callers that draw many realisations
 * (a fresh 10⁶-entry array per realisation costs more in page faults and garbage collection than
 * the drawing itself).
 */
export function sampleRows(options: SampleOptions, firstRow: number, count: number, data?: Float32Array): Matrix {
  const { ensemble, dimension, seed } = options;
  checkEnsembleName(ensemble);
  checkSeed(seed);
  if (!Number.isSafeInteger(dimension) || dimension < 1) {
    throw new RangeError(`dimension N must be a positive integer, got ${String(dimension)}`);
  }
  if (!Number.isSafeInteger(firstRow) || firstRow < 0) {
    throw new RangeError(`firstRow must be a non-negative integer, got ${String(firstRow)}`);
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
  }
  const matrix = createMatrix(count, dimension, data);
  // The normal ensembles on WebAssembly SIMD when available (bit-identical, several times faster).
  if (ensemble !== 'binary' && count > 0 && fillNormalRows(seed, firstRow, count, dimension, matrix.data, ensemble === 'spherical')) {
    return matrix;
  }
  fillRowsPortable(ensemble, seed, firstRow, matrix);
  return matrix;
}

/**
 * The JavaScript samplers: rows `firstRow …` of `matrix` (its `rows × cols`) drawn one stream per
 * row. The reference that the WebAssembly path of {@link sampleRows} reproduces bit for bit.
 */
export function fillRowsPortable(ensemble: EnsembleName, seed: number, firstRow: number, matrix: Matrix): void {
  const { rows: count, cols: dimension } = matrix;
  const sampleRow = rowSamplers[ensemble];
  for (let i = 0; i < count; i++) {
    const target = matrix.data.subarray(i * dimension, (i + 1) * dimension);
    sampleRow(rowStream(seed, firstRow + i), target);
  }
}

/**
 * `P` patterns of dimension `N` from the ensemble, one per row of a `P × N` float32
 * {@link Matrix}. Deterministic: the same `(ensemble, N, seed)` gives bit-identical patterns on
 * every platform. Throws a `RangeError` with the memory it would need when `P·N` is too large.
 */
export function samplePatterns(options: SampleOptions & { readonly count: number; readonly data?: Float32Array | undefined }): Matrix {
  const { count, dimension } = options;
  if (Number.isSafeInteger(count) && Number.isSafeInteger(dimension) && count * dimension > MAX_MATRIX_ENTRIES) {
    throw new RangeError(
      `P·N = ${count} × ${dimension} patterns need ${formatBytes(count * dimension * 4)}, more than one Float32Array can hold; draw them in tiles with sampleRows`,
    );
  }
  return sampleRows(options, 0, count, options.data);
}
