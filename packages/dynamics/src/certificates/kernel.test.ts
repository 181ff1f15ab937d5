import { readFileSync } from 'node:fs';
import { fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import { createReferenceBackend } from '@dam/kernels';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realisationSeed } from '../experiments/seeds.js';
import { criticalLambda } from '../protocol/critical-search.js';
import { squaredDistance } from '../protocol/retrieve.js';
import { PAPER_PROTOCOL, protocolSettings } from '../protocol/settings.js';
import { RealisationRunner } from '../runners/exact.js';
import { largestEigenvalueBound } from '../testing/largest-eigenvalue.js';
import { assembleCertificates, GENERATED_PATH, generatedSource, WAT_PATH } from '../wasm/build-certificates.mjs';
import { gapBins, targetGeometry } from './geometry.js';
import { CertificateKernel } from './kernel.js';

const backend = createReferenceBackend();

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (float64): an independent check. */
function jacobiEigenvalues(matrix: Float64Array, n: number): number[] {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (apq === 0) continue;
        const theta = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i] as number);
}

/** A random symmetric positive semi-definite `n × n` matrix `Σ_k v_k v_kᵀ` over `rank` normal vectors. */
function randomPsd(n: number, rank: number, seed: number): Float64Array {
  const m = new Float64Array(n * n);
  const v = new Float64Array(n);
  for (let k = 0; k < rank; k++) {
    fillNormal(rowStream(seed, k), v);
    const scale = k === 0 ? 3 : 1; // one dominant direction, as at a slow fixed point
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) m[i * n + j] = (m[i * n + j] as number) + scale * (v[i] as number) * (v[j] as number);
  }
  return m;
}

describe('certificates.wat', () => {
  it('certificates.generated.ts is up to date with certificates.wat (else run `pnpm --filter @dam/dynamics build:wasm`)', async () => {
    const bytes = await assembleCertificates(readFileSync(WAT_PATH, 'utf8'));
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generatedSource(bytes));
  });
});

describe('CertificateKernel.targetGeometry (float32 sums in WebAssembly, as upper bounds)', () => {
  it('bounds the float64 geometry from above, within 1e-5 relative, for every ensemble and shape', () => {
    const kernel = CertificateKernel.create() as CertificateKernel;
    for (const [ensemble, n, count, target] of [
      ['spherical', 45, 3000, 0],
      ['spherical', 40, 500, 7],
      ['gaussian', 13, 200, 199],
      ['binary', 16, 64, 3],
      ['gaussian', 1, 9, 2],
      ['spherical', 8, 1, 0],
    ] as const) {
      const patterns = samplePatterns({ ensemble, dimension: n, seed: 17, count });
      const exact = targetGeometry(patterns, target);
      const bounds = kernel.targetGeometry(patterns, target);
      expect(bounds.target).toBe(target);
      expect(bounds.norm2).toBe(exact.norm2);
      expect(bounds.maxAbs).toBe(exact.maxAbs);
      expect(bounds.maxNorm).toBeGreaterThanOrEqual(exact.maxNorm);
      expect(bounds.maxNorm).toBeLessThan(exact.maxNorm * (1 + 1e-5));
      expect(bounds.gaps.length).toBe(count - 1);
      const scale = exact.maxNorm ** 2;
      for (let k = 0; k < count - 1; k++) {
        expect(bounds.gaps[k]).toBeGreaterThanOrEqual(exact.gaps[k] as number);
        expect((bounds.gaps[k] as number) - (exact.gaps[k] as number)).toBeLessThan(1e-5 * scale);
        expect(bounds.dists[k]).toBeGreaterThanOrEqual(exact.dists[k] as number);
        expect(bounds.dists[k]).toBeLessThanOrEqual((exact.dists[k] as number) * (1 + 1e-5) + 1e-6);
      }
      // Its bins (in WebAssembly beyond MAX_BINS pairs) are gapBins of its gaps and distances.
      expect(bounds.bins).toEqual(gapBins(bounds.gaps, bounds.dists));
    }
  });

  it('reads patterns drawn into its own memory (patternArray) without a copy, with the same geometry, and refuses another shape', () => {
    const kernel = CertificateKernel.create();
    const other = CertificateKernel.create();
    if (kernel === undefined || other === undefined) throw new Error('WebAssembly SIMD is required here');
    const rows = 3000;
    const cols = 37;
    const data = kernel.patternArray(rows, cols);
    const inPlace = samplePatterns({ ensemble: 'spherical', dimension: cols, seed: 5, count: rows, data });
    expect(inPlace.data).toBe(data);
    const copy = samplePatterns({ ensemble: 'spherical', dimension: cols, seed: 5, count: rows });
    expect(kernel.targetGeometry(inPlace, 4)).toEqual(other.targetGeometry(copy, 4));
    // The same floats read as another shape would sit elsewhere in the layout: refused, not misread.
    expect(() => kernel.targetGeometry({ rows: cols, cols: rows, data }, 0)).toThrow(/not the shape it was made for/);
    // Another shape asked for grows the memory: the old array is detached and is refused by name.
    kernel.patternArray(rows * 40, cols);
    expect(() => kernel.targetGeometry(inPlace, 0)).toThrow(/detached/);
  });

  it('bins gaps in WebAssembly exactly as gapBins does, NaN, infinities and ties included', () => {
    const kernel = CertificateKernel.create() as CertificateKernel;
    fc.assert(
      fc.property(
        fc.integer({ min: 257, max: 3000 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom('plain', 'nan', 'infinite', 'ties', 'constant'),
        (count, seed, kind) => {
          const gaps = new Float64Array(count);
          const dists = new Float64Array(count);
          fillNormal(rowStream(seed, 0), gaps);
          fillNormal(rowStream(seed, 1), dists);
          for (let k = 0; k < count; k++) dists[k] = Math.abs(dists[k] as number);
          if (kind === 'nan') gaps[seed % count] = Number.NaN;
          if (kind === 'nan') dists[(seed + 1) % count] = Number.NaN;
          if (kind === 'infinite') gaps[seed % count] = seed % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
          if (kind === 'ties') for (let k = 0; k < count; k++) gaps[k] = Math.round((gaps[k] as number) * 4) / 4;
          if (kind === 'constant') gaps.fill(-1.5);
          const wasm = kernel.binGaps(gaps, dists);
          const js = gapBins(gaps, dists);
          expect(wasm.counts.reduce((a, b) => a + b, 0)).toBe(count);
          expect(wasm).toEqual(js);
          for (const key of ['gaps', 'dists', 'counts'] as const) {
            expect(Array.from(wasm[key], (v) => Object.is(v, -0))).toEqual(Array.from(js[key], (v) => Object.is(v, -0)));
          }
        },
      ),
      { seed: 99, numRuns: 80 },
    );
  });
});

describe('largestEigenvalueBound', () => {
  it('is above the largest eigenvalue (Jacobi) and within 0.2% of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1e6 }), (n, rank, seed) => {
        const m = randomPsd(n, rank, seed);
        const top = Math.max(...jacobiEigenvalues(m, n));
        // Without a start vector, and from a random one.
        const start = Array.from({ length: n }, (_, j) => Math.sin(seed + 7 * j));
        for (const bound of [largestEigenvalueBound(m, n), largestEigenvalueBound(m, n, start)]) {
          expect(bound).toBeGreaterThanOrEqual(top);
          expect(bound).toBeLessThanOrEqual(top * 1.002 + 1e-9);
        }
      }),
      { seed: 4242, numRuns: 60 },
    );
  });

  it('is the same bound, bit for bit, in WebAssembly (CertificateKernel.largestEigenvalueBound)', () => {
    const kernel = CertificateKernel.create() as CertificateKernel;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1e6 }), (n, rank, seed) => {
        // The kernel reads the upper triangle: make the matrix exactly symmetric (randomPsd's
        // products round differently on either side of the diagonal).
        const m = randomPsd(n, rank, seed);
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i] as number;
        const start = Array.from({ length: n }, (_, j) => Math.cos(seed + 3 * j));
        expect(kernel.largestEigenvalueBound(m, n)).toBe(largestEigenvalueBound(m, n));
        expect(kernel.largestEigenvalueBound(m, n, start)).toBe(largestEigenvalueBound(m, n, start));
      }),
      { seed: 4343, numRuns: 80 },
    );
    for (const m of [new Float64Array(9), new Float64Array(9).fill(Number.NaN), new Float64Array([1, 0, 0, 0, 2, 0, 0, 0, 3])]) {
      expect(kernel.largestEigenvalueBound(m, 3, [1, 0, 0])).toBe(largestEigenvalueBound(m, 3, [1, 0, 0]));
      expect(kernel.largestEigenvalueBound(m, 3)).toBe(largestEigenvalueBound(m, 3));
    }
  });

  it('is 0 for the zero matrix and never below the top of a matrix with two equal top eigenvalues', () => {
    expect(largestEigenvalueBound(new Float64Array(9), 3)).toBe(0);
    // Eigenvalues 2, 2, 1: power iteration cannot single out a top eigenvector.
    const m = new Float64Array([2, 0, 0, 0, 1.5, 0.5, 0, 0.5, 1.5]);
    expect(largestEigenvalueBound(m, 3)).toBeGreaterThanOrEqual(2);
    expect(largestEigenvalueBound(m, 3)).toBeLessThan(2.01);
  });

  it('finds the top eigenvalue from a start vector orthogonal to its eigenvector', () => {
    const m = new Float64Array([1, 0, 0, 0, 2, 0, 0, 0, 3]);
    for (const start of [
      [1, 0, 0],
      [0, 1, 0],
      [1, -1, 0],
    ]) {
      expect(largestEigenvalueBound(m, 3, start)).toBeGreaterThanOrEqual(3);
      expect(largestEigenvalueBound(m, 3, start)).toBeLessThan(3.01);
    }
  });
});

describe('contraction certificate', () => {
  it('the Jacobian bound is above λ·λ_max of the exact weighted covariance at c (float64, Jacobi)', () => {
    const kernel = CertificateKernel.create();
    expect(kernel).toBeDefined();
    for (const [ensemble, n, count, lambda] of [
      ['spherical', 20, 55, 0.5],
      ['gaussian', 13, 300, 0.3],
      ['spherical', 45, 2000, 0.31],
      ['binary', 16, 25, 1],
    ] as const) {
      const patterns = samplePatterns({ ensemble, dimension: n, seed: 3, count });
      const c = backend.step(patterns, patterns.data.subarray(0, n), lambda).next;
      const centre = backend.step(patterns, c, lambda).next;
      const maxNorm = targetGeometry(patterns, 0).maxNorm;
      const bound = kernel?.jacobianBound(patterns, c, centre, lambda, maxNorm);
      expect(bound).toBeDefined();
      // Exact weights and covariance in float64.
      const scores = Array.from({ length: count }, (_, mu) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += (patterns.data[mu * n + j] as number) * (c[j] as number);
        return lambda * s;
      });
      const top = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - top));
      const z = weights.reduce((a, b) => a + b, 0);
      const mean = new Float64Array(n);
      weights.forEach((w, mu) => {
        for (let j = 0; j < n; j++) mean[j] = (mean[j] as number) + (w / z) * (patterns.data[mu * n + j] as number);
      });
      const cov = new Float64Array(n * n);
      weights.forEach((w, mu) => {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const di = (patterns.data[mu * n + i] as number) - (mean[i] as number);
            const dj = (patterns.data[mu * n + j] as number) - (mean[j] as number);
            cov[i * n + j] = (cov[i * n + j] as number) + (w / z) * di * dj;
          }
        }
      });
      const exact = lambda * Math.max(...jacobiEigenvalues(cov, n));
      expect((bound?.scale ?? 0) * Math.exp(bound?.eta0 ?? 0)).toBeGreaterThanOrEqual(exact);
      // Tight: the centre is the exact mean up to float32 rounding.
      expect(bound?.scale ?? 0).toBeLessThan(exact * 1.01 + 1e-9);
    }
  });

  it('a certified ball, inside or outside the success ball, is mapped into itself by the exact update (random points of the ball)', () => {
    const kernel = CertificateKernel.create() as CertificateKernel;
    const certified = { inside: 0, outside: 0 };
    for (let r = 0; r < 12; r++) {
      const n = 20;
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: n, seed: realisationSeed(8, r), count: 55 });
      const xi = patterns.data.subarray(0, n);
      const maxNorm = targetGeometry(patterns, 0).maxNorm;
      const rMax = Math.sqrt(0.01 * n) * (1 - 1e-6);
      const rMin = Math.sqrt(0.01 * n) * (1 + 1e-6);
      for (const lambda of [0.3, 0.35, 0.4, 0.45, 0.5, 0.7]) {
        let x: Float32Array = Float32Array.from(xi);
        for (let t = 0; t < 60; t++) {
          const next = backend.step(patterns, x, lambda).next;
          const distance = Math.sqrt(squaredDistance(x, xi));
          const inside = distance < rMax;
          const room = Math.min(rMax, inside ? rMax - distance * (1 + 1e-12) : distance / (1 + 1e-12) - rMin);
          const rho = room > 0 ? kernel.certifiedRadius(patterns, x, next, room, lambda, maxNorm, () => 1e-6) : Number.NEGATIVE_INFINITY;
          if (rho > 0) {
            certified[inside ? 'inside' : 'outside'] += 1;
            expect(rho).toBeLessThanOrEqual(room);
            // Points of B(x, ρ) stay in it after many exact updates (δ = 10⁻⁶ covers the float32
            // rounding of the reference step), so on the same side of the success radius as x.
            const u = new Float64Array(n);
            for (let k = 0; k < 8; k++) {
              fillNormal(rowStream(r * 100 + k, t), u);
              const norm = Math.sqrt(u.reduce((s, v) => s + v * v, 0));
              let y: Float32Array = Float32Array.from(x, (v, j) => v + (0.999 * rho * (u[j] as number)) / norm);
              for (let step = 0; step < 100; step++) {
                y = backend.step(patterns, y, lambda).next;
                expect(Math.sqrt(squaredDistance(y, x))).toBeLessThanOrEqual(rho);
              }
              expect(squaredDistance(y, xi) < 0.01 * n).toBe(inside);
            }
            break;
          }
          x = next;
        }
      }
    }
    expect(certified.inside).toBeGreaterThan(10);
    expect(certified.outside).toBeGreaterThan(5);
  });

  it('ends slowly converging runs early, retrieving or failing, with the same outcome as the full run (reference backend)', () => {
    // N = 36, P = 1339: large enough for the schedule to find attempts worth their cost. Besides
    // fixed λs, λ within 3e-4 of each realisation's critical λ, where failing runs converge to a
    // fixed point just beyond the success radius (12 realisations × 11 λ: 33 retrieving and 25
    // failing contraction stops with the patterns of this seed).
    const n = 36;
    const P = Math.round(Math.exp(0.2 * n));
    const contraction = { success: 0, failure: 0 };
    for (let r = 0; r < 12; r++) {
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: n, seed: realisationSeed(31, r), count: P });
      const early = new RealisationRunner(patterns, backend, PAPER_PROTOCOL);
      const plain = new RealisationRunner(patterns, backend, protocolSettings({ earlyStop: false }));
      const xi = patterns.data.subarray(0, n);
      const critical = criticalLambda(early, [0.01, 3], 1e-3).critical;
      const near = [-3e-4, -1e-4, 1e-4, 3e-4].map((d) => critical + d);
      for (const lambda of [0.31, 0.32, 0.325, 0.33, 0.34, 0.36, 0.4, ...near]) {
        const a = early.run(xi, 0, lambda);
        expect(a.success).toBe(plain.run(xi, 0, lambda).success);
        if (a.stop === 'contraction-certificate') contraction[a.success ? 'success' : 'failure'] += 1;
      }
    }
    expect(contraction.success).toBeGreaterThan(15);
    expect(contraction.failure).toBeGreaterThan(10);
  });
});
