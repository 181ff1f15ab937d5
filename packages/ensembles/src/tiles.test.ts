import { describe, expect, it } from 'vitest';
import { ENSEMBLE_NAMES, samplePatterns } from './sampler.js';
import { patternTile, patternTiles } from './tiles.js';

describe.each(ENSEMBLE_NAMES.map((name) => [name]))('%s tiles', (ensemble) => {
  it('reassemble exactly into the materialised pattern set, in any tile size', () => {
    const options = { ensemble, dimension: 9, seed: 77, count: 103 } as const;
    const full = samplePatterns(options);
    for (const tileRows of [1, 10, 64, 103, 500]) {
      const parts: number[] = [];
      for (const tile of patternTiles({ ...options, tileRows })) {
        expect(tile.firstRow).toBe(tile.index * tileRows);
        expect(tile.patterns.rows).toBeLessThanOrEqual(tileRows);
        parts.push(...tile.patterns.data);
      }
      expect(parts).toEqual(Array.from(full.data));
    }
  });

  it('can be regenerated out of order from (seed, tile index)', () => {
    const options = { ensemble, dimension: 5, seed: 3, count: 50, tileRows: 16 } as const;
    const last = patternTile(options, 3);
    expect(last.patterns.rows).toBe(2);
    expect(Array.from(last.patterns.data)).toEqual(Array.from(samplePatterns(options).data.subarray(48 * 5)));
    expect(() => patternTile(options, 4)).toThrow(/tile index must be an integer in \[0, 3\], got 4/);
    expect(() => patternTile({ ...options, tileRows: 0 }, 0)).toThrow(/tileRows must be a positive integer/);
  });
});
