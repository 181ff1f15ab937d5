import { describe, expect, it } from 'vitest';
import { allPatternsRetrieval } from './all-patterns.js';
import { successRate } from './success-rate.js';

describe('allPatternsRetrieval (Section III)', () => {
  const size = { ensemble: 'spherical', N: 16, alpha: 0.15, samples: 12, seed: 2 } as const;

  it('retrieves every pattern at large λ and none at small λ', async () => {
    const high = await allPatternsRetrieval({ ...size, lambda: 1 });
    expect(high).toMatchObject({ allRate: 1, meanFraction: 1, P: 11, samples: 12 });
    const low = await allPatternsRetrieval({ ...size, lambda: 0.05 });
    expect(low).toMatchObject({ allRate: 0, meanFraction: 0 });
  });

  it('is bounded by single-pattern retrieval and grows with λ', async () => {
    let previous = -1;
    for (const lambda of [0.25, 0.3, 0.35, 0.45]) {
      const all = await allPatternsRetrieval({ ...size, lambda });
      const one = await successRate({ ...size, lambda });
      // "All patterns" includes ξ^1, so it cannot be more frequent than retrieving ξ^1.
      expect(all.allRate).toBeLessThanOrEqual(one.rate);
      expect(all.allRate).toBeLessThanOrEqual(all.meanFraction);
      expect(all.fractions).toHaveLength(12);
      expect(all.meanFraction).toBeGreaterThanOrEqual(previous);
      previous = all.meanFraction;
    }
  });
});
