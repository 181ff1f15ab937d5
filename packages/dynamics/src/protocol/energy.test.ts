import { fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import { createMatrix, createReferenceBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { energy, gradient } from './energy.js';

const backend = createReferenceBackend();

function randomState(n: number, seed: number, scale = 1): Float32Array {
  const values = new Float64Array(n);
  fillNormal(rowStream(seed, 0), values);
  return Float32Array.from(values, (v) => v * scale);
}

describe('energy (Eq. 1)', () => {
  it('equals −(1/λ) log Σ exp(λ ξ·x) + ½‖x‖² computed directly', () => {
    const patterns = createMatrix(3, 2, new Float32Array([1, 0, 0, 1, -1, -1]));
    const x = new Float32Array([0.5, -0.25]);
    const lambda = 1.5;
    const scores = [0.5, -0.25, -0.25];
    const expected = -Math.log(scores.reduce((s, v) => s + Math.exp(lambda * v), 0)) / lambda + 0.5 * (0.25 + 0.0625);
    expect(energy(patterns, x, lambda, backend)).toBeCloseTo(expected, 14);
    expect(energy(patterns, x, lambda)).toBe(energy(patterns, x, lambda, backend));
  });

  it('rejects λ ≤ 0 and states of the wrong length', () => {
    const patterns = createMatrix(2, 2, new Float32Array([1, 0, 0, 1]));
    expect(() => energy(patterns, new Float32Array(2), 0)).toThrow(RangeError);
    expect(() => energy(patterns, new Float32Array(3), 1)).toThrow(/length/);
  });
});

describe('gradient ∇E = x − Ξᵀ softmax(λΞx)', () => {
  // Central differences of the float64 energy: the truncation error is h²·E'''/6 ≈ 1e-7 for h = 1e-3
  // and λ ≤ 2 at N = 8, the rounding error (|E|·1e-16)/h ≈ 1e-12, the float32 rounding of the step
  // (returned by the backend) 6e-8 relative — all far below the tolerance of 1e-5 relative.
  it.each([
    ['spherical', 0.5],
    ['gaussian', 1],
    ['binary', 2],
  ] as const)('matches central finite differences of the energy (%s, λ = %s)', (ensemble, lambda) => {
    const n = 8;
    const patterns = samplePatterns({ ensemble, dimension: n, seed: 3, count: 20 });
    for (let trial = 0; trial < 5; trial++) {
      const x = randomState(n, 100 + trial, 0.8);
      const g = gradient(patterns, x, lambda, backend);
      const fd = new Float64Array(n);
      const h = 1e-3;
      for (let j = 0; j < n; j++) {
        const plus = Float32Array.from(x);
        const minus = Float32Array.from(x);
        plus[j] = (x[j] as number) + h;
        minus[j] = (x[j] as number) - h;
        const step = (plus[j] as number) - (minus[j] as number); // exact, after float32 rounding
        fd[j] = (energy(patterns, plus, lambda, backend) - energy(patterns, minus, lambda, backend)) / step;
      }
      let diff = 0;
      let norm = 0;
      for (let j = 0; j < n; j++) {
        diff += ((g[j] as number) - (fd[j] as number)) ** 2;
        norm += (g[j] as number) ** 2;
      }
      expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
    }
  });

  it('vanishes at a single pattern (P = 1 makes ξ^1 a fixed point)', () => {
    const patterns = samplePatterns({ ensemble: 'spherical', dimension: 6, seed: 1, count: 1 });
    const g = gradient(patterns, patterns.data.slice(), 2);
    expect(Array.from(g)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
