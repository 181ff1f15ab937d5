/**
 * One of `count` disjoint slices of an experiment's realisations (`index` from 1 to `count`), so
 * that `count` machines of a batch scheduler (a Slurm job array, Kubernetes indexed Jobs) can each
 * run one and the results can be merged exactly afterwards.
 */
export interface Shard {
  /** Which slice, from 1 to `count`. */
  readonly index: number;
  /** How many slices the realisations are cut into. */
  readonly count: number;
}

/** The whole experiment as a single shard. */
export const WHOLE: Shard = Object.freeze({ index: 1, count: 1 });

/** Validates a {@link Shard}: integers with `1 ≤ index ≤ count ≤ 1e6` (RangeError otherwise). */
export function checkShard(shard: unknown): Shard {
  const { index, count } = (shard ?? {}) as { index?: unknown; count?: unknown };
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1e6) {
    throw new RangeError(`shard.count must be an integer between 1 and 1000000, got ${String(count)}`);
  }
  if (!Number.isInteger(index) || (index as number) < 1 || (index as number) > (count as number)) {
    throw new RangeError(`shard.index must be an integer between 1 and shard.count = ${String(count)}, got ${String(index)}`);
  }
  return { index: index as number, count: count as number };
}

/**
 * Parses the `k/n` notation of a shard (`"3/8"`: the third of eight slices). Throws a RangeError
 * naming the text when it is not two integers with `1 ≤ k ≤ n`.
 */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new RangeError(`shard must be k/n with integers 1 ≤ k ≤ n (e.g. 3/8), got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!(index >= 1 && index <= count && count <= 1e6)) {
    throw new RangeError(`shard must be k/n with integers 1 ≤ k ≤ n ≤ 1000000 (e.g. 3/8), got "${text}"`);
  }
  return { index, count };
}

/**
 * The realisations `[start, end)` of shard `index` of `count` among `samples`:
 * `start = ⌊(index − 1)·samples/count⌋`, `end = ⌊index·samples/count⌋`. The slices are disjoint,
 * contiguous, cover `[0, samples)` and differ in size by at most one (some are empty when
 * `count > samples`).
 */
export function shardRealisations(samples: number, shard: Shard): readonly [number, number] {
  const { index, count } = checkShard(shard);
  return [Math.floor(((index - 1) * samples) / count), Math.floor((index * samples) / count)];
}
