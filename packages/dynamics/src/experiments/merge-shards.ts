import { patternCount } from '../runtime/memory.js';
import type { CriticalLambdaPoint, CriticalLambdaSet, CriticalLambdaShard, CrossoverRun } from './critical-lambdas.js';
import { shardRealisations } from './shard.js';

/**
 * Throws a RangeError (prefixed by `where`) unless `value` is a critical λ a search on
 * `lambdaRange = [lo, hi]` can return: `Infinity` (censored above), or a number in `[lo, hi)`
 * (`lo`: censored below; otherwise the midpoint of a bracket inside the range).
 */
export function checkCriticalLambda(value: number, lambdaRange: readonly [number, number], where: string): void {
  const [lo, hi] = lambdaRange;
  if (value === Number.POSITIVE_INFINITY || (typeof value === 'number' && value >= lo && value < hi)) return;
  throw new RangeError(`${where}: critical λ ${String(value)} is not Infinity nor in the search range [${lo}, ${hi})`);
}

/** The first field where two runs differ, as `name: a ≠ b`, or `undefined` when they are the same run. */
export function runDifference(a: CrossoverRun, b: CrossoverRun): string | undefined {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof CrossoverRun>) {
    const x = JSON.stringify(a[key]);
    const y = JSON.stringify(b[key]);
    if (x !== y) return `${key}: ${x} ≠ ${y}`;
  }
  return undefined;
}

/**
 * Merges the `count` shards of one run into the critical λs of every realisation, in realisation
 * order — exactly those of the unsharded run. Throws a RangeError naming the problem when the
 * shards belong to different runs (any parameter of {@link CrossoverRun}, the package versions of
 * {@link COMPUTED_BY}, or the backend), disagree on the number of shards, repeat or miss a shard, or do not hold the
 * realisations their index says.
 */
export function mergeCriticalLambdaShards(shards: readonly CriticalLambdaShard[]): CriticalLambdaSet {
  if (shards.length === 0) throw new RangeError('nothing to merge: no shards given');
  const first = shards[0] as CriticalLambdaShard;
  const count = first.shard.count;
  const byIndex = new Map<number, CriticalLambdaShard>();
  for (const shard of shards) {
    const difference = runDifference(first.run, shard.run);
    if (difference !== undefined) {
      throw new RangeError(
        `shards ${first.shard.index}/${count} and ${shard.shard.index}/${shard.shard.count} are from different runs (${difference})`,
      );
    }
    if (shard.version !== first.version) {
      throw new RangeError(`shards were computed by different package versions (${first.version} ≠ ${shard.version})`);
    }
    if (shard.backend !== first.backend) {
      throw new RangeError(
        `shards were computed with different backends (${first.backend} ≠ ${shard.backend}), which round differently and can flip a realisation at the retrieval boundary; run every shard with the same --backend`,
      );
    }
    if (shard.shard.count !== count) {
      throw new RangeError(
        `shards of different splits cannot be merged: ${first.shard.index}/${count} and ${shard.shard.index}/${shard.shard.count}`,
      );
    }
    if (byIndex.has(shard.shard.index)) throw new RangeError(`shard ${shard.shard.index}/${count} is given twice`);
    const [start, end] = shardRealisations(first.run.samples, shard.shard);
    if (shard.realisations[0] !== start || shard.realisations[1] !== end) {
      throw new RangeError(
        `shard ${shard.shard.index}/${count} holds realisations [${shard.realisations.join(', ')}), expected [${start}, ${end})`,
      );
    }
    const wrongPoint = shard.points.find((point, i) => point.N !== first.run.Ns[i] || point.criticalLambdas.length !== end - start);
    if (wrongPoint !== undefined || shard.points.length !== first.run.Ns.length) {
      throw new RangeError(
        `shard ${shard.shard.index}/${count} does not hold ${end - start} critical λs for each of N = ${first.run.Ns.join(', ')}`,
      );
    }
    shard.points.forEach((point, i) => {
      point.criticalLambdas.forEach((value, k) => {
        checkCriticalLambda(
          value,
          first.run.lambdaRange,
          `shard ${shard.shard.index}/${count}, N = ${first.run.Ns[i]}, realisation ${start + k}`,
        );
      });
    });
    byIndex.set(shard.shard.index, shard);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new RangeError(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing
        .slice(0, 10)
        .map((k) => `${k}/${count}`)
        .join(', ')}${missing.length > 10 ? ', …' : ''}`,
    );
  }
  const ordered = Array.from({ length: count }, (_, i) => byIndex.get(i + 1) as CriticalLambdaShard);
  return {
    run: first.run,
    backend: first.backend,
    version: first.version,
    points: first.run.Ns.map((N, i) => ({
      N,
      P: patternCount(N, first.run.alpha),
      criticalLambdas: ordered.flatMap((shard) => (shard.points[i] as CriticalLambdaPoint).criticalLambdas),
      updates: ordered.reduce((sum, shard) => sum + (shard.points[i] as CriticalLambdaPoint).updates, 0),
    })),
  };
}
