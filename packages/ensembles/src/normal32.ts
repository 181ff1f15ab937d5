import type { RandomGenerator } from './random.js';

// The float32 normal sampler of the pattern ensembles: the Box–Muller transform of two 32-bit words
// of a row's stream, computed in float32 by IEEE-754 basic operations only (each JavaScript
// operation below is rounded to float32 by Math.fround, which gives the float32 result exactly:
// a double rounding through float64 is innocuous for +, −, ×, ÷ and √ since 53 ≥ 2·24 + 2), so
// every engine, and the f32x4 WebAssembly path of wasm/normals.wat, computes the same bits.

const fround = Math.fround;
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The float32 whose bits are `bits`. */
function fromBits(bits: number): number {
  U32[0] = bits;
  return F32[0] as number;
}

// log m = 2 atanh(f) = 2f (1 + f²/3 + f⁴/5 + f⁶/7 + f⁸/9 + …), f = (m − 1)/(m + 1), |f| ≤ 0.1716:
// the first omitted term, f¹⁰/11 < 2.1e-9, is far below float32's 6e-8.
const LOG_C3 = fround(1 / 3);
const LOG_C5 = fround(1 / 5);
const LOG_C7 = fround(1 / 7);
const LOG_C9 = fround(1 / 9);
/** ln 2 = LN2_HI + LN2_LO (fdlibm's logf split): k·LN2_HI is exact for |k| < 2^7 (here |k| ≤ 31). */
const LN2_HI = fromBits(0x3f317180);
const LN2_LO = fromBits(0x3717f7d1);
/** The largest 31-bit integer `a/2 | 1` is clamped to: `fl32` of any larger rounds to 2^31 (u₁ = 1, r = 0). */
const U1_CAP = 2 ** 31 - 128;
/** √2's mantissa bits: m ∈ (√½, √2] after the reduction. */
const SQRT2_MANTISSA = 0x3504f3;

// sin(πh/2) and cos(πh/2) for h ∈ [0, ½] (x = πh/2 ≤ π/4) by their Taylor series to x⁹ and x⁸:
// the first omitted terms, x¹¹/11! < 1.8e-9 and x¹⁰/10! < 2.5e-8, are below float32's 6e-8.
const Q = Math.PI / 2;
const SIN_1 = fround(Q);
const SIN_3 = fround(-(Q ** 3) / 6);
const SIN_5 = fround(Q ** 5 / 120);
const SIN_7 = fround(-(Q ** 7) / 5040);
const SIN_9 = fround(Q ** 9 / 362880);
const COS_2 = fround(-(Q ** 2) / 2);
const COS_4 = fround(Q ** 4 / 24);
const COS_6 = fround(-(Q ** 6) / 720);
const COS_8 = fround(Q ** 8 / 40320);

/**
 * The natural logarithm of a float32 `u ∈ [2^-126, 1]` in float32 (within a few ulps): `u = m·2^k`
 * with `m ∈ (√½, √2]` from the bits, then `k·ln 2 + 2 atanh((m − 1)/(m + 1))` by the series above.
 */
export function log32(u: number): number {
  F32[0] = u;
  const bits = U32[0] as number;
  let k = (bits >>> 23) - 127;
  const mantissa = bits & 0x7fffff;
  let m: number;
  if (mantissa > SQRT2_MANTISSA) {
    m = fromBits(mantissa | 0x3f000000);
    k += 1;
  } else {
    m = fromBits(mantissa | 0x3f800000);
  }
  const f = fround(fround(m - 1) / fround(m + 1));
  const f2 = fround(f * f);
  let p = fround(LOG_C7 + fround(f2 * LOG_C9));
  p = fround(LOG_C5 + fround(f2 * p));
  p = fround(LOG_C3 + fround(f2 * p));
  p = fround(1 + fround(f2 * p));
  return fround(fround(k * LN2_HI) + fround(fround(fround(f + f) * p) + fround(k * LN2_LO)));
}

/** `sin(πh/2)` for `h ∈ [0, ½]`, float32. */
function sinQuarter(h: number, h2: number): number {
  let p = fround(SIN_7 + fround(h2 * SIN_9));
  p = fround(SIN_5 + fround(h2 * p));
  p = fround(SIN_3 + fround(h2 * p));
  p = fround(SIN_1 + fround(h2 * p));
  return fround(h * p);
}

/** `cos(πh/2)` for `h ∈ [0, ½]`, float32. */
function cosQuarter(h2: number): number {
  let p = fround(COS_6 + fround(h2 * COS_8));
  p = fround(COS_4 + fround(h2 * p));
  p = fround(COS_2 + fround(h2 * p));
  return fround(1 + fround(h2 * p));
}

/**
 * Two independent standard normals from two 32-bit words `a` and `b` (any int32 or uint32 values)
 * by the Box–Muller transform in float32, into `out[0]` and `out[1]`:
 * `u₁ = fl32(min(⌊a/2⌋ | 1, 2^31 − 128))·2^-31 ∈ [2^-31, 1 − 2^-24]` (so `0 < r ≤ 6.56` for
 * `r = √(−2 log u₁)`: radii beyond, of probability 2^-31 per pair, are cut), and `(r cos 2πu₂, r sin 2πu₂)` with the angle in
 * quarter turns `4u₂ = q + g`: `q = ⌊b/2^30⌋` and `g = (2(⌊b/2^8⌋ mod 2^22) + 1)·2^-23 ∈ (0, 1)` (the
 * midpoints of a 2^22 grid, exact), then `h = g` or `1 − g < ½`. Neither normal is ever 0 (r > 0,
 * and the angle is never a multiple of π/4), so no spherical row, even of dimension 1, has norm 0.
 */
export function normalPair32(a: number, b: number, out: Float32Array): void {
  const u1 = fround(Math.min((a >>> 1) | 1, U1_CAP)) * 2 ** -31;
  const r = fround(Math.sqrt(-2 * log32(u1)));
  const q = b >>> 30;
  const g = ((((b >>> 8) & 0x3fffff) << 1) | 1) * 2 ** -23;
  const flip = g > 0.5;
  const h = flip ? 1 - g : g;
  const h2 = fround(h * h);
  const s = sinQuarter(h, h2);
  const c = cosQuarter(h2);
  // sin and cos of the quarter-turn angle πg/2, then of π(q + g)/2.
  const sinG = flip ? c : s;
  const cosG = flip ? s : c;
  let cos = q & 1 ? -sinG : cosG;
  let sin = q & 1 ? cosG : sinG;
  if (q & 2) {
    cos = -cos;
    sin = -sin;
  }
  out[0] = fround(r * cos);
  out[1] = fround(r * sin);
}

const pair = new Float32Array(2);

/**
 * Fills `out` with standard normals from `rng`, two per pair of 32-bit words (the last one dropped
 * when `out.length` is odd): {@link normalPair32} of `(rng.next(), rng.next())`, in order.
 */
export function fillNormal32(rng: RandomGenerator, out: Float32Array): void {
  for (let j = 0; j < out.length; j += 2) {
    const a = rng.next();
    const b = rng.next();
    normalPair32(a, b, pair);
    out[j] = pair[0] as number;
    if (j + 1 < out.length) out[j + 1] = pair[1] as number;
  }
}
