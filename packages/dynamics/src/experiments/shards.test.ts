import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CriticalLambdaShard, criticalLambdaShard } from './critical-lambdas.js';
import { crossoverFromCriticalLambdas, finiteSizeScan } from './finite-size-scan.js';
import { mergeCriticalLambdaShards } from './merge-shards.js';
import { checkShard, parseShard, shardRealisations } from './shard.js';
import { shardFromJson, shardToJson } from './shard-json.js';

const run = { ensemble: 'spherical', alpha: 0.2, Ns: [10, 12, 14], samples: 7, seed: 11, workers: 0, backend: 'js' } as const;

describe('shards of the realisations', () => {
  it('parse k/n and refuse k > n, k = 0 and junk', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['3/2', '0/4', '1/0', '2', 'a/b', '1.5/3', '-1/3', '']) expect(() => parseShard(bad)).toThrow(RangeError);
    expect(() => checkShard({ index: 2, count: 1 })).toThrow(/shard.index/);
  });

  it('cut [0, samples) into disjoint contiguous slices whose sizes differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 }), (samples, count) => {
        let next = 0;
        const sizes: number[] = [];
        for (let index = 1; index <= count; index++) {
          const [start, end] = shardRealisations(samples, { index, count });
          expect(start).toBe(next);
          next = end;
          sizes.push(end - start);
        }
        expect(next).toBe(samples);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('merge to exactly the unsharded scan, also through their JSON files', async () => {
    const whole = await finiteSizeScan(run);
    const shards = await Promise.all([1, 2, 3].map((index) => criticalLambdaShard({ ...run, shard: { index, count: 3 } })));
    expect(shards.map((shard) => shard.realisations)).toEqual([
      [0, 2],
      [2, 4],
      [4, 7],
    ]);
    // Order of the inputs does not matter; JSON files give the same numbers.
    const files = [shards[2], shards[0], shards[1]].map((shard) => shardToJson(shard as CriticalLambdaShard));
    const merged = crossoverFromCriticalLambdas(mergeCriticalLambdaShards(files.map((text, i) => shardFromJson(text, `part-${i}.json`))));
    expect(merged).toEqual(whole);
  });

  it('report each size through onPoint, once, as soon as it is done, with its final numbers', async () => {
    for (const workers of [0, 2]) {
      const seen: { N: number; criticalLambdas: readonly number[]; updates: number }[] = [];
      let progressAtPoint: number[] = [];
      let done = 0;
      const shard = await criticalLambdaShard({
        ...run,
        workers,
        onProgress: (progress) => {
          done = progress.done;
        },
        onPoint: (point) => {
          seen.push(point);
          progressAtPoint = [...progressAtPoint, done];
        },
      });
      expect(seen.map((point) => point.N).sort((a, b) => a - b)).toEqual(run.Ns);
      for (const point of seen) expect(point).toEqual(shard.points.find((p) => p.N === point.N));
      // Sizes are reported when their last realisation is done: before all realisations are.
      expect(progressAtPoint[0]).toBeLessThan(run.Ns.length * run.samples);
    }
  });

  it('keep censored critical λs (Infinity) through JSON as null', () => {
    const shard: CriticalLambdaShard = {
      run: {
        ensemble: 'gaussian',
        alpha: 0.1,
        Ns: [5],
        samples: 2,
        seed: 1,
        lambdaRange: [0.01, 3],
        tolerance: 1e-3,
        bootstrap: 100,
        maxSteps: 100,
        epsilon: 0.01,
      },
      shard: { index: 1, count: 1 },
      realisations: [0, 2],
      backend: 'js',
      version: '0.0.0',
      points: [{ N: 5, P: 2, criticalLambdas: [Number.POSITIVE_INFINITY, 0.5], updates: 10 }],
    };
    const text = shardToJson(shard);
    expect(text).toContain('"criticalLambdas":[null,0.5]');
    expect(shardFromJson(text)).toEqual(shard);
  });

  describe('refuse to merge what is not one run', async () => {
    const parts = await Promise.all(
      [1, 2].map((index) => criticalLambdaShard({ ...run, Ns: [10], samples: 4, shard: { index, count: 2 } })),
    );
    const [a, b] = parts as [CriticalLambdaShard, CriticalLambdaShard];
    it.each([
      ['a different seed', [a, { ...b, run: { ...b.run, seed: 12 } }], /different runs \(seed: 11 ≠ 12\)/],
      ['a different α', [a, { ...b, run: { ...b.run, alpha: 0.3 } }], /different runs \(alpha: 0.2 ≠ 0.3\)/],
      ['a different version', [a, { ...b, version: '9.9.9' }], /different package versions/],
      ['a different backend', [a, { ...b, backend: 'reference' }], /different backends \(js ≠ reference\)/],
      ['a missing shard', [a], /missing shard 2\/2/],
      ['a repeated shard', [a, a, b], /shard 1\/2 is given twice/],
      ['shards of different splits', [a, { ...b, shard: { index: 2, count: 3 } }], /different splits/],
      ['realisations that do not match the index', [a, { ...b, realisations: [1, 4] }], /holds realisations \[1, 4\), expected \[2, 4\)/],
      ['nothing', [], /no shards/],
    ] as const)('%s', (_, shards, message) => {
      expect(() => mergeCriticalLambdaShards(shards as readonly CriticalLambdaShard[])).toThrow(message);
    });
  });

  it.each([
    ['truncated JSON', (text: string) => text.slice(0, text.length / 2), /part\.json: not valid JSON \(truncated or corrupted\?/],
    ['an empty file', () => '', /part\.json: not valid JSON \(empty/],
    ['another JSON document', () => '{"ensemble":"spherical"}', /part\.json: not a dam shard file \(format missing/],
    [
      'a missing field',
      (text: string) => text.replace('"alpha":0.2,', ''),
      /part\.json: not a dam shard file: run\.alpha should be a positive number, got nothing/,
    ],
    [
      'a bad shard index',
      (text: string) => text.replace('"index":1', '"index":5'),
      /part\.json: shard\.index must be an integer between 1 and shard\.count = 1, got 5/,
    ],
  ])('reading a shard file refuses %s with a message naming the file', async (_, damage, message) => {
    const shard = await criticalLambdaShard({ ...run, Ns: [10], samples: 2 });
    expect(() => shardFromJson(damage(shardToJson(shard)), 'part.json')).toThrow(message);
  });
});
