import { type EnsembleName, fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import { createReferenceBackend } from '@dam/kernels';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballEnergyLowerBound, retrievalRadius, targetGeometry } from './certificates.js';
import { realisationSeed } from './seeds.js';
import { energy } from './energy.js';
import { squaredDistance } from './retrieve.js';

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
    // Spherical, N = 25, P = 148, λ = 0.4249: h > 0 at rMax = 0.5 (h' > 0) and at 0.25 (h' ≤ 0),
    // but h ≤ 0 on an interval ending at 0.46989; the scan over rMax·2^-k alone misses it.
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 25, seed: realisationSeed(3, 2503), count: 148 });
    const geometry = targetGeometry(patterns, 0);
    const rMax = 0.5 * (1 - 1e-6);
    const delta = 2 ** -24 * geometry.maxNorm;
    const r = retrievalRadius(geometry, 0.4248690346176619, delta, rMax);
    expect(r).toBeGreaterThan(0.469);
    expect(r).toBeLessThan(rMax);
    // Brute force on a grid: no radius above 0.47 works (the edge is at 0.46989).
    for (let k = 0; k <= 200; k++) {
      const rr = 0.47 + ((rMax - 0.47) * k) / 200;
      let g = 0;
      for (let m = 0; m < geometry.gaps.length; m++) {
        const d = geometry.dists[m] as number;
        g += d * Math.exp(0.4248690346176619 * ((geometry.gaps[m] as number) + d * rr));
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
