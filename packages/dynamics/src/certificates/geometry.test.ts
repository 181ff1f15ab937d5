import { type EnsembleName, fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import { createReferenceBackend } from '@dam/kernels';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realisationSeed } from '../experiments/seeds.js';
import { energy } from '../protocol/energy.js';
import { squaredDistance } from '../protocol/retrieve.js';
import { ballEnergyLowerBound } from './failure.js';
import { gapBins, MAX_BINS, targetGeometry } from './geometry.js';
import { retrievalRadius } from './retrieval.js';

const backend = createReferenceBackend();

/** A point at distance exactly ≈ r from `center` in a random direction (half of them aligned with another pattern). */
function pointOnSphere(center: Float32Array, r: number, seed: number, towards?: Float32Array): Float32Array {
  const n = center.length;
  const d = new Float64Array(n);
  if (towards) for (let j = 0; j < n; j++) d[j] = (towards[j] as number) - (center[j] as number);
  if (!towards || d.every((v) => v === 0)) fillNormal(rowStream(seed, 0), d);
  const norm = Math.sqrt(d.reduce((s, v) => s + v * v, 0));
  return Float32Array.from(center, (c, j) => c + (r * (d[j] as number)) / norm);
}

const ensembles: EnsembleName[] = ['spherical', 'gaussian', 'binary'];

describe('retrieval certificate (invariant ball around ξ^t)', () => {
  it('the update maps the certified ball into itself (property test, exact step in float64)', () => {
    let certified = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...ensembles),
        fc.integer({ min: 6, max: 24 }),
        fc.integer({ min: 2, max: 80 }),
        fc.double({ min: 0.05, max: 6, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (ensemble, n, count, lambda, seed) => {
          const patterns = samplePatterns({ ensemble, dimension: n, seed, count });
          const target = seed % count;
          const geometry = targetGeometry(patterns, target);
          const rMax = Math.sqrt(0.01 * n);
          const r = retrievalRadius(geometry, lambda, 1e-7 * geometry.maxNorm, rMax);
          if (r < 0) return;
          certified += 1;
          expect(r).toBeLessThanOrEqual(rMax);
          const xi = patterns.data.subarray(target * n, (target + 1) * n);
          for (let k = 0; k < 6; k++) {
            const other = patterns.data.subarray(((target + 1 + k) % count) * n, (((target + 1 + k) % count) + 1) * n);
            const x = pointOnSphere(xi, r * 0.999, seed + k, k % 2 === 0 ? other : undefined);
            const { next } = backend.step(patterns, x, lambda);
            expect(Math.sqrt(squaredDistance(next, xi))).toBeLessThanOrEqual(r);
          }
        },
      ),
      { seed: 20240601, numRuns: 200 },
    );
    expect(certified).toBeGreaterThan(20);
  });

  it('finds no ball when the target is not retrieved (tiny λ, many patterns)', () => {
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 20, seed: 1, count: 400 });
    expect(retrievalRadius(targetGeometry(patterns, 0), 0.05, 1e-7, Math.sqrt(0.2))).toBe(-Infinity);
  });

  it('finds the ball when the minimum of h(r) = g(r) + δ − r lies between two scanned radii', () => {
    // Spherical, N = 25, P = 148, λ = 0.4305: h > 0 at rMax = 0.5 (h' > 0) and at 0.25 (h' ≤ 0),
    // but h ≤ 0 on an interval ending at 0.44233; the scan over rMax·2^-k alone misses it.
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 25, seed: realisationSeed(3, 0), count: 148 });
    const geometry = targetGeometry(patterns, 0);
    const rMax = 0.5 * (1 - 1e-6);
    const delta = 2 ** -24 * geometry.maxNorm;
    const r = retrievalRadius(geometry, 0.4305, delta, rMax);
    expect(r).toBeGreaterThan(0.441);
    expect(r).toBeLessThan(rMax);
    // Brute force on a grid: no radius above 0.4425 works (the edge is at 0.44233).
    for (let k = 0; k <= 200; k++) {
      const rr = 0.4425 + ((rMax - 0.4425) * k) / 200;
      let g = 0;
      for (let m = 0; m < geometry.gaps.length; m++) {
        const d = geometry.dists[m] as number;
        g += d * Math.exp(0.4305 * ((geometry.gaps[m] as number) + d * rr));
      }
      expect(g + delta).toBeGreaterThan(rr);
    }
  });

  it('certifies a single pattern (P = 1) at the largest radius', () => {
    const patterns = samplePatterns({ ensemble: 'gaussian', dimension: 10, seed: 1, count: 1 });
    expect(retrievalRadius(targetGeometry(patterns, 0), 1, 1e-7, 0.3)).toBe(0.3);
  });
});

describe('failure certificate (energy lower bound on the retrieval ball)', () => {
  it('E(x) ≥ the bound for every x with ‖x − ξ^t‖ ≤ ρ (property test)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ensembles),
        fc.integer({ min: 6, max: 24 }),
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0.05, max: 6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (ensemble, n, count, lambda, fraction, seed) => {
          const patterns = samplePatterns({ ensemble, dimension: n, seed, count });
          const target = seed % count;
          const rho = Math.sqrt(0.01 * n);
          const bound = ballEnergyLowerBound(targetGeometry(patterns, target), lambda, rho);
          const xi = patterns.data.subarray(target * n, (target + 1) * n);
          const other = patterns.data.subarray(((target + 1) % count) * n, (((target + 1) % count) + 1) * n);
          for (const towards of [undefined, count > 1 ? other : undefined]) {
            const x = pointOnSphere(xi, rho * fraction * 0.999, seed, towards);
            expect(energy(patterns, x, lambda, backend)).toBeGreaterThanOrEqual(bound);
          }
        },
      ),
      { seed: 777, numRuns: 200 },
    );
  });
});

describe('binned geometry (many patterns)', () => {
  /** `Σ_μ D_μ e^{λ(G_μ + D_μ r)}` and `Σ_μ e^{λ(G_μ + D_μ r)}` summed over every pattern, and over the bins. */
  function sums(gaps: Float64Array, dists: Float64Array, counts: Float64Array, lambda: number, r: number): [number, number] {
    let displacement = 0;
    let mass = 0;
    for (let k = 0; k < gaps.length; k++) {
      const e = (counts[k] as number) * Math.exp(lambda * ((gaps[k] as number) + (dists[k] as number) * r));
      displacement += (dists[k] as number) * e;
      mass += e;
    }
    return [displacement, mass];
  }

  it('bounds every sum from above, and is tight to a few per cent for spherical patterns', () => {
    for (const ensemble of ensembles) {
      const patterns = samplePatterns({ ensemble, dimension: 40, seed: 11, count: 6000 });
      const geometry = targetGeometry(patterns, 0);
      expect(geometry.bins.gaps.length).toBeLessThanOrEqual(MAX_BINS);
      expect(geometry.bins.counts.reduce((a, b) => a + b, 0)).toBe(5999);
      const ones = new Float64Array(geometry.gaps.length).fill(1);
      for (const lambda of [0.05, 0.3, 1, 3]) {
        for (const r of [0, 0.3, 0.63]) {
          const exact = sums(geometry.gaps, geometry.dists, ones, lambda, r);
          const binned = sums(geometry.bins.gaps, geometry.bins.dists, geometry.bins.counts, lambda, r);
          for (let i = 0; i < 2; i++) {
            // (up to the rounding of two float64 sums of 6000 terms, which the certificates' sumSlack covers)
            expect(binned[i]).toBeGreaterThanOrEqual((exact[i] as number) * (1 - 6000 * 2 ** -52));
            // Looser by at most e^{λ(h + ΔD·r)}: the bin width h is range/MAX_BINS (≈ 0.23 here); for
            // spherical patterns D is a function of G up to float32 rounding, so ΔD ≈ h/D.
            if (ensemble === 'spherical') expect(binned[i]).toBeLessThan((exact[i] as number) * Math.exp(lambda * 0.25 * (1 + r)));
          }
        }
      }
    }
  });

  it('a NaN gap or distance makes its bin NaN whatever comes after it (no certificate from non-finite patterns)', () => {
    for (const where of [0, 130, MAX_BINS + 9]) {
      const gaps = Float64Array.from({ length: MAX_BINS + 10 }, (_, k) => -50 + (k % 37));
      const dists = Float64Array.from({ length: MAX_BINS + 10 }, () => 9);
      gaps[where] = Number.NaN;
      const bins = gapBins(gaps, dists);
      expect(bins.gaps.some(Number.isNaN)).toBe(true);
      const distsNaN = Float64Array.from(dists);
      distsNaN[where] = Number.NaN;
      expect(
        gapBins(
          Float64Array.from(gaps, (g) => (Number.isNaN(g) ? -50 : g)),
          distsNaN,
        ).dists.some(Number.isNaN),
      ).toBe(true);
    }
  });

  it('keeps every pattern when there are at most MAX_BINS, and puts all in one bin when the gaps are equal', () => {
    const few = gapBins(new Float64Array([-3, -1]), new Float64Array([2, 1]));
    expect([...few.gaps, ...few.dists, ...few.counts]).toEqual([-3, -1, 2, 1, 1, 1]);
    const equal = gapBins(new Float64Array(MAX_BINS + 5).fill(-2), new Float64Array(MAX_BINS + 5).fill(3));
    expect([...equal.gaps, ...equal.dists, ...equal.counts]).toEqual([-2, 3, MAX_BINS + 5]);
  });

  it('the energy floor of the binned geometry is still a lower bound of E on the ball', () => {
    const n = 30;
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: n, seed: 5, count: 3000 });
    const geometry = targetGeometry(patterns, 0);
    const rho = Math.sqrt(0.01 * n);
    const xi = patterns.data.subarray(0, n);
    for (const lambda of [0.2, 0.5, 2]) {
      const bound = ballEnergyLowerBound(geometry, lambda, rho);
      for (let k = 0; k < 20; k++) {
        const towards = k % 2 === 0 ? patterns.data.subarray((k + 1) * n, (k + 2) * n) : undefined;
        const x = pointOnSphere(xi, (rho * 0.999 * ((k % 5) + 1)) / 5, 100 + k, towards);
        expect(energy(patterns, x, lambda, backend)).toBeGreaterThanOrEqual(bound);
      }
    }
  });
});
