import { rowStream, uniform } from '@dam/ensembles';
import { checkInteger } from './validate.js';

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
  const sample = new Float64Array(n);
  let sum = 0;
  let sumSquares = 0;
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(uniform(rng) * n)] as number;
    const m = median(sample);
    if (!Number.isFinite(m)) return Number.POSITIVE_INFINITY;
    sum += m;
    sumSquares += m * m;
  }
  const mean = sum / resamples;
  return Math.sqrt(Math.max(0, (sumSquares - resamples * mean * mean) / (resamples - 1)));
}
