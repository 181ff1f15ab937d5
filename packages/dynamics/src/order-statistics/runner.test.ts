import { fillNormal, rowStream, uniform } from '@dam/ensembles';
import { createBackend, createMatrix } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { type CrossoverRun, criticalLambdaShard } from '../experiments/critical-lambdas.js';
import { lambdaHalf } from '../experiments/lambda-half.js';
import { mergeCriticalLambdaShards } from '../experiments/merge-shards.js';
import { shardFromJson, shardToJson } from '../experiments/shard-json.js';
import { successRate } from '../experiments/success-rate.js';
import { PAPER_PROTOCOL } from '../protocol/settings.js';
import { checkExperimentSize, patternCount } from '../runtime/memory.js';
import { OrderStatisticsRunner } from './runner.js';
import { inverseUpperTail } from './special.js';

/** The explicit patterns of `runner` plus `count` bulk patterns drawn from their conditional law (c < cut). */
function materialise(runner: OrderStatisticsRunner, count: number, seed: number) {
  const { patterns, logTailAtCut } = runner.explicit;
  const N = patterns.cols;
  const full = createMatrix(patterns.rows + count, N);
  full.data.set(patterns.data);
  const rng = rowStream(seed, 0);
  const u = new Float64Array(N - 1);
  const tailCut = Math.exp(logTailAtCut);
  for (let i = 0; i < count; i++) {
    const v = uniform(rng);
    const c = inverseUpperTail(Math.log(tailCut + v * (1 - tailCut)), Math.log1p(-v) + Math.log1p(-tailCut), N);
    fillNormal(rowStream(seed, i + 1), u);
    const norm = Math.hypot(...u);
    const s = Math.sqrt((1 - c) * (1 + c));
    const offset = (patterns.rows + i) * N;
    full.data[offset] = Math.sqrt(N) * c;
    for (let j = 1; j < N; j++) full.data[offset + j] = (Math.sqrt(N) * s * (u[j - 1] as number)) / norm;
  }
  return full;
}

describe('OrderStatisticsRunner', () => {
  it('one update agrees with the exact update on a materialised set within the bulk fluctuation', async () => {
    const backend = await createBackend('reference');
    const N = 24;
    const P = patternCount(N, 0.3); // 1339
    const K = 64;
    const runner = new OrderStatisticsRunner({ ensemble: 'spherical', N, P, seed: 17, explicitPatterns: K }, backend, PAPER_PROTOCOL);
    const full = materialise(runner, P - 1 - K, 99);
    const xi = runner.first;
    const top = full.data.subarray(N, 2 * N);
    const noise = new Float64Array(N);
    fillNormal(rowStream(5, 0), noise);
    const states = [xi, xi.map((v, j) => 0.8 * v + 0.5 * (top[j] as number)), xi.map((v, j) => 0.5 * v + 0.4 * (noise[j] as number))];
    for (const lambda of [0.3, 0.6, 1.2]) {
      for (const x of states) {
        const exact = backend.step(full, x, lambda);
        const out = new Float32Array(N);
        const lse = runner.stepInto(x, lambda, out);
        // The size of the neglected bulk fluctuation, from the materialised weights p_μ:
        // σ = √(Σ_bulk p_μ² ‖ξ^μ‖²), the noise of the bulk's weighted sum (measured: ‖Δx'‖ ≈ 0.5–1.5 σ
        // over these 9 cases, while σ itself ranges over 6 decades); asserted: ‖Δx'‖ < 3σ, and the
        // log partition function within 5 relative fluctuations √(Σ_bulk p²)/p_B of the bulk weight.
        const scores = backend.scores(full, x);
        let s2 = 0;
        let bulkWeight = 0;
        for (let mu = K + 1; mu < full.rows; mu++) {
          const p = Math.exp(lambda * (scores[mu] as number) - exact.logSumExp);
          s2 += p * p * N;
          bulkWeight += p;
        }
        const sigma = Math.sqrt(s2);
        let diff2 = 0;
        for (let j = 0; j < N; j++) diff2 += ((out[j] as number) - (exact.next[j] as number)) ** 2;
        expect(Math.sqrt(diff2)).toBeLessThan(3 * sigma + 1e-5 * Math.sqrt(N));
        expect(Math.abs(lse - exact.logSumExp)).toBeLessThan((5 * Math.sqrt(s2 / N)) / Math.max(bulkWeight, 1e-300) + 1e-9);
      }
    }
    backend.dispose();
  });

  it('without a bulk (K ≥ P − 1) is bit for bit the exact update of its patterns', async () => {
    const backend = await createBackend('js');
    const N = 16;
    const P = patternCount(N, 0.2); // 25
    const runner = new OrderStatisticsRunner({ ensemble: 'spherical', N, P, seed: 3, explicitPatterns: 1000 }, backend, PAPER_PROTOCOL);
    expect(runner.explicitCount).toBe(P - 1);
    const x = runner.first.map((v, j) => 0.7 * v + 0.6 * (runner.explicit.patterns.data[N + j] as number));
    const out = new Float32Array(N);
    runner.stepInto(x, 0.8, out);
    expect(out).toEqual(backend.step(runner.explicit.patterns, x, 0.8).next);
    backend.dispose();
  });

  it('runs the protocol: retrieves at large λ, fails at small λ, and is deterministic (N = 200, P = e^40)', async () => {
    const backend = await createBackend('js');
    const spec = { ensemble: 'spherical' as const, N: 200, P: patternCount(200, 0.2), seed: 8, explicitPatterns: 256 };
    const runner = new OrderStatisticsRunner(spec, backend, PAPER_PROTOCOL);
    expect(runner.run(runner.first, 0, 1).success).toBe(true);
    const failure = runner.run(runner.first, 0, 0.1);
    expect(failure.success).toBe(false);
    expect(runner.lastEscape).toBeGreaterThanOrEqual(0);
    const again = new OrderStatisticsRunner(spec, backend, PAPER_PROTOCOL);
    expect(again.explicit.patterns.data).toEqual(runner.explicit.patterns.data);
    expect(again.run(again.first, 0, 0.1)).toEqual(failure);
    expect(() => runner.run(runner.first, 1, 1)).toThrow(RangeError);
    backend.dispose();
  });

  it('refuses binary patterns with a clear error', async () => {
    const backend = await createBackend('js');
    expect(
      () => new OrderStatisticsRunner({ ensemble: 'binary', N: 20, P: 55, seed: 1, explicitPatterns: 8 }, backend, PAPER_PROTOCOL),
    ).toThrow(/supports the spherical and gaussian ensembles/);
    await expect(
      successRate({
        ensemble: 'binary',
        N: 20,
        alpha: 0.2,
        lambda: 1,
        samples: 2,
        seed: 1,
        workers: 0,
        backend: 'js',
        patterns: 'order-statistics',
      }),
    ).rejects.toThrow(/supports the spherical and gaussian ensembles.*got ensemble 'binary'/);
    backend.dispose();
  });
});

describe('order-statistics experiments', () => {
  it('the memory check asks for O(K·N), independent of P', () => {
    const storage = { mode: 'order-statistics' as const, tileRows: 65536, explicitPatterns: 2048 };
    expect(checkExperimentSize(200, 0.2, 2, 2 ** 30, storage)).toBe(patternCount(200, 0.2));
    expect(() => checkExperimentSize(200, 0.2, 2, 2 ** 30)).toThrow(RangeError);
    expect(() => checkExperimentSize(200, 0.2, 1, 1e6, storage)).toThrow(/choose explicitPatterns ≤ 1183/);
    expect(() => checkExperimentSize(4000, 0.2, 1, 2 ** 30, storage)).toThrow(/overflows a double/);
  });

  // N = 20, α = 0.2: P = 55 ≤ K + 1, so the mode draws every pattern (exactly the spherical ensemble,
  // other random numbers): λ½ agrees with the exact mode within 4 combined standard errors.
  it('lambdaHalf agrees with the exact mode where every pattern is explicit (N = 20)', async () => {
    const common = { ensemble: 'spherical' as const, N: 20, alpha: 0.2, samples: 48, seed: 4, workers: 0, backend: 'js' };
    const exact = await lambdaHalf(common);
    const os = await lambdaHalf({ ...common, patterns: 'order-statistics', explicitPatterns: 2048 });
    expect(Math.abs(exact.lambdaHalf - os.lambdaHalf)).toBeLessThan(4 * Math.hypot(exact.stderr, os.stderr));
    expect(os.P).toBe(55);
  });

  it('shards record the mode, survive JSON at P = e^40, and do not merge with exact shards', async () => {
    const common = { ensemble: 'spherical' as const, alpha: 0.2, Ns: [200], samples: 2, seed: 1, workers: 0, backend: 'js' };
    const shard = await criticalLambdaShard({ ...common, patterns: 'order-statistics', explicitPatterns: 64 });
    expect(shard.run.patterns).toEqual({ mode: 'order-statistics', explicitPatterns: 64 });
    const point = shard.points[0];
    expect(point?.P).toBe(Math.round(Math.exp(40)));
    for (const value of point?.criticalLambdas ?? []) expect(value).toBeGreaterThan(0.2);
    const back = shardFromJson(shardToJson(shard));
    expect(back).toEqual(shard);
    const exactRun = Object.fromEntries(Object.entries(shard.run).filter(([key]) => key !== 'patterns')) as CrossoverRun;
    const exact = { ...shard, run: exactRun };
    expect(() => mergeCriticalLambdaShards([back, { ...exact, shard: { index: 2, count: 2 } }])).toThrow(/different runs \(patterns/);
  });
});
