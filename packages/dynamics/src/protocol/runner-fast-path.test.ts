import { samplePatterns } from '@dam/ensembles';
import { type AttentionBackend, createReferenceBackend, createWasmSimdBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { realisationSeed } from '../experiments/seeds.js';
import { RealisationRunner } from '../runners/exact.js';
import { PAPER_PROTOCOL } from './settings.js';

/** The same backend without its optional `stepInto` (the runner then uses `step`); its rounding model is kept. */
function withoutStepInto(backend: AttentionBackend): AttentionBackend {
  const rounding = backend.stepRounding?.bind(backend);
  return {
    ...(rounding === undefined ? {} : { stepRounding: rounding }),
    name: backend.name,
    scores: (patterns, x) => backend.scores(patterns, x),
    batchedScores: (patterns, queries) => backend.batchedScores(patterns, queries),
    step: (patterns, x, lambda) => backend.step(patterns, x, lambda),
    stepBatch: (patterns, queries, lambda) => backend.stepBatch(patterns, queries, lambda),
    dispose: () => backend.dispose(),
  };
}

const lambdas = [3, 0.01, 1.5, 0.76, 0.38, 0.2, 0.29, 0.34, 0.31, 0.33, 0.32, 0.325, 0.5, 0.36];

describe('RealisationRunner hot loop', () => {
  it.each([['reference'], ['wasm-simd']])('%s: stepInto gives the runs of step exactly (outcome, updates, stop)', (name) => {
    const backend = name === 'reference' ? createReferenceBackend() : createWasmSimdBackend();
    expect(backend.stepInto).toBeDefined();
    for (let r = 0; r < 3; r++) {
      const n = 20;
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: n, seed: realisationSeed(7, r), count: 55 });
      const fast = new RealisationRunner(patterns, backend, PAPER_PROTOCOL);
      const plain = new RealisationRunner(patterns, withoutStepInto(backend), PAPER_PROTOCOL);
      const xi = patterns.data.subarray(0, n);
      for (const lambda of lambdas) expect(fast.run(xi, 0, lambda)).toEqual(plain.run(xi, 0, lambda));
    }
    backend.dispose();
  });

  it('reusing a runner across λs (its certificate memos) changes no outcome, only saves work', () => {
    const backend = createWasmSimdBackend();
    let reused = 0;
    let fresh = 0;
    for (let r = 0; r < 4; r++) {
      const n = 30;
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: n, seed: realisationSeed(11, r), count: 403 });
      const runner = new RealisationRunner(patterns, backend, PAPER_PROTOCOL);
      const xi = patterns.data.subarray(0, n);
      for (const lambda of lambdas) {
        const a = runner.run(xi, 0, lambda);
        const b = new RealisationRunner(patterns, backend, PAPER_PROTOCOL).run(xi, 0, lambda);
        expect(a.success).toBe(b.success);
        // Same λ again on the same runner (as in basins): the memos are reused, same run.
        expect(runner.run(xi, 0, lambda)).toEqual(a);
        reused += a.updates;
        fresh += b.updates;
      }
    }
    // A skipped retrieval-radius search can only cost updates; here it costs none.
    expect(reused).toBe(fresh);
    backend.dispose();
  });
});
