import { MAX_BINS } from './geometry.js';

/** Rows of `y` per chunk in certificates.wat (each float32 accumulator sums at most this many products). */
export const CHUNK = 64;
/** Bytes per WebAssembly memory page. */
export const PAGE = 65_536;

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Byte offsets of the buffers of certificates.wat for one pattern matrix, each 64-byte aligned. */
export interface CertificateLayout {
  /** `N` rounded up to 8 (the SIMD width of the kernels, twice). */
  readonly np: number;
  /** The patterns, row-major, plus 8 zero floats. */
  readonly pat: number;
  /** A state (`np` floats) and its mask of real columns (`np` int32). */
  readonly x: number;
  readonly mask: number;
  /** The scores (`4·P` bytes), or the geometry's gaps, distances and stats (`16·P + 16`). */
  readonly out: number;
  /** The weights, the centre `m̃` and a chunk of `CHUNK` rows `y_μ = w_μ(ξ^μ − m̃)`. */
  readonly w: number;
  readonly m: number;
  readonly y: number;
  /** The float64 second moment, `np × np`. */
  readonly acc: number;
  /** `gapBins`: 3 × MAX_BINS float64. */
  readonly bins: number;
  /** `eigenBound`: the start vector, two `np × np` matrices and two vectors. */
  readonly start: number;
  readonly dense: number;
  readonly chol: number;
  readonly v: number;
  readonly v2: number;
  /** The first byte past the layout (scratch memory starts here). */
  readonly end: number;
}

/** The {@link CertificateLayout} of a `rows × cols` pattern matrix: the one place the kernel's memory is laid out. */
export function certificateLayout(rows: number, cols: number): CertificateLayout {
  const np = Math.ceil(cols / 8) * 8;
  const pat = 64;
  const x = pat + align((rows * cols + 8) * 4);
  const mask = x + align(np * 4);
  const out = mask + align(np * 4);
  const w = out + align(rows * 16 + 16);
  const m = w + align(rows * 4);
  const y = m + align(np * 4);
  const acc = y + align(CHUNK * np * 4);
  const bins = acc + align(np * np * 8);
  const start = bins + align(3 * MAX_BINS * 8);
  const dense = start + align(np * 8);
  const chol = dense + align(np * np * 8);
  const v = chol + align(np * np * 8);
  const v2 = v + align(np * 8);
  const end = v2 + align(np * 8);
  return { np, pat, x, mask, out, w, m, y, acc, bins, start, dense, chol, v, v2, end };
}
