import { samplePatterns } from '@dam/ensembles';
import { chooseAutoBackend, createReferenceBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { PAPER_PROTOCOL } from '../protocol/settings.js';
import { RealisationRunner } from '../runners/exact.js';
import { lambdaHalf, lambdaHalfByRate, medianCensoring } from './lambda-half.js';
import { realisationSeed } from './seeds.js';

describe('retrieval is monotone in λ for a fixed realisation (what the per-realisation bisection assumes)', () => {
  // 24 realisations per case on a grid of step 0.005 over [0.05, 1.5]: once a realisation
  // retrieves at some λ it retrieves at every larger λ of the grid. (A wider scan — 3 ensembles,
  // N = 15, 20, 30, 40 realisations, 401 λ in [0.1, 0.9] — found no exception either.)
  it.each([
    ['spherical', 20],
    ['gaussian', 15],
    ['binary', 15],
  ] as const)('%s, N = %i, α = 0.2', (ensemble, n) => {
    const backend = createReferenceBackend();
    const P = Math.round(Math.exp(0.2 * n));
    let switches = 0;
    for (let r = 0; r < 24; r++) {
      const patterns = samplePatterns({ ensemble, dimension: n, seed: realisationSeed(4, r), count: P });
      const runner = new RealisationRunner(patterns, backend, PAPER_PROTOCOL);
      let retrieved = false;
      for (let lambda = 0.05; lambda <= 1.5; lambda += 0.005) {
        const success = runner.run(patterns.data.subarray(0, n), 0, lambda).success;
        if (retrieved) expect(success).toBe(true);
        if (success && !retrieved) switches += 1;
        retrieved ||= success;
      }
    }
    // Most realisations cross over inside the grid. Not all for Gaussian patterns: a ξ^1 of small
    // norm (‖ξ^1‖² < ξ^1·ξ^μ for some μ, e.g. ‖ξ^1‖²/N = 0.27 in one realisation here) is not a
    // fixed point at any λ, or only at λ ≫ 1 — the large norm fluctuations of Section V.B.
    expect(switches).toBeGreaterThanOrEqual(18);
  });
});

describe('lambdaHalf', () => {
  const options = { ensemble: 'spherical', N: 20, alpha: 0.2, samples: 64, seed: 31 } as const;

  it('agrees with the plain bisection on the success rate of the same realisations', async () => {
    const median = await lambdaHalf(options);
    const plain = await lambdaHalfByRate(options);
    expect(median.P).toBe(55);
    expect(median.censored).toEqual({ below: 0, above: 0 });
    // Both estimate the median of the same critical λs: the plain estimate has the statistical
    // error of the median (the bootstrap stderr), so the combined error is √2·stderr; add the
    // bisection resolution (tolerance 1e-3).
    expect(Math.abs(plain.lambdaHalf - median.lambdaHalf)).toBeLessThan(Math.SQRT2 * median.stderr + 1e-3);
    // Stronger, since the realisations are monotone: the rate crosses ½ between the two middle
    // order statistics of the critical λs (within the bisection resolution).
    const sorted = [...median.criticalLambdas].sort((a, b) => a - b);
    expect(plain.lambdaHalf).toBeGreaterThanOrEqual((sorted[31] as number) - 1e-3);
    expect(plain.lambdaHalf).toBeLessThanOrEqual((sorted[32] as number) + 1e-3);
    expect(plain.probes).toHaveLength(12);
    // And the crossover is where the theory says it should be at this size: λ_c(0.2) = 0.2246 at
    // N = ∞, with λ_1/2 decreasing towards it (Fig. 1 bottom); at N = 20 it is 0.39 ± 0.003.
    expect(median.lambdaHalf).toBeGreaterThan(0.3);
    expect(median.lambdaHalf).toBeLessThan(0.5);
  });

  it('gives the same numbers with 0, 1 or 2 workers and with the early stop off', async () => {
    const small = { ...options, samples: 12, seed: 8 };
    const [inline, one, two, full] = await Promise.all([
      lambdaHalf({ ...small, workers: 0 }),
      lambdaHalf({ ...small, workers: 1 }),
      lambdaHalf({ ...small, workers: 2 }),
      lambdaHalf({ ...small, workers: 2, earlyStop: false }),
    ]);
    const numbers = (r: typeof inline): unknown => [r.lambdaHalf, r.stderr, r.criticalLambdas];
    expect(numbers(one)).toEqual(numbers(inline));
    expect(numbers(two)).toEqual(numbers(inline));
    expect(numbers(full)).toEqual(numbers(inline));
    expect(full.updates).toBeGreaterThan(3 * two.updates);
    expect(two.backend).toBe((await chooseAutoBackend()).name);
  });

  it.each(['gaussian', 'binary'] as const)(
    'finds the same critical λs with and without the early stop (%s, 16 realisations)',
    async (ensemble) => {
      const run = (earlyStop: boolean) => lambdaHalf({ ensemble, N: 16, alpha: 0.2, samples: 16, seed: 77, earlyStop, workers: 2 });
      const [fast, full] = await Promise.all([run(true), run(false)]);
      expect(fast.criticalLambdas).toEqual(full.criticalLambdas);
      expect(fast.updates).toBeLessThan(full.updates / 3);
    },
  );

  it('reports censored realisations when the range is too narrow', async () => {
    const result = await lambdaHalf({ ...options, samples: 6, lambdaRange: [0.01, 0.2], workers: 0 });
    expect(result.censored.above).toBe(6);
    expect(result.lambdaHalf).toBe(Infinity);
    const below = await lambdaHalf({ ...options, samples: 6, lambdaRange: [2, 3], workers: 0 });
    expect(below.criticalLambdas).toEqual([2, 2, 2, 2, 2, 2]);
    expect(below.censored.below).toBe(6);
  });

  it('tells when the median is censored (a middle order statistic outside the range)', () => {
    expect(medianCensoring([0.3, 0.4, Infinity], 0.01)).toBeUndefined();
    expect(medianCensoring([0.01, 0.3, 0.4], 0.01)).toBeUndefined();
    expect(medianCensoring([0.3, Infinity, Infinity], 0.01)).toBe('above');
    expect(medianCensoring([0.3, 0.4, Infinity, Infinity], 0.01)).toBe('above'); // median = Infinity
    expect(medianCensoring([0.01, 0.01, 0.3, 0.4], 0.01)).toBe('below'); // median = (0.01 + 0.3)/2: unknown
    expect(medianCensoring([0.01, 0.3, 0.4, 0.5], 0.01)).toBeUndefined();
  });

  it('validates its options', async () => {
    await expect(lambdaHalf({ ...options, lambdaRange: [1, 0.5] })).rejects.toThrow(/lambdaRange/);
    await expect(lambdaHalf({ ...options, tolerance: 0 })).rejects.toThrow(/tolerance/);
    await expect(lambdaHalf({ ...options, samples: 0 })).rejects.toThrow(/samples/);
    await expect(lambdaHalf({ ...options, ensemble: 'cubic' as 'spherical' })).rejects.toThrow(/ensemble/);
  });
});

describe('bisectionResolution and the error of λ½', () => {
  it('is the final bracket width, (3 − 0.01)/2^12 for the defaults, and floors the reported error', async () => {
    const { bisectionResolution } = await import('./lambda-half.js');
    expect(bisectionResolution({ lambdaRange: [0.01, 3], tolerance: 1e-3, bootstrap: 10 })).toBeCloseTo(2.99 / 4096, 15);
    expect(bisectionResolution({ lambdaRange: [0, 1], tolerance: 0.25, bootstrap: 10 })).toBe(0.25);
    // Identical critical λs (no spread): the bootstrap error is 0, the rounding error remains.
    const result = await lambdaHalf({
      ensemble: 'spherical',
      N: 10,
      alpha: 0.05,
      samples: 3,
      seed: 1,
      workers: 0,
      lambdaRange: [0.01, 3],
      tolerance: 0.5,
    });
    expect(result.stderr).toBeGreaterThanOrEqual(
      bisectionResolution({ lambdaRange: [0.01, 3], tolerance: 0.5, bootstrap: 1 }) / Math.sqrt(12) - 1e-15,
    );
  });
});
