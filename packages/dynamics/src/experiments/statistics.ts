import { rowStream, uniform } from '@dam/ensembles';
import { checkInteger } from '../validate.js';

/**
 * Binomial standard error of a success rate: `√(p(1 − p)/n)` with `p = successes/n`
 * (the standard deviation of the fraction of `n` independent Bernoulli trials, estimated).
 */
export function binomialStderr(successes: number, n: number): number {
  checkInteger('n', n, 1);
  const p = successes / n;
  return Math.sqrt((p * (1 - p)) / n);
}

/**
 * Median of `values` (the mean of the two middle values when their number is even). Infinite
 * values are ordered as numbers, so a median stays finite while fewer than half are `+Infinity`.
 * Throws a `RangeError` on an empty list or a NaN.
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = Float64Array.from(values as ArrayLike<number>);
  if (sorted.some(Number.isNaN)) throw new RangeError('median of a list containing NaN');
  sorted.sort();
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  const a = sorted[mid - 1] as number;
  const b = sorted[mid] as number;
  return a === b ? a : 0.5 * (a + b);
}

/**
 * Bootstrap standard error of the median: the standard deviation of the medians of `resamples`
 * resamples of `values` drawn with replacement, from a random stream fixed by `seed` (so the
 * error is reproducible). `Infinity` when some resampled median is infinite (more than half of a
 * resample censored above the λ range), `0` for a single value.
 */
export function bootstrapMedianStderr(values: ArrayLike<number>, resamples: number, seed: number): number {
  checkInteger('resamples', resamples, 2);
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrap of an empty list');
  if (n === 1) return 0;
  const rng = rowStream(seed, 0);
  // The values sorted once: a resample is then a multiset of indices into `sorted`, and its median
  // is read off the counts of the indices (the order of the indices is the order of the values),
  // with the same draws and the same arithmetic as taking the median of the resampled values.
  const original = Float64Array.from(values as ArrayLike<number>);
  if (original.some(Number.isNaN)) throw new RangeError('median of a list containing NaN');
  const order = Array.from(original.keys()).sort((a, b) => (original[a] as number) - (original[b] as number) || a - b);
  const sorted = new Float64Array(n);
  const rankOf = new Uint32Array(n);
  order.forEach((index, rank) => {
    rankOf[index] = rank;
    sorted[rank] = original[index] as number;
  });
  const draws = new Uint32Array(n);
  const low = (n - 1) >> 1; // the middle ranks: low = high for odd n
  const high = n >> 1;
  let sum = 0;
  let sumSquares = 0;
  for (let b = 0; b < resamples; b++) {
    draws.fill(0);
    for (let i = 0; i < n; i++) {
      const rank = rankOf[Math.floor(uniform(rng) * n)] as number;
      draws[rank] = (draws[rank] as number) + 1;
    }
    let seen = 0;
    let a = Number.NaN;
    let m = Number.NaN;
    for (let rank = 0; rank < n; rank++) {
      seen += draws[rank] as number;
      if (Number.isNaN(a) && seen > low) a = sorted[rank] as number;
      if (seen > high) {
        const c = sorted[rank] as number;
        m = low === high || a === c ? c : 0.5 * (a + c);
        break;
      }
    }
    if (!Number.isFinite(m)) return Number.POSITIVE_INFINITY;
    sum += m;
    sumSquares += m * m;
  }
  const mean = sum / resamples;
  return Math.sqrt(Math.max(0, (sumSquares - resamples * mean * mean) / (resamples - 1)));
}
