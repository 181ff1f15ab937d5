import { describe, expect, it } from 'vitest';
import { expectStandardNormalMoments } from './normal-moments.testing.js';
import { fillNormal32, log32, normalPair32 } from './normal32.js';
import { rowStream } from './random.js';

/** A deterministic stream of 32-bit words for the checks (an LCG: no statistics needed there). */
function words(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return out;
}

/** Φ, the standard normal distribution function (erfc by its continued-fraction-free Chebyshev fit, |ε| < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

describe('log32', () => {
  it('is within 2 float32 ulps of the logarithm on (0, 1], and exact at 1', () => {
    let worst = 0;
    for (const w of words(200_000, 7)) {
      const u = Math.fround(((w >>> 1) | 1) * 2 ** -31);
      const exact = Math.log(u);
      worst = Math.max(worst, Math.abs(log32(u) - exact) / (Math.abs(exact) * 2 ** -24));
    }
    expect(worst).toBeLessThan(4); // half-ulps: ≤ 2 ulps
    expect(worst).toBeGreaterThan(0.5); // it does see float32 rounding
    expect(log32(1)).toBe(0);
    expect(log32(0.5)).toBe(Math.fround(-Math.LN2));
  });
});

describe('normalPair32', () => {
  it('is r·(cos 2πu₂, sin 2πu₂) to float32 accuracy, with the documented u₁ and angle', () => {
    const pair = new Float32Array(2);
    const w = words(100_000, 11);
    let worst = 0;
    for (let i = 0; i < w.length; i += 2) {
      const a = w[i] as number;
      const b = w[i + 1] as number;
      normalPair32(a, b, pair);
      const u1 = Math.fround(Math.min((a >>> 1) | 1, 2 ** 31 - 128)) * 2 ** -31;
      const u2 = ((b >>> 30) + ((((b >>> 8) & 0x3fffff) << 1) | 1) * 2 ** -23) / 4;
      const r = Math.sqrt(-2 * Math.log(u1));
      const scale = Math.max(r, 1e-3) * 2 ** -24;
      worst = Math.max(worst, Math.abs((pair[0] as number) - r * Math.cos(2 * Math.PI * u2)) / scale);
      worst = Math.max(worst, Math.abs((pair[1] as number) - r * Math.sin(2 * Math.PI * u2)) / scale);
    }
    expect(worst).toBeLessThan(4.5); // ≤ 2.25 float32 ulps of r (measured worst: 3.24 half-ulps over 2·10⁶ pairs)
  });

  it('draws standard normals: Kolmogorov–Smirnov against Φ, and the first four moments', () => {
    const n = 200_000;
    const z = new Float32Array(n);
    for (let row = 0; row < n / 100; row++) fillNormal32(rowStream(2024, row), z.subarray(row * 100, (row + 1) * 100));
    expectStandardNormalMoments(z);
    const sorted = Float64Array.from(z).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const c = normalCdf(sorted[i] as number);
      d = Math.max(d, c - i / n, (i + 1) / n - c);
    }
    // The 0.1% critical value of the KS statistic is 1.95/√n.
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('never draws 0 (so no spherical row has norm 0), also from the extreme words', () => {
    const pair = new Float32Array(2);
    const extremes = [
      0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x3fffffff, 0x40000000, 0xbfffffff, 0xc0000000, 0x000000ff, 0xffffff00,
    ];
    for (const a of extremes) {
      for (const b of extremes) {
        normalPair32(a, b, pair);
        expect(pair[0]).not.toBe(0);
        expect(pair[1]).not.toBe(0);
        expect(Number.isFinite(pair[0]) && Number.isFinite(pair[1])).toBe(true);
      }
    }
    // u₁ near 1 (a ≥ 2^32 − 256): r is small but positive.
    normalPair32(0xffffffff, 0, pair);
    expect(Math.hypot(pair[0] as number, pair[1] as number)).toBeGreaterThan(1e-4);
  });

  it('drops the last normal of an odd row and keeps going with the next pair of words', () => {
    const odd = new Float32Array(5);
    const even = new Float32Array(6);
    fillNormal32(rowStream(3, 9), odd);
    fillNormal32(rowStream(3, 9), even);
    expect(Array.from(odd)).toEqual(Array.from(even.subarray(0, 5)));
  });
});
