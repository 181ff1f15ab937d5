import { type EnsembleName, samplePatterns } from '@dam/ensembles';
import { createReferenceBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { PAPER_PROTOCOL, RealisationRunner, type StopReason, protocolSettings } from './protocol.js';
import { retrieve } from './retrieve.js';
import { realisationSeed } from './seeds.js';
import { basinDirection, basinStart } from './tasks.js';

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

describe('protocolSettings', () => {
  it('defaults to the paper: 100 updates, ε = 0.01, early stop', () => {
    expect(protocolSettings({})).toEqual({ maxSteps: 100, epsilon: 0.01, earlyStop: true });
    expect(() => protocolSettings({ epsilon: 0 })).toThrow(/epsilon/);
    expect(() => protocolSettings({ maxSteps: -1 })).toThrow(/maxSteps/);
  });
});
