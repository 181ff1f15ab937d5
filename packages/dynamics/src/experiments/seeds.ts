import { checkSeed } from '@dam/ensembles';

const MASK64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** SplitMix64's output function (Steele, Lea & Flood 2014): a bijective avalanche mix of 64 bits. */
function mix64(value: bigint): bigint {
  let z = value & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Salt of the pattern set of a realisation (the default stream). */
export const SALT_PATTERNS = 0;
/** Salt of the random direction `u` of a basin start (`basins`). */
export const SALT_DIRECTION = 1;
/** Salt of the bootstrap resampling of `lambdaHalf`. */
export const SALT_BOOTSTRAP = 2;
/** Salt of the per-size seeds of `finiteSizeScan`. */
export const SALT_SIZE = 3;

/**
 * Derives a seed in `[0, 2^53 − 1]` from `(seed, index, salt)` by SplitMix64 hashing:
 *
 * `h = mix64(mix64(seed + salt·2^53) + (index + 1)·0x9E3779B97F4A7C15 mod 2^64)`, result `h >> 11`,
 *
 * where `mix64` is SplitMix64's finaliser. Realisation `r` of an experiment with seed `s` draws
 * its patterns with `samplePatterns({ seed: deriveSeed(s, r) })`, so that every realisation is
 * reproducible on its own (whatever the number of workers or shards) and different realisations
 * are independent. Other random streams of the same realisation use other salts.
 */
export function deriveSeed(seed: number, index: number, salt = SALT_PATTERNS): number {
  checkSeed(seed);
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`index must be a non-negative integer, got ${String(index)}`);
  }
  if (!Number.isSafeInteger(salt) || salt < 0 || salt > 1023) {
    throw new RangeError(`salt must be an integer in [0, 1023], got ${String(salt)}`);
  }
  const base = mix64(BigInt(seed) + (BigInt(salt) << 53n));
  const h = mix64(base + (((BigInt(index) + 1n) * GOLDEN) & MASK64));
  return Number(h >> 11n);
}

/** The seed of realisation `r` of an experiment run with `seed`: `deriveSeed(seed, r)`. */
export function realisationSeed(seed: number, r: number): number {
  return deriveSeed(seed, r, SALT_PATTERNS);
}
