/**
 * Tiling of the pattern matrix for gpu.js kernels (pure arithmetic, no gpu.js here).
 *
 * WebGL limits every texture side to `MAX_TEXTURE_SIZE` (4096–16384 in practice; 8192 for
 * SwiftShader in Chromium, 16384 for headless-gl on Mesa). gpu.js packs a flat input of `L`
 * floats four to a texel into a near-square texture of `≈ √(L/4)` texels a side, and a scalar
 * output of `L` values one to a texel into a near-square texture of `≈ √L` a side (an output
 * `[w, h]` with `h > 1` is laid out exactly `w × h`, so every 2-D output here is written as
 * `[w, 1, d]`, which gpu.js packs square). A kernel call therefore works on
 *
 * - a row tile of at most `tileRows ≤ maxTextureSize` patterns, and
 * - a column block of at most `tileCols ≤ maxTextureSize` coordinates (the whole row unless
 *   `N > maxTextureSize`),
 *
 * with every texture it reads or writes holding at most {@link texelBudget} texels, i.e. at most
 * `(maxTextureSize / 2)²` (so a near-square packing always fits) and at most 2²² (64 MiB of
 * RGBA float32 per texture, whatever the device allows). Any `P` and `N` then work: the host
 * loops over tiles and blocks and accumulates partial results in float64.
 */

/** Largest number of texels one texture of a kernel call may hold (see {@link texelBudget}). */
export const MAX_TEXELS_PER_TEXTURE = 2 ** 22;

/** The texel budget of one texture for a device whose texture sides are at most `maxTextureSize`. */
export function texelBudget(maxTextureSize: number): number {
  const half = Math.floor(maxTextureSize / 2);
  return Math.max(1, Math.min(MAX_TEXELS_PER_TEXTURE, half * half));
}

/** How a `rows × cols` pattern matrix is cut into kernel calls. */
export interface TilePlan {
  /** Patterns per row tile (the last tile may be shorter). */
  readonly tileRows: number;
  /** Coordinates per column block (the last block may be narrower). */
  readonly tileCols: number;
}

/** Requested tile sizes (upper bounds; the device limits may cut them further). */
export interface TileRequest {
  readonly tileRows?: number | undefined;
  readonly tileCols?: number | undefined;
}

/**
 * The tiles for a `rows × cols` matrix: column blocks of at most `maxTextureSize` coordinates
 * (the weighted sum of one query is laid out `tileCols` texels wide), row tiles of at most `maxTextureSize` rows whose `tileRows × tileCols` floats fit
 * in one input texture (4 floats per texel) and whose scores fit in one output texture.
 */
export function planTiles(rows: number, cols: number, maxTextureSize: number, request: TileRequest = {}): TilePlan {
  const budget = texelBudget(maxTextureSize);
  const tileCols = Math.max(1, Math.min(cols, request.tileCols ?? Number.POSITIVE_INFINITY, maxTextureSize, budget));
  const tileRows = Math.max(
    1,
    Math.min(rows, request.tileRows ?? Number.POSITIVE_INFINITY, maxTextureSize, budget, Math.floor((4 * budget) / tileCols)),
  );
  return { tileRows, tileCols };
}

/**
 * The first stage of the weighted-sum reduction over one row tile: `count` partial sums per
 * output coordinate, each over `chunk` consecutive rows (`count × chunk ≥ rows`). About `√rows`
 * of each, so that there are enough threads for a GPU and little left for the host, and
 * `count × cols` outputs per query stay within the texel budget.
 */
export function reductionChunks(rows: number, cols: number, budget: number): { chunk: number; count: number } {
  const wanted = Math.max(1, Math.min(Math.ceil(Math.sqrt(rows)), Math.floor(budget / Math.max(1, cols))));
  const chunk = Math.ceil(rows / wanted);
  return { chunk, count: Math.ceil(rows / chunk) };
}

/**
 * How many queries one kernel call may take when each query produces `outputsPerQuery` values
 * and uploads `floatsPerQuery` floats (four per texel), within the texel budget.
 */
export function queriesPerCall(queries: number, outputsPerQuery: number, floatsPerQuery: number, budget: number): number {
  const byOutput = Math.floor(budget / Math.max(1, outputsPerQuery));
  const byInput = Math.floor((4 * budget) / Math.max(1, floatsPerQuery));
  return Math.max(1, Math.min(queries, byOutput, byInput));
}

/** `[start, length]` of each consecutive piece of `[0, total)` of at most `size` elements. */
export function* pieces(total: number, size: number): Generator<readonly [start: number, length: number]> {
  for (let start = 0; start < total; start += size) yield [start, Math.min(size, total - start)];
}
