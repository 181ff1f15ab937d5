// The memory layout of the wasm-simd step (kernel.wat's `attend`): chunk size, padded columns and
// the scratch region of a step, computed here once for every caller.

/**
 * Bytes of Ξ per chunk: a chunk is scored, weighted and summed while it sits in the L2 cache, for
 * every query of a batch, so Ξ streams from memory once per call. 96 KiB (480 rows at N = 50)
 * measured best on a 512 KiB-L2 core (P = 22026, N = 50: 8–64 super-blocks per chunk within 6%,
 * 2–4 up to 20% slower from per-chunk overhead, 128 slower again as chunks spill L2).
 */
const CHUNK_BYTES = 96 * 1024;
/** Flush the f32 partial sums into the f64 accumulators after every chunk (≤ chunk/4 rows per f32 lane). */
export const FLUSH_EVERY_CHUNKS = 1;

/** Super-blocks (16 rows of n floats) per chunk: about {@link CHUNK_BYTES}, between 1 and 64. */
export function chunkSuperBlocks(np: number): number {
  return Math.max(1, Math.min(64, Math.floor(CHUNK_BYTES / (np * 64))));
}

/** Columns in the wasm layout: N rounded up to even (the kernels take two coordinates per step). */
export function paddedCols(cols: number): number {
  return cols + (cols & 1);
}

/** `bytes` rounded up to a multiple of 64 (the alignment of every region kernel.wat reads). */
export function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/**
 * Byte offsets, from the start of a scratch region, of what `attend` reads and writes for `count`
 * queries of `np` columns (kernel.wat, top): the queries (`x`, at 0), their splats `xs`, the scores
 * `scr` and weights `wscr` of the two queries in flight, the float32 partial sums `cacc`, the float64
 * sums `acc` and the per-query state `st` (m, s).
 */
export interface StepLayout {
  readonly bytes: number;
  readonly xs: number;
  readonly scr: number;
  readonly wscr: number;
  readonly cacc: number;
  readonly acc: number;
  readonly st: number;
  readonly chunkSb: number;
}

/** The {@link StepLayout} of `count` queries of `np` columns. */
export function stepLayout(np: number, count: number): StepLayout {
  const chunkSb = chunkSuperBlocks(np);
  const chunkBytes = 2 * chunkSb * 16 * 4; // scores (and weights) of the two queries in flight
  const xs = align64(count * np * 4);
  const scr = xs + align64(count * np * 16);
  const wscr = scr + chunkBytes;
  const cacc = wscr + chunkBytes;
  const acc = cacc + align64(count * np * 16);
  const st = acc + align64(count * np * 8);
  return { bytes: st + align64(count * 16), xs, scr, wscr, cacc, acc, st, chunkSb };
}

/** `layout` with its offsets moved from the start of the scratch to the absolute address `base`. */
export function layoutAt(layout: StepLayout, base: number): StepLayout {
  const { bytes, chunkSb, xs, scr, wscr, cacc, acc, st } = layout;
  return { bytes, chunkSb, xs: base + xs, scr: base + scr, wscr: base + wscr, cacc: base + cacc, acc: base + acc, st: base + st };
}
