import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded stream of 32-bit integers: the shape of pure-rand's `RandomGenerator`, declared here so
 * that the published types of @dam/ensembles need no deep import of pure-rand (which `node10`
 * resolution cannot follow).
 */
export interface RandomGenerator {
  /** An independent copy of the stream at its current state. */
  clone(): RandomGenerator;
  /** The next value, uniform over the int32 range (advances the stream). */
  next(): number;
  /** The internal state, read-only. */
  getState(): readonly number[];
}

/** Largest seed accepted by the samplers (seeds are non-negative safe integers). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** Throws a `RangeError` unless `seed` is an integer in `[0, 2^53 − 1]`. */
export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, ${MAX_SEED}], got ${String(seed)}`);
  }
}

/** murmur3's 32-bit finaliser: a bijective avalanche mix of a 32-bit word. */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * The 128-bit state of {@link rowStream}`(seed, row)`, as pure-rand's four 32-bit words
 * `[s01, s00, s11, s10]` (high and low words of `s0`, then of `s1`): a hash of `(seed, row)`.
 */
export function rowStreamState(seed: number, row: number): [number, number, number, number] {
  const state = new Int32Array(4);
  rowStreamStateInto(seed, row, state, 0);
  return [state[0] as number, state[1] as number, state[2] as number, state[3] as number];
}

/**
 * Writes {@link rowStreamState}`(seed, row)` to `out[offset … offset + 3]` without allocating (the
 * samplers call it once per pattern). `$states` in wasm/normals.wat computes the same hash: change
 * both together.
 */
export function rowStreamStateInto(seed: number, row: number, out: Int32Array, offset: number): void {
  const seedLow = seed >>> 0;
  const seedHigh = Math.floor(seed / 2 ** 32) >>> 0;
  const rowLow = row >>> 0;
  const rowHigh = Math.floor(row / 2 ** 32) >>> 0;
  const a = fmix32(seedLow ^ 0x9e3779b9);
  const b = fmix32(seedHigh ^ fmix32(rowHigh + 0x7f4a7c15));
  const s01 = fmix32(a ^ Math.imul(rowLow, 0x85ebca6b) ^ 0x243f6a88);
  const s00 = fmix32(b ^ fmix32(rowLow ^ 0x13198a2e));
  const s11 = fmix32(a + b + rowLow + 0x03707344);
  const s10 = fmix32(Math.imul(a ^ rowLow, 0xc2b2ae35) ^ b ^ 0xa4093822);
  // The all-zero state is not allowed: it becomes (1, 0, 0, 0).
  out[offset] = (s01 | s00 | s11 | s10) === 0 ? 1 : s01;
  out[offset + 1] = s00;
  out[offset + 2] = s11;
  out[offset + 3] = s10;
}

/**
 * The random stream of pattern `row` under `seed`: a xoroshiro128+ generator (pure-rand) whose
 * 128-bit state is a hash of `(seed, row)` ({@link rowStreamState}). Every row has its own
 * stream, so any subset of rows (a tile, a shard) is generated identically to the full matrix.
 */
export function rowStream(seed: number, row: number): RandomGenerator {
  return xoroshiro128plusFromState(rowStreamState(seed, row));
}

/** A uniform double in `[0, 1)` with 53 random bits. */
export function uniform(rng: RandomGenerator): number {
  return uniformFloat64(rng);
}

// fdlibm's ln2_hi (0x3FE62E42FEE00000) and ln2_lo (0x3DEA39EF35793C76), as their shortest decimals.
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const SQRT_HALF = Math.SQRT1_2;

/**
 * Natural logarithm of `x ∈ (0, 1]` from IEEE-754 basic operations only (no `Math.log`), so that
 * it is bit-identical on every JavaScript engine: `x = m·2^k` with `m ∈ [√½, √2)`, then
 * `log m = 2 atanh((m−1)/(m+1))` by its series to `f²³` (|f| ≤ 0.172, error below 1e-17).
 */
export function portableLog(x: number): number {
  let m = x;
  let k = 0;
  while (m < SQRT_HALF) {
    m *= 2;
    k -= 1;
  }
  const f = (m - 1) / (m + 1);
  const f2 = f * f;
  // Horner form of Σ f^{2n}/(2n+1), n = 0…11, with the reciprocals as exact literals.
  const series =
    1 +
    f2 *
      (1 / 3 +
        f2 *
          (1 / 5 +
            f2 *
              (1 / 7 +
                f2 *
                  (1 / 9 +
                    f2 * (1 / 11 + f2 * (1 / 13 + f2 * (1 / 15 + f2 * (1 / 17 + f2 * (1 / 19 + f2 * (1 / 21 + f2 * (1 / 23)))))))))));
  return k * LN2_HI + (2 * f * series + k * LN2_LO);
}

/**
 * Fills `out` with standard normal variates from `rng` by Marsaglia's polar method, computed
 * with {@link portableLog} and `Math.sqrt` (correctly rounded), hence identical on every platform.
 */
export function fillNormal(rng: RandomGenerator, out: Float64Array): void {
  let i = 0;
  while (i < out.length) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniformFloat64(rng) - 1;
      v = 2 * uniformFloat64(rng) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * portableLog(s)) / s);
    out[i++] = u * scale;
    if (i < out.length) out[i++] = v * scale;
  }
}
