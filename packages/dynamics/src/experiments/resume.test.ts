import { describe, expect, it } from 'vitest';
import { type BasinRecord, basins } from './basins.js';
import { type CriticalLambdaShard, criticalLambdaShard, type RealisationRecord, type ShardIdentity } from './critical-lambdas.js';
import { mergeCriticalLambdaShards } from './merge-shards.js';

const run = { ensemble: 'spherical', alpha: 0.2, Ns: [10, 14], samples: 9, seed: 5, workers: 0, backend: 'js' } as const;
const shard = { index: 2, count: 3 };

/** A shard run that records its identity, its realisations as they finish and its progress. */
async function journaled(extra: Record<string, unknown> = {}) {
  let identity: ShardIdentity | undefined;
  const records: RealisationRecord[] = [];
  const progress: { done: number; total: number; work?: number | undefined }[] = [];
  const result = await criticalLambdaShard({
    ...run,
    shard,
    onStart: (id) => {
      identity = id;
    },
    onRealisation: (record) => records.push(record),
    onProgress: (p) => progress.push(p),
    ...extra,
  });
  return { result, identity: identity as ShardIdentity, records, progress };
}

describe('resuming a shard from the records of its finished realisations', () => {
  it('reports each realisation once, with the numbers the shard holds', async () => {
    const { result, identity, records } = await journaled();
    expect(identity).toEqual({ run: result.run, shard, backend: 'js', version: result.version });
    expect(records).toHaveLength(2 * 3);
    for (const [i, point] of result.points.entries()) {
      const mine = records.filter((record) => record.N === point.N).sort((a, b) => a.realisation - b.realisation);
      expect(mine.map((record) => record.realisation)).toEqual([3, 4, 5]);
      expect(mine.map((record) => record.critical)).toEqual(point.criticalLambdas);
      expect(mine.reduce((sum, record) => sum + record.updates, 0)).toBe(result.points[i]?.updates);
    }
  });

  it('gives the shard of an uninterrupted run from any subset of records, running only the others', async () => {
    const full = await journaled();
    for (const keep of [0, 1, 4, 6]) {
      const resumed = await journaled({ resume: { identity: full.identity, records: full.records.slice(0, keep) } });
      expect(resumed.result).toEqual(full.result);
      expect(resumed.records).toHaveLength(6 - keep);
      // A resumed run starts its progress where the records leave off.
      expect(resumed.progress[0]).toMatchObject({ done: keep === 0 ? 1 : keep, total: 6 });
    }
  });

  it('refuses records of another run, shard, backend or version, and records outside the shard', async () => {
    const { identity, records } = await journaled();
    const other = (change: Partial<ShardIdentity>) => journaled({ resume: { identity: { ...identity, ...change }, records } });
    await expect(other({ run: { ...identity.run, seed: 6 } })).rejects.toThrow(/another run \(seed: 6 ≠ 5\)/);
    await expect(other({ shard: { index: 1, count: 3 } })).rejects.toThrow(/shard: 1\/3 ≠ 2\/3/);
    await expect(other({ backend: 'wasm-simd' })).rejects.toThrow(/backend: wasm-simd ≠ js/);
    await expect(other({ version: 'old' })).rejects.toThrow(/versions/);
    const outside = { ...(records[0] as RealisationRecord), realisation: 0 };
    await expect(journaled({ resume: { identity, records: [outside] } })).rejects.toThrow(/realisation 0 is not in this shard/);
    const wrong = { ...(records[0] as RealisationRecord), critical: -5 };
    await expect(journaled({ resume: { identity, records: [wrong] } })).rejects.toThrow(
      /critical λ -5 is not Infinity nor in the search range/,
    );
  });

  it('weights progress by cost: work rises to 1 and lags the count while the small size runs first', async () => {
    const { progress } = await journaled();
    const works = progress.map((p) => p.work ?? 0);
    expect(works.at(-1)).toBe(1);
    for (let i = 1; i < works.length; i++) expect(works[i]).toBeGreaterThanOrEqual(works[i - 1] as number);
    // The second-largest size runs first: after the three N = 10 realisations (P·N = 70 each, against
    // 224 for N = 14) half of the count is done but about a quarter of the cost.
    expect(progress[2]).toMatchObject({ done: 3, total: 6 });
    expect(works[2]).toBeLessThan(0.4);
  });
});

describe('merging refuses values a search cannot return, naming the shard', () => {
  it('rejects negative, huge, NaN and out-of-range critical λs', async () => {
    const shards = await Promise.all([1, 2].map((index) => criticalLambdaShard({ ...run, shard: { index, count: 2 } })));
    for (const bad of [-5, 1e300, Number.NaN, 3]) {
      const edited = structuredClone(shards) as CriticalLambdaShard[];
      (edited[1]?.points[0]?.criticalLambdas as number[])[1] = bad;
      expect(() => mergeCriticalLambdaShards(edited)).toThrow(/shard 2\/2, N = 10, realisation 5: critical λ/);
    }
    expect(mergeCriticalLambdaShards(shards).points[0]?.criticalLambdas).toHaveLength(9);
  });
});

describe('resuming a basin experiment from its finished realisations', () => {
  const options = {
    ensemble: 'spherical',
    N: 12,
    alpha: 0.2,
    lambda: 0.6,
    thetas: [0, 0.5, 1, 1.5],
    samples: 6,
    seed: 2,
    workers: 0,
    backend: 'js',
  } as const;

  it('gives the uninterrupted result from any subset of records, running only the others', async () => {
    const records: BasinRecord[] = [];
    const full = await basins({ ...options, onRealisation: (record) => records.push(record) });
    expect(records.map((record) => record.realisation).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(records.reduce((sum, record) => sum + record.updates, 0)).toBe(full.updates);
    for (const keep of [1, 3, 5]) {
      const again: BasinRecord[] = [];
      const resumed = await basins({ ...options, completed: records.slice(0, keep), onRealisation: (record) => again.push(record) });
      expect(resumed).toEqual(full);
      expect(again).toHaveLength(6 - keep);
    }
    await expect(
      basins({
        ...options,
        completed: [{ realisation: 9, successes: [true, true, true, true], oneStep: [true, true, true, true], updates: 1 }],
      }),
    ).rejects.toThrow(/realisation 9/);
    await expect(basins({ ...options, completed: [{ realisation: 1, successes: [true], oneStep: [true], updates: 1 }] })).rejects.toThrow(
      /1 outcomes for 4 angles/,
    );
  });
});
