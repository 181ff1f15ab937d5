import { describe, expect, it } from 'vitest';
import { lambdaHalf } from './lambda-half.js';
import { successRate } from './success-rate.js';

describe('successRate', () => {
  const size = { ensemble: 'spherical', N: 20, alpha: 0.2, samples: 24, seed: 5 } as const;

  it('agrees realisation by realisation with the critical λs of lambdaHalf', async () => {
    const critical = await lambdaHalf(size);
    for (const lambda of [0.3, 0.38, 0.4, 0.45]) {
      const result = await successRate({ ...size, lambda, workers: 2 });
      // Monotone realisations retrieve iff λ is above their critical λ (known to ±tolerance/2).
      result.outcomes.forEach((success, r) => {
        const lc = critical.criticalLambdas[r] as number;
        if (Math.abs(lc - lambda) > 1e-3) expect(success).toBe(lambda > lc);
      });
      expect(result.successes).toBe(result.outcomes.filter(Boolean).length);
      expect(result.rate).toBe(result.successes / 24);
      expect(result.stderr).toBeCloseTo(Math.sqrt((result.rate * (1 - result.rate)) / 24), 15);
    }
  });

  it('is 1 far above the crossover and 0 far below', async () => {
    expect((await successRate({ ...size, lambda: 2, workers: 0 })).rate).toBe(1);
    expect((await successRate({ ...size, lambda: 0.1, workers: 0 })).rate).toBe(0);
  });
});
