import { describe, expect, it } from 'vitest';
import { inverseUpperTail, logBeta, logGamma, logOverlapDensity, logSphereMgf, logUpperTail } from './special.js';

/** log ∫_a^b e^{h(t)} dt by composite Simpson on `n` (even) intervals, shifted by the maximum. */
function logSimpson(h: (t: number) => number, a: number, b: number, n: number): number {
  const step = (b - a) / n;
  const values: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= n; i++) {
    const v = h(a + i * step);
    values.push(v);
    if (v > max) max = v;
  }
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * Math.exp((values[i] as number) - max);
  }
  return max + Math.log((sum * step) / 3);
}

describe('logGamma', () => {
  it('matches exact values to 1e-13', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    // Γ(n + ½) = (2n)! √π / (4^n n!), n = 20.
    let log = 0.5 * Math.log(Math.PI) - 20 * Math.log(4);
    for (let k = 21; k <= 40; k++) log += Math.log(k);
    expect(logGamma(20.5)).toBeCloseTo(log, 11);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 13);
  });
});

describe('logUpperTail', () => {
  // Reference: Q(c) = ∫_c^1 f(t) dt by Simpson on 40000 intervals in log space. The integrand
  // (1 − t²)^{(N−3)/2} is smooth inside (−1, 1); at t = 1 it has a half-integer power (N even),
  // whose Simpson error is O(h^{(N−1)/2 + 1}) — below 1e-12 here. Tolerance 1e-9 on log Q.
  it('agrees with numerical integration of the overlap density, tails down to e^{-60}', () => {
    for (const N of [10, 51, 200]) {
      for (const c of [-0.6, -0.05, 0, 0.02, 0.1, 0.3, 0.5, 0.8]) {
        const reference = logSimpson((t) => logOverlapDensity(t, N), c, 1, 40000);
        expect(Math.abs(logUpperTail(c, N) - reference)).toBeLessThan(1e-9);
      }
    }
    expect(logUpperTail(0.8, 200)).toBeLessThan(-60);
  });

  it('satisfies Q(0) = ½ and Q(c) + Q(−c) = 1', () => {
    for (const N of [4, 30, 1000]) {
      expect(logUpperTail(0, N)).toBeCloseTo(-Math.LN2, 14);
      for (const c of [0.01, 0.2, 0.7]) expect(Math.exp(logUpperTail(c, N)) + Math.exp(logUpperTail(-c, N))).toBeCloseTo(1, 14);
    }
  });
});

describe('inverseUpperTail', () => {
  it('inverts log Q to 1e-12 relative (up to the conditioning of c), from q near 1 to q = e^{-100}', () => {
    for (const N of [12, 50, 200]) {
      for (const logQ of [-1e-6, -0.3, -Math.LN2, -1, -5, -40, -100]) {
        const log1mQ = Math.log1p(-Math.exp(logQ));
        const c = inverseUpperTail(logQ, log1mQ, N);
        expect(c).toBeGreaterThan(-1);
        expect(c).toBeLessThan(1);
        if (logQ > -Math.LN2) expect(Math.abs(Math.log1p(-Math.exp(logUpperTail(c, N))) - log1mQ)).toBeLessThan(1e-9 * Math.abs(log1mQ));
        else {
          // The conditioning: one ulp of c moves log Q by |d log Q/dc|·2^-52 = f(c)/Q(c)·2^-52
          // (large near c = 1, e.g. N = 12 at q = e^{-100} where 1 − c ≈ 8e-9).
          const slope = Math.exp(logOverlapDensity(c, N) - logUpperTail(c, N));
          expect(Math.abs(logUpperTail(c, N) - logQ)).toBeLessThan(1e-12 * Math.max(1, Math.abs(logQ)) + 8 * 2 ** -52 * slope);
        }
      }
    }
  });
});

describe('logSphereMgf', () => {
  // M_d(κ) = ∫ e^{κt} (1 − t²)^{(d−3)/2} dt / B(½, (d−1)/2) over t ∈ [−1, 1], the law of the
  // projection of a uniform unit vector of R^d; Simpson on 100000 intervals in log space. Both the
  // log and the ratio M'/M = E[t e^{κt}]/E[e^{κt}] to 1e-9.
  it('agrees with integration over the sphere, κ from 0.5 to 600', () => {
    for (const d of [5, 20, 199]) {
      for (const kappa of [0.5, 10, 100, 600]) {
        const density = (t: number): number =>
          t <= -1 || t >= 1 ? Number.NEGATIVE_INFINITY : 0.5 * (d - 3) * Math.log1p(-t * t) - logBeta(0.5, 0.5 * (d - 1)) + kappa * t;
        const log = logSimpson(density, -1, 1, 100000);
        const logFirst = logSimpson((t) => (t > 0 ? Math.log(t) + density(t) : Number.NEGATIVE_INFINITY), 0, 1, 100000);
        const logNegative = logSimpson((t) => (t < 0 ? Math.log(-t) + density(t) : Number.NEGATIVE_INFINITY), -1, 0, 100000);
        const ratio = Math.exp(logFirst - log) - Math.exp(logNegative - log);
        const mgf = logSphereMgf(kappa, d);
        expect(Math.abs(mgf.log - log)).toBeLessThan(1e-9 * Math.max(1, log));
        expect(Math.abs(mgf.ratio - ratio)).toBeLessThan(1e-9);
      }
    }
  });

  it('is 1 at κ = 0 and has M′/M ≈ κ/d for small κ', () => {
    expect(logSphereMgf(0, 10)).toEqual({ log: 0, ratio: 0 });
    expect(logSphereMgf(1e-4, 10).ratio).toBeCloseTo(1e-5, 12);
    expect(() => logSphereMgf(-1, 10)).toThrow(RangeError);
  });
});
