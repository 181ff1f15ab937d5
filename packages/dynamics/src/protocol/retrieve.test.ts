import { type EnsembleName, ensembleLaw, fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import { createMatrix, createReferenceBackend, row } from '@dam/kernels';
import { lambdaC } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { realisationSeed } from '../experiments/seeds.js';
import { energy } from './energy.js';
import { retrieve } from './retrieve.js';

const backend = createReferenceBackend();

function gaussianState(n: number, seed: number, scale: number): Float32Array {
  const values = new Float64Array(n);
  fillNormal(rowStream(seed, 0), values);
  return Float32Array.from(values, (v) => v * scale);
}

describe('retrieve: gradient descent on E at rate η (η = 1: Eq. 2)', () => {
  const ensembles: EnsembleName[] = ['spherical', 'gaussian', 'binary'];

  it.each(ensembles)('never raises the energy at η = 1 (CCCP / majorise–minimise step), %s patterns', (ensemble) => {
    // E_{t+1} ≤ E_t + 1e-9·|E_t|: the exact step cannot raise E (it minimises a quadratic majoriser
    // of E); the slack covers the float32 rounding of the state (≲ 1e-11·N here, see the README).
    let checked = 0;
    for (const lambda of [0.1, 0.3, 1, 3]) {
      for (let seed = 0; seed < 6; seed++) {
        const n = 12 + 4 * (seed % 3);
        const patterns = samplePatterns({ ensemble, dimension: n, seed: realisationSeed(17, seed), count: 60 });
        const x0 = gaussianState(n, 1000 + seed, 1);
        const { energies } = retrieve(patterns, x0, { lambda, backend, maxSteps: 40, tol: 0, energyTrace: true });
        expect(energies?.length).toBe(41);
        for (let t = 0; t + 1 < (energies?.length ?? 0); t++) {
          const e = energies?.[t] as number;
          expect(energies?.[t + 1]).toBeLessThanOrEqual(e + 1e-9 * Math.abs(e));
          checked += 1;
        }
      }
    }
    expect(checked).toBe(4 * 6 * 40);
  });

  it('also descends at η < 1 (E is 1-smooth: the Hessian I − λCov is ≤ I)', () => {
    const patterns = samplePatterns({ ensemble: 'gaussian', dimension: 10, seed: 5, count: 40 });
    const { energies, steps } = retrieve(patterns, gaussianState(10, 9, 1), {
      lambda: 2,
      eta: 0.3,
      tol: 0,
      maxSteps: 30,
      energyTrace: true,
    });
    expect(steps).toBe(30);
    for (let t = 0; t < 30; t++) {
      const e = energies?.[t] as number;
      expect(energies?.[t + 1]).toBeLessThanOrEqual(e + 1e-9 * Math.abs(e));
    }
  });

  it('the energy trace matches energy() at the final state', () => {
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 10, seed: 2, count: 30 });
    const result = retrieve(patterns, gaussianState(10, 4, 1), { lambda: 1, energyTrace: true });
    expect(result.energies?.[result.steps]).toBe(energy(patterns, result.state, 1, backend));
  });

  it('a single pattern (P = 1) is a fixed point reached in one step from anywhere', () => {
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 8, seed: 11, count: 1 });
    const fromPattern = retrieve(patterns, row(patterns, 0), { lambda: 0.7 });
    expect(fromPattern).toMatchObject({ steps: 1, converged: true, distance: 0 });
    expect(Array.from(fromPattern.state)).toEqual(Array.from(row(patterns, 0)));
    const fromElsewhere = retrieve(patterns, gaussianState(8, 3, 2), { lambda: 0.7 });
    expect(fromElsewhere.steps).toBe(2); // step 1 lands on ξ^1, step 2 confirms ‖Δ‖ = 0
    expect(fromElsewhere.distance).toBe(0);
  });

  it('η interpolates: x_1 = (1 − η)x_0 + η Ξᵀsoftmax(λΞx_0)', () => {
    const patterns = createMatrix(2, 2, new Float32Array([1, 0, 0, 1]));
    const x0 = new Float32Array([0.2, 0.1]);
    const full = retrieve(patterns, x0, { lambda: 1, maxSteps: 1 });
    const half = retrieve(patterns, x0, { lambda: 1, maxSteps: 1, eta: 0.5 });
    for (let j = 0; j < 2; j++) {
      expect(half.state[j]).toBeCloseTo(0.5 * (x0[j] as number) + 0.5 * (full.state[j] as number), 6);
    }
    expect(full.converged).toBe(false);
  });

  it('measures the distance to `target` when given', () => {
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 20, seed: 8, count: 5 });
    const result = retrieve(patterns, row(patterns, 3), { lambda: 5, target: row(patterns, 3) });
    expect(result.distance).toBeLessThan(1e-6);
  });

  it('rejects bad options', () => {
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 4, seed: 1, count: 3 });
    const x0 = row(patterns, 0);
    expect(() => retrieve(patterns, x0, { lambda: -1 })).toThrow(/lambda/);
    expect(() => retrieve(patterns, x0, { lambda: 1, eta: 1.5 })).toThrow(/eta/);
    expect(() => retrieve(patterns, x0, { lambda: 1, maxSteps: 2.5 })).toThrow(/maxSteps/);
    expect(() => retrieve(patterns, x0, { lambda: 1, tol: -1 })).toThrow(/tol/);
    expect(() => retrieve(patterns, new Float32Array(5), { lambda: 1 })).toThrow(/length/);
  });
});

describe('retrieval from ξ^1 (Section II): succeeds well below α_1, fails well above', () => {
  // Spherical, N = 40, α = 0.1 (P = 55): λ_c(0.1) = 0.1055 is where α_1(λ) = α. At N = 40 the
  // finite-size crossover λ_1/2 sits within ~50% of λ_c (Fig. 1 bottom; our scans at α = 0.2 give
  // λ_1/2/λ_c ≈ 1.4–1.8 for N = 20–45), so λ = 3λ_c is deep in the retrieval phase and λ = λ_c/3 deep
  // in the non-retrieval phase, where the theory says the probability of the other outcome decays
  // exponentially in N. We require at least 19 of 20 seeds on the right side (one atypical
  // realisation allowed); all 20 are observed.
  const N = 40;
  const alpha = 0.1;
  const P = Math.round(Math.exp(alpha * N));
  const lc = lambdaC(ensembleLaw('spherical'), alpha);

  const outcomes = (lambda: number): boolean[] =>
    Array.from({ length: 20 }, (_, r) => {
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: N, seed: realisationSeed(2024, r), count: P });
      return retrieve(patterns, row(patterns, 0), { lambda, backend, maxSteps: 100 }).distance < 0.01;
    });

  it('retrieves at λ = 3 λ_c(α)', () => {
    expect(outcomes(3 * lc).filter(Boolean).length).toBeGreaterThanOrEqual(19);
  });

  it('does not retrieve at λ = λ_c(α)/3', () => {
    expect(outcomes(lc / 3).filter(Boolean).length).toBeLessThanOrEqual(1);
  });
});
