import { samplePatterns } from '@dam/ensembles';
import { createBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { lambdaHalf } from '../experiments/lambda-half.js';
import { successRate } from '../experiments/success-rate.js';
import { PAPER_PROTOCOL } from '../protocol/settings.js';
import { checkExperimentSize, patternCount } from '../runtime/memory.js';
import { RealisationRunner } from './exact.js';
import { StreamingRunner } from './streaming.js';

function maxRelative(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let j = 0; j < a.length; j++) {
    diff = Math.max(diff, Math.abs((a[j] as number) - (b[j] as number)));
    scale = Math.max(scale, Math.abs(b[j] as number));
  }
  return diff / scale;
}

describe('streaming step', () => {
  it('merges the tiles into the materialised step (1e-6 relative) for any tile size', async () => {
    const N = 12;
    const P = patternCount(N, 0.3); // 37
    const seed = 123;
    for (const name of ['reference', 'js']) {
      const backend = await createBackend(name);
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: N, seed, count: P });
      const xi = patterns.data.slice(0, N);
      const other = patterns.data.slice(5 * N, 6 * N);
      const mixed = xi.map((v, j) => 0.6 * v + 0.4 * (other[j] as number));
      for (const tileRows of [1, 7, P - 1, P, 1000]) {
        const runner = new StreamingRunner({ ensemble: 'spherical', N, P, seed, tileRows }, backend, PAPER_PROTOCOL);
        expect(runner.first).toEqual(xi);
        for (const lambda of [0.1, 1, 5, 40]) {
          for (const x of [xi, mixed]) {
            const full = backend.step(patterns, x, lambda);
            const out = new Float32Array(N);
            const lse = runner.stepInto(x, lambda, out);
            expect(maxRelative(out, full.next)).toBeLessThanOrEqual(1e-6);
            expect(Math.abs(lse - full.logSumExp)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(full.logSumExp)));
          }
        }
      }
      backend.dispose();
    }
  });

  it('with a single tile is bit for bit the materialised run', async () => {
    const backend = await createBackend('reference');
    const N = 12;
    const P = patternCount(N, 0.3);
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: N, seed: 9, count: P });
    const materialised = new RealisationRunner(patterns, backend, { ...PAPER_PROTOCOL, earlyStop: false });
    const streaming = new StreamingRunner({ ensemble: 'spherical', N, P, seed: 9, tileRows: P }, backend, PAPER_PROTOCOL);
    const xi = patterns.data.slice(0, N);
    for (const lambda of [0.5, 1, 2, 4]) {
      expect(streaming.run(xi, 0, lambda).success).toBe(materialised.run(xi, 0, lambda).success);
    }
  });
});

describe('streaming experiments', () => {
  const size = { ensemble: 'spherical', N: 12, alpha: 0.3, samples: 8, seed: 7, backend: 'reference', workers: 0 } as const;

  it('successRate gives the same outcomes as the materialised mode', async () => {
    let successes = 0;
    let failures = 0;
    for (const lambda of [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5]) {
      const materialised = await successRate({ ...size, lambda });
      const streaming = await successRate({ ...size, lambda, patterns: 'streaming', tileRows: 16 });
      expect(streaming.outcomes).toEqual(materialised.outcomes);
      expect(streaming.P).toBe(materialised.P);
      successes += materialised.successes;
      failures += materialised.samples - materialised.successes;
    }
    // The grid crosses the retrieval boundary: both outcomes occur.
    expect(successes).toBeGreaterThan(0);
    expect(failures).toBeGreaterThan(0);
  });

  it('lambdaHalf gives the same critical λs as the materialised mode', async () => {
    const options = { ...size, lambdaRange: [0.05, 8] as [number, number], tolerance: 1e-2, bootstrap: 50 };
    const materialised = await lambdaHalf(options);
    const streaming = await lambdaHalf({ ...options, patterns: 'streaming', tileRows: 5 });
    expect(streaming.criticalLambdas).toEqual(materialised.criticalLambdas);
  });

  it('rejects bad storage options', async () => {
    await expect(successRate({ ...size, lambda: 1, patterns: 'lazy' as never })).rejects.toThrow(/patterns must be/);
    await expect(successRate({ ...size, lambda: 1, patterns: 'streaming', tileRows: 0 })).rejects.toThrow(/tileRows/);
  });
});

describe('streaming memory check', () => {
  it('checks tileRows·N instead of P·N', () => {
    // N = 30, α = 1: P = e^30 ≈ 1.07e13 patterns, 1.2 PiB materialised.
    const P = patternCount(30, 1);
    expect(() => checkExperimentSize(30, 1, 2, 8 * 2 ** 30)).toThrow(/patterns: 'streaming'/);
    expect(checkExperimentSize(30, 1, 2, 8 * 2 ** 30, { mode: 'streaming', tileRows: 65536 })).toBe(P);
    // The tile itself must fit the budget per worker; P must stay indexable.
    expect(() => checkExperimentSize(30, 1, 2, 1e6, { mode: 'streaming', tileRows: 65536 })).toThrow(/tileRows ≤ /);
    expect(() => checkExperimentSize(40, 1, 1, 1e9, { mode: 'streaming', tileRows: 1024 })).toThrow(/MAX_SAFE_INTEGER/);
  });
});
