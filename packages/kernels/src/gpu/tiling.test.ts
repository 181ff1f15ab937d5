// The tiling arithmetic: every texture a kernel call reads or writes must fit the device, for any
// P and N. Texture shapes are computed with gpu.js's own packing function (utils.closestSquareDimensions).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGpuJs } from './gpu-js-module.js';
import { MAX_TEXELS_PER_TEXTURE, pieces, planTiles, queriesPerCall, reductionChunks, texelBudget } from './tiling.js';

const { utils } = (await loadGpuJs()) as unknown as { utils: { closestSquareDimensions(length: number): Int32Array } };

/** Both sides of gpu.js's near-square texture for `length` texels fit in `max`. */
function fits(length: number, max: number): boolean {
  const [w, h] = utils.closestSquareDimensions(Math.max(1, length));
  return (w as number) <= max && (h as number) <= max;
}

describe('gpu.js tiling', () => {
  it('budgets at most (max/2)² and 2²² texels per texture', () => {
    expect(texelBudget(8)).toBe(16);
    expect(texelBudget(4096)).toBe(2048 ** 2);
    expect(texelBudget(16384)).toBe(MAX_TEXELS_PER_TEXTURE);
  });

  it('splits P = 22026 into 16384-row tiles on a 16384 device, and P = 1e6 into 123 tiles of 8192 on SwiftShader', () => {
    expect(planTiles(22_026, 50, 16_384)).toEqual({ tileRows: 16_384, tileCols: 50 });
    expect([...pieces(22_026, 16_384)]).toEqual([
      [0, 16_384],
      [16_384, 5_642],
    ]);
    const { tileRows } = planTiles(1_000_000, 50, 8192);
    expect(tileRows).toBe(8192);
    expect([...pieces(1_000_000, tileRows)]).toHaveLength(123);
    expect(planTiles(37, 13, 16_384, { tileRows: 7 })).toEqual({ tileRows: 7, tileCols: 13 });
    // N wider than a texture side: column blocks.
    expect(planTiles(3, 20_000, 16_384)).toEqual({ tileRows: 3, tileCols: 16_384 });
  });

  it('keeps every texture of every kernel call within the device limit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(8, 16, 64, 1000, 4096, 8192, 16_384),
        fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 5000 }),
        (P, N, max, tileRowsRequest, tileColsRequest, B) => {
          const budget = texelBudget(max);
          const { tileRows, tileCols } = planTiles(P, N, max, { tileRows: tileRowsRequest, tileCols: tileColsRequest });
          expect(tileRows).toBeGreaterThanOrEqual(1);
          expect(tileRows).toBeLessThanOrEqual(Math.min(P, max, tileRowsRequest ?? P));
          expect(tileCols).toBeGreaterThanOrEqual(1);
          expect(tileCols).toBeLessThanOrEqual(Math.min(N, max, tileColsRequest ?? N));
          // Inputs: a tile of Ξ, packed 4 floats per texel.
          expect(fits(Math.ceil((tileRows * tileCols) / 4), max)).toBe(true);
          // Scores output, one per row of the tile.
          expect(fits(tileRows, max)).toBe(true);
          // Batched scores: output [rows, 1, q] packed, queries input [cols, q].
          const q = queriesPerCall(B, tileRows, tileCols, budget);
          expect(q).toBeGreaterThanOrEqual(1);
          expect(fits(tileRows * q, max)).toBe(true);
          expect(fits(Math.ceil((tileCols * q) / 4), max)).toBe(true);
          // Weighted sums: output [cols, count, q] — exactly cols × count when q = 1, else packed.
          const { chunk, count } = reductionChunks(tileRows, tileCols, budget);
          expect(count * chunk).toBeGreaterThanOrEqual(tileRows);
          expect((count - 1) * chunk).toBeLessThan(tileRows);
          expect(tileCols * count).toBeLessThanOrEqual(budget);
          expect(count).toBeLessThanOrEqual(max);
          const qw = queriesPerCall(B, count * tileCols, tileRows, budget);
          expect(fits(tileCols * count * qw, max)).toBe(true);
          expect(fits(Math.ceil((tileRows * qw) / 4), max)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('cuts [0, total) into consecutive pieces', () => {
    expect([...pieces(7, 3)]).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect([...pieces(0, 3)]).toEqual([]);
    expect([...pieces(1, 1)]).toEqual([[0, 1]]);
  });
});
