import { type EnsembleName, samplePatterns } from '@dam/ensembles';
import { type AttentionBackend, createReferenceBackend, createWasmSimdBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { targetGeometry } from '../certificates/geometry.js';
import { realisationSeed } from '../experiments/seeds.js';
import { RealisationRunner } from '../runners/exact.js';
import { basinDirection, basinStart } from '../runtime/tasks.js';
import { retrieve } from './retrieve.js';
import { roundingModel } from './rounding.js';
import { PAPER_PROTOCOL, protocolSettings, type StopReason } from './settings.js';

const backend = createReferenceBackend();

describe('the early stop never changes the outcome of the 100-step protocol', () => {
  // Every run is compared with the full protocol computed independently by `retrieve`
  // (tol = 0: exactly 100 updates, success iff ‖x − ξ‖²/N < 0.01). λ values straddle the
  // finite-size crossover (λ_1/2 ≈ 0.3–0.45 at α = 0.2 for these N), where runs are slowest and
  // most fragile, plus far values where the certificates fire at once. Starts: ξ^1, basin starts
  // at several angles, and other targets ξ^μ (as in allPatternsRetrieval).
  const lambdas = [0.05, 0.25, 0.3, 0.33, 0.36, 0.38, 0.4, 0.42, 0.45, 0.5, 0.6, 1, 3];
  const cases: [EnsembleName, number][] = [
    ['spherical', 12],
    ['spherical', 20],
    ['gaussian', 16],
    ['binary', 16],
  ];

  it.each(cases)('%s patterns, N = %i: identical outcomes on 16 realisations × 13 λ × 5 starts', (ensemble, n) => {
    const P = Math.round(Math.exp(0.2 * n));
    const stops = new Map<StopReason, number>();
    let fast = 0;
    let full = 0;
    for (let r = 0; r < 16; r++) {
      const patterns = samplePatterns({ ensemble, dimension: n, seed: realisationSeed(99, r), count: P });
      const early = new RealisationRunner(patterns, backend, PAPER_PROTOCOL);
      const plain = new RealisationRunner(patterns, backend, protocolSettings({ earlyStop: false }));
      const xi = patterns.data.subarray(0, n);
      const u = basinDirection(xi, realisationSeed(5, r));
      const target = 1 + (r % (P - 1));
      const starts: [Float32Array, number][] = [
        [xi, 0],
        [basinStart(xi, 0.6, u), 0],
        [basinStart(xi, 1.0, u), 0],
        [basinStart(xi, 1.3, u), 0],
        [patterns.data.subarray(target * n, (target + 1) * n), target],
      ];
      for (const lambda of lambdas) {
        for (const [x0, t] of starts) {
          const reference = retrieve(patterns, x0, {
            lambda,
            backend,
            maxSteps: 100,
            tol: 0,
            target: patterns.data.subarray(t * n, (t + 1) * n),
          });
          const expected = reference.distance < 0.01;
          const a = early.run(x0, t, lambda);
          const b = plain.run(x0, t, lambda);
          expect(b).toEqual({ success: expected, updates: 100, stop: 'steps' });
          expect(a.success).toBe(expected);
          stops.set(a.stop, (stops.get(a.stop) ?? 0) + 1);
          fast += a.updates;
          full += b.updates;
        }
      }
    }
    // Every kind of early stop was exercised, and it saved most of the work.
    expect(stops.get('retrieval-certificate')).toBeGreaterThan(0);
    expect(stops.get('failure-certificate')).toBeGreaterThan(0);
    expect(stops.get('cycle')).toBeGreaterThan(0);
    expect(fast).toBeLessThan(full / 3);
  });
});

/**
 * A backend that keeps the `@dam/kernels` contract to the letter but no better: the reference step
 * plus `0.999e-4·max_j |x'_j|` on every entry (`relativeError` of `@dam/kernels` = 0.999e-4 ≤ 1e-4).
 * Its error in the 2-norm is `√N` times that, up to `√N·1e-4·max|ξ_j|`.
 */
function contractEdgeBackend(): AttentionBackend {
  const step: AttentionBackend['step'] = (patterns, x, lambda) => {
    const { next, logSumExp } = backend.step(patterns, x, lambda);
    const scale = next.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    return { next: next.map((v) => v + 0.999e-4 * scale), logSumExp };
  };
  // Its own step, so not the reference's rounding model: it keeps only the contract.
  const { stepRounding: _, ...reference } = backend;
  return {
    ...reference,
    name: 'contract-edge',
    step,
    // RealisationRunner steps through stepInto when the backend has one: keep it the same step.
    stepInto(patterns, x, lambda, out) {
      const { next, logSumExp } = step(patterns, x, lambda);
      out.set(next);
      return logSumExp;
    },
  };
}

describe('the error bound of a non-reference backend follows the kernels contract (∞-norm, relative to the largest entry)', () => {
  it('bounds the 2-norm error of a backend at the edge of the contract', () => {
    for (const ensemble of ['spherical', 'gaussian', 'binary'] as const) {
      const n = 16;
      const patterns = samplePatterns({ ensemble, dimension: n, seed: 3, count: 20 });
      const geometry = targetGeometry(patterns, 0);
      const xi = patterns.data.subarray(0, n);
      const exact = backend.step(patterns, xi, 1).next;
      const edge = contractEdgeBackend().step(patterns, xi, 1).next;
      const error = Math.sqrt(edge.reduce((sum, v, j) => sum + (v - (exact[j] as number)) ** 2, 0));
      const model = roundingModel(contractEdgeBackend(), 20, n);
      expect(model.derived).toBe(false);
      expect(error).toBeLessThanOrEqual(model.stepError({ lambda: 1, ...geometry, stateNorm: 2 * geometry.maxNorm }));
    }
  });

  it('never certifies a retrieval that the full run of such a backend misses (regression)', () => {
    // One spherical pattern (N = 16, ‖ξ‖ = 4, max|ξ_j| = 1.62): the exact update is ξ itself and
    // the computed one ξ + e with ‖e‖ = 4·0.999e-4·1.62 = 6.5e-4, so at ε = 2e-8 (√(εN) = 5.7e-4)
    // the run fails. A bound δ = 1e-4·‖ξ‖ = 4e-4 (the 2-norm misreading of the contract) certified
    // the ball of radius 5.7e-4 and returned success without an update.
    const n = 16;
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: n, seed: 3, count: 1 });
    const xi = patterns.data.subarray(0, n);
    const edge = contractEdgeBackend();
    for (const epsilon of [1e-8, 2e-8, 3e-8, 1e-7]) {
      const full = new RealisationRunner(patterns, edge, protocolSettings({ epsilon, earlyStop: false })).run(xi, 0, 1);
      const early = new RealisationRunner(patterns, edge, protocolSettings({ epsilon })).run(xi, 0, 1);
      expect(early.success, `ε = ${epsilon}`).toBe(full.success);
    }
    expect(new RealisationRunner(patterns, edge, protocolSettings({ epsilon: 2e-8, earlyStop: false })).run(xi, 0, 1).success).toBe(false);
  });

  it('gives the same outcomes with and without the early stop on a contract-edge backend', () => {
    const edge = contractEdgeBackend();
    let compared = 0;
    for (const ensemble of ['spherical', 'gaussian', 'binary'] as const) {
      for (let r = 0; r < 4; r++) {
        const n = 14;
        const patterns = samplePatterns({ ensemble, dimension: n, seed: realisationSeed(41, r), count: Math.round(Math.exp(0.2 * n)) });
        const early = new RealisationRunner(patterns, edge, PAPER_PROTOCOL);
        const plain = new RealisationRunner(patterns, edge, protocolSettings({ earlyStop: false }));
        const xi = patterns.data.subarray(0, n);
        for (const lambda of [0.05, 0.3, 0.35, 0.4, 0.45, 0.5, 0.7, 1, 3]) {
          expect(early.run(xi, 0, lambda).success).toBe(plain.run(xi, 0, lambda).success);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(108);
  });
});

describe('protocolSettings', () => {
  it('defaults to the paper: 100 updates, ε = 0.01, early stop', () => {
    expect(protocolSettings({})).toEqual({ maxSteps: 100, epsilon: 0.01, earlyStop: true });
    expect(() => protocolSettings({ epsilon: 0 })).toThrow(/epsilon/);
    expect(() => protocolSettings({ maxSteps: -1 })).toThrow(/maxSteps/);
  });
});

describe('the bounds of a backend with a rounding model (wasm-simd) hold at exact exponent ties', () => {
  // Binary patterns have integer scores, so at λ = k·ln 2 / 2^m (β = λ·log2 e = k/2^m exactly) the
  // exponents β·s − m of the kernel are exact half-integers: the step error δ and the energy error
  // must still bound what the backend computes (the exponent-tie bug broke δ by 3·10³ here).
  it('step error ≤ δ (stepError) and energy error ≤ energyError for binary patterns at dyadic λ', () => {
    const wasm = createWasmSimdBackend();
    for (const [k, m] of [
      [1, 2],
      [1, 3],
      [5, 3],
      [1, 4],
    ] as const) {
      const lambda = (k * Math.LN2) / 2 ** m;
      const n = 16;
      const patterns = samplePatterns({ ensemble: 'binary', dimension: n, seed: 7 + k + m, count: 400 });
      const geometry = targetGeometry(patterns, 0);
      const model = roundingModel(wasm, patterns.rows, n);
      const contract = roundingModel(contractEdgeBackend(), patterns.rows, n);
      for (const start of [
        patterns.data.slice(0, n),
        basinStart(patterns.data.subarray(0, n), 1, basinDirection(patterns.data.subarray(0, n), 5)),
      ]) {
        const norm2 = start.reduce((sum, v) => sum + v * v, 0);
        const stateNorm = Math.max(Math.sqrt(norm2), 2 * geometry.maxNorm);
        const exact = backend.step(patterns, start, lambda);
        const computed = wasm.step(patterns, start, lambda);
        const error = Math.sqrt(computed.next.reduce((sum, v, j) => sum + (v - (exact.next[j] as number)) ** 2, 0));
        const where = `λ = ${k}·ln 2/2^${m}`;
        expect(error, where).toBeLessThanOrEqual(model.stepError({ lambda, ...geometry, stateNorm }));
        const energy = (lse: number) => -lse / lambda + 0.5 * norm2;
        const bound = model.energyError(lambda, geometry.maxNorm, computed.logSumExp, norm2);
        expect(Math.abs(energy(computed.logSumExp) - energy(exact.logSumExp)), where).toBeLessThanOrEqual(bound);
        // Derived, not the 1e-4 contract: far tighter than the contract's bound.
        expect(bound).toBeLessThan(contract.energyError(lambda, geometry.maxNorm, computed.logSumExp, norm2) / 10);
      }
    }
    wasm.dispose();
  });
});
