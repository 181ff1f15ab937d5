// How backend outputs are compared with the float64 reference (DESIGN: "all backends agree with the
// reference to ≤ 1e-4 relative").

/**
 * Relative error of one output vector: `max_i |a_i − b_i| / max(1e-30, max_i |b_i|)`, with `b` the
 * reference. Measured against the largest reference entry (not entry-wise), because entries near 0
 * (e.g. the average of many random patterns) carry the absolute rounding error of the large ones.
 * Length mismatch or a NaN gives `Infinity`.
 */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    const a = actual[i] as number;
    const b = reference[i] as number;
    const d = Math.abs(a - b);
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    if (d > diff) diff = d;
    if (Math.abs(b) > scale) scale = Math.abs(b);
  }
  return diff / Math.max(1e-30, scale);
}

/** Error of a log-sum-exp: `|a − b| / max(1, |b|)` (absolute near 0, relative for large values). */
export function lseError(actual: number, reference: number): number {
  const d = Math.abs(actual - reference);
  return Number.isNaN(d) ? Number.POSITIVE_INFINITY : d / Math.max(1, Math.abs(reference));
}

/** The row-wise maximum of {@link relativeError} over `rows` rows of length `cols`. */
export function maxRowError(actual: Float32Array, reference: Float32Array, rows: number, cols: number): number {
  if (actual.length !== reference.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let b = 0; b < rows; b++) {
    const e = relativeError(actual.subarray(b * cols, (b + 1) * cols), reference.subarray(b * cols, (b + 1) * cols));
    if (e > worst) worst = e;
  }
  return worst;
}

/** The agreement every backend must reach with the reference (DESIGN). */
export const TOLERANCE = 1e-4;
