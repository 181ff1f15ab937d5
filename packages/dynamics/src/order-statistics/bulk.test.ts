import { fillNormal, rowStream } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { BulkModel, bulkIntegrals } from './bulk.js';
import { logOverlapDensity, logSphereMgf, logUpperTail } from './special.js';

/** The same integrals by Simpson's rule on a uniform grid of `n` (even) cells over all of `[−1, cut]`. */
function uniformReference(N: number, cut: number, lambda: number, x1: number, r: number, n: number) {
  const root = Math.sqrt(N);
  const gs: number[] = [];
  const cs: number[] = [];
  const srs: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= n; i++) {
    const c = -1 + ((cut + 1) * i) / n;
    const s = Math.sqrt(Math.max(0, (1 - c) * (1 + c)));
    const mgf = logSphereMgf(lambda * root * s * r, N - 1);
    const g = logOverlapDensity(c, N) + lambda * root * c * x1 + mgf.log;
    gs.push(g);
    cs.push(c);
    srs.push(s * mgf.ratio);
    if (g > max) max = g;
  }
  let sum = 0;
  let sumC = 0;
  let sumSR = 0;
  for (let i = 0; i <= n; i++) {
    const w = (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp((gs[i] as number) - max);
    sum += w;
    sumC += w * (cs[i] as number);
    sumSR += w * (srs[i] as number);
  }
  return { logIntegral: max + Math.log((sum * (cut + 1)) / (3 * n)), meanC: sumC / sum, meanSR: sumSR / sum };
}

describe('bulkIntegrals', () => {
  // Reference: Simpson on 60000 uniform cells over the whole interval (no peak search). Its error is
  // O((h/w)⁴) for a peak of width w: the narrowest here is the boundary peak at λ = 3, N = 200
  // (w = 1/(λN) ≈ 1.7e-3, h = 2.5e-5: ~1e-9). Tolerance 1e-8. (The adaptive rule agrees with itself
  // at 32× the resolution to 1e-14.)
  it('agrees with a fine uniform quadrature, including peaked integrands at N = 200 and λ = 3', () => {
    const cases: [number, number, number, number, number][] = [
      // N, cut, λ, x1/√N, r/√N
      [10, 0.3, 0.3, 0.8, 0.5],
      [50, 0.2, 0.3, 1, 0],
      [50, 0.2, 0.3, 0.95, 0.3],
      [200, 0.5, 0.25, 1, 0],
      [200, 0.5, 0.25, 0.9, 0.4],
      [200, 0.5, 3, 1, 0.05],
      [200, 0.45, 0.3, 0.1, 0.3],
    ];
    for (const [N, cut, lambda, a, b] of cases) {
      const x1 = a * Math.sqrt(N);
      const r = b * Math.sqrt(N);
      const fast = bulkIntegrals(N, cut, lambda, x1, r);
      const reference = uniformReference(N, cut, lambda, x1, r, 60000);
      expect(Math.abs(fast.logIntegral - reference.logIntegral)).toBeLessThan(1e-8 * Math.max(1, Math.abs(reference.logIntegral)));
      expect(Math.abs(fast.meanC - reference.meanC)).toBeLessThan(1e-8);
      expect(Math.abs(fast.meanSR - reference.meanSR)).toBeLessThan(1e-8);
    }
  });
});

describe('BulkModel', () => {
  // Monte Carlo over 200000 bulk patterns of dimension N = 10 with overlap c < cut = 0.3 with
  // ξ^1 = √N e_1 (uniform spherical patterns, rejection on c): the sample means of e^{λξ·x} and of
  // e^{λξ·x} ξ against Z_B/count and W_B; tolerance 5 Monte Carlo standard errors (delta method
  // for the ratio W/Z).
  it('matches Monte Carlo averages over drawn bulk patterns (N = 10)', () => {
    const N = 10;
    const cut = 0.3;
    const lambda = 0.3;
    const root = Math.sqrt(N);
    const direction = new Float64Array(N - 1);
    fillNormal(rowStream(3, 0), direction);
    const dn = Math.hypot(...direction);
    const x = new Float64Array(N);
    x[0] = 0.8 * root;
    for (let j = 1; j < N; j++) x[j] = (0.5 * root * (direction[j - 1] as number)) / dn;
    const r = 0.5 * root;
    const model = new BulkModel(N, 1, cut, logUpperTail(cut, N));
    const step = model.step(lambda, x[0] as number, r);

    const rng = rowStream(4, 0);
    const z = new Float64Array(N);
    const samples = 200000;
    let sw = 0;
    let sw2 = 0;
    const swXi = new Float64Array(N);
    const swXi2 = new Float64Array(N);
    const cross = new Float64Array(N);
    let kept = 0;
    while (kept < samples) {
      fillNormal(rng, z);
      const norm = Math.hypot(...z);
      if ((z[0] as number) / norm >= cut) continue;
      kept++;
      let dot = 0;
      for (let j = 0; j < N; j++) {
        z[j] = (root * (z[j] as number)) / norm;
        dot += (z[j] as number) * (x[j] as number);
      }
      const w = Math.exp(lambda * dot);
      sw += w;
      sw2 += w * w;
      for (let j = 0; j < N; j++) {
        const v = w * (z[j] as number);
        swXi[j] = (swXi[j] as number) + v;
        swXi2[j] = (swXi2[j] as number) + v * v;
        cross[j] = (cross[j] as number) + v * w;
      }
    }
    const meanW = sw / samples;
    const varW = sw2 / samples - meanW * meanW;
    // log Z_B (count = 1) against log of the sample mean: standard error of the log ≈ sd/(mean·√n).
    expect(Math.abs(step.logZ - Math.log(meanW))).toBeLessThan((5 * Math.sqrt(varW / samples)) / meanW);
    // W_B/Z_B = (mean of wξ)/(mean of w), component by component.
    for (let j = 0; j < N; j++) {
      const a = (swXi[j] as number) / samples;
      const ratio = a / meanW;
      const varA = (swXi2[j] as number) / samples - a * a;
      const cov = (cross[j] as number) / samples - a * meanW;
      const varRatio = (varA - 2 * ratio * cov + ratio * ratio * varW) / (meanW * meanW * samples);
      const predicted = j === 0 ? step.parallel : (step.perpendicular * (x[j] as number)) / r;
      expect(Math.abs(predicted - ratio)).toBeLessThan(5 * Math.sqrt(varRatio));
    }
  });

  it('has no contribution when there is no bulk', () => {
    expect(new BulkModel(20, 0, 0.5, -3).step(0.3, 4, 1).logZ).toBe(Number.NEGATIVE_INFINITY);
  });
});
