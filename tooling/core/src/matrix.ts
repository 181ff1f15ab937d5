/**
 * A dense row-major matrix of 32-bit floats: row `i` occupies
 * `data[i * cols, (i + 1) * cols)`. Patterns are stored one per row, so a
 * `Matrix` of `P` rows and `N` columns is the pattern matrix `Ξ` of Eq. (1).
 */
export interface Matrix {
  /** Number of rows (patterns, `P`). */
  readonly rows: number;
  /** Number of columns (dimension, `N`). */
  readonly cols: number;
  /** Row-major entries, length `rows * cols`. */
  readonly data: Float32Array;
}

/** Largest number of float32 entries one `Matrix` may hold (a typed array's length limit, 2^31 - 1, rounded down). */
export const MAX_MATRIX_ENTRIES = 2 ** 31 - 1;

function checkDimension(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/**
 * Allocates a zero-filled `rows × cols` matrix, or wraps `data` when given.
 * Throws a `RangeError` naming the size when it exceeds {@link MAX_MATRIX_ENTRIES}
 * or when `data` has the wrong length.
 */
export function createMatrix(rows: number, cols: number, data?: Float32Array): Matrix {
  checkDimension('rows', rows);
  checkDimension('cols', cols);
  const entries = rows * cols;
  if (entries > MAX_MATRIX_ENTRIES) {
    throw new RangeError(
      `a ${rows} × ${cols} matrix needs ${entries} float32 entries (${formatBytes(entries * 4)}), more than one Float32Array can hold (${MAX_MATRIX_ENTRIES})`,
    );
  }
  if (data !== undefined && data.length !== entries) {
    throw new RangeError(`data has length ${data.length}, expected rows × cols = ${entries}`);
  }
  return { rows, cols, data: data ?? new Float32Array(entries) };
}

/** A view of row `i` of `m` (shares memory with `m.data`). */
export function row(m: Matrix, i: number): Float32Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.rows) {
    throw new RangeError(`row index must be an integer in [0, ${m.rows - 1}], got ${String(i)}`);
  }
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Human-readable byte count, e.g. `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
