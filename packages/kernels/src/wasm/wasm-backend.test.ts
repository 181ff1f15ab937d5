import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMatrix } from '../matrix.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { relativeError, TOLERANCE } from '../testing/compare.js';
import { describeBackendConformance } from '../testing/conformance.js';
import { gaussianArray, gaussianMatrix, queryNear } from '../testing/random.js';
import { wasmSimdAvailable } from './availability.js';
import { createWasmSimdBackend } from './wasm-backend.js';

describe('wasmSimdAvailable', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reports SIMD support in this Node (required by the package: Node ≥ 20)', () => {
    const availability = wasmSimdAvailable();
    expect(availability).toEqual({ available: true, reason: expect.stringMatching(/SIMD/) });
  });

  it('reports a missing WebAssembly or a WebAssembly without SIMD, and the backend refuses to start', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(wasmSimdAvailable()).toEqual({ available: false, reason: 'WebAssembly is not available in this runtime' });
    expect(() => createWasmSimdBackend()).toThrow(/wasm-simd backend unavailable: WebAssembly is not available/);
    vi.stubGlobal('WebAssembly', { validate: () => false });
    expect(wasmSimdAvailable()).toEqual({ available: false, reason: expect.stringMatching(/does not support fixed-width SIMD/) });
  });
});

describeBackendConformance('wasm-simd', () => createWasmSimdBackend());

describe('wasm-simd backend', () => {
  it('is named wasm-simd', () => {
    const backend = createWasmSimdBackend();
    expect(backend.name).toBe('wasm-simd');
    backend.dispose();
  });

  it('copies a pattern matrix in once and reuses it (also through another Matrix over the same array)', () => {
    const backend = createWasmSimdBackend();
    const patterns = gaussianMatrix(20_000, 50, 1); // 4 MB: more than the initial memory
    const x = queryNear(patterns, 3, 0.3, 2);
    const first = backend.step(patterns, x, 1);
    const bytes = backend.memoryBytes;
    expect(bytes).toBeGreaterThanOrEqual(20_000 * 50 * 4);
    for (let i = 0; i < 5; i++) backend.step(patterns, x, 1);
    backend.step(createMatrix(20_000, 50, patterns.data), x, 1);
    expect(backend.memoryBytes).toBe(bytes);
    expect(Array.from(backend.step(patterns, x, 1).next)).toEqual(Array.from(first.next));
    backend.dispose();
  });

  it('assumes cached patterns are not mutated; invalidate(patterns) picks up in-place changes', () => {
    const backend = createWasmSimdBackend();
    const reference = createReferenceBackend();
    const patterns = gaussianMatrix(100, 10, 3);
    const x = gaussianArray(10, 4);
    backend.step(patterns, x, 1);
    patterns.data.fill(0.5, 0, 10); // pattern 0 changes in place
    const stale = backend.step(patterns, x, 1);
    const fresh = reference.step(patterns, x, 1);
    expect(relativeError(stale.next, fresh.next)).toBeGreaterThan(TOLERANCE); // documented: the cache wins
    backend.invalidate(patterns);
    expect(relativeError(backend.step(patterns, x, 1).next, fresh.next)).toBeLessThanOrEqual(TOLERANCE);
    backend.invalidate(createMatrix(1, 1)); // unknown matrix: no-op
    backend.dispose();
  });

  it('re-packs when the same array is viewed with another shape', () => {
    const backend = createWasmSimdBackend();
    const reference = createReferenceBackend();
    const data = gaussianArray(120, 5);
    const a = createMatrix(12, 10, data);
    const b = createMatrix(20, 6, data);
    for (const m of [a, b, a]) {
      const x = gaussianArray(m.cols, 6);
      expect(relativeError(backend.step(m, x, 1).next, reference.step(m, x, 1).next)).toBeLessThanOrEqual(TOLERANCE);
    }
    backend.dispose();
  });

  it('packs a matrix of several packing blocks (65536 rows each) row for row: every score is the exact product at N = 1', () => {
    const backend = createWasmSimdBackend();
    const rows = 2 * 65_536 + 37; // two whole blocks and a partial super-block
    const patterns = gaussianMatrix(rows, 1, 7);
    const x = Float32Array.of(0.75); // ξ·x = one float32 product (the padding column adds 0·0)
    const scores = backend.scores(patterns, x);
    let mismatches = 0;
    for (let mu = 0; mu < rows; mu++) if (scores[mu] !== Math.fround((patterns.data[mu] as number) * 0.75)) mismatches++;
    expect(mismatches).toBe(0);
    backend.dispose();
  });
  it('keeps several pattern matrices cached side by side', () => {
    const backend = createWasmSimdBackend();
    const reference = createReferenceBackend();
    const matrices = [gaussianMatrix(300, 20, 7), gaussianMatrix(1000, 33, 8), gaussianMatrix(5, 3, 9)];
    for (let round = 0; round < 3; round++) {
      for (const m of matrices) {
        const x = gaussianArray(m.cols, round);
        expect(relativeError(backend.step(m, x, 0.5).next, reference.step(m, x, 0.5).next)).toBeLessThanOrEqual(TOLERANCE);
      }
    }
    backend.dispose();
  });

  it('throws a RangeError instead of returning NaN when the data are not finite', () => {
    const backend = createWasmSimdBackend();
    const patterns = gaussianMatrix(40, 3, 10);
    patterns.data[7] = Number.NaN;
    expect(() => backend.step(patterns, new Float32Array([1, 1, 1]), 1)).toThrow(/not finite/);
    expect(() => backend.stepBatch(patterns, createMatrix(2, 3, new Float32Array(6).fill(1)), 1)).toThrow(/not finite/);
    // A NaN score in a chunk whose other scores lie far below the running bound (a chunk the
    // kernel skips as all-zero weights): still reported. N = 2, 1024 rows per chunk.
    const hidden = createMatrix(2048, 2);
    for (let mu = 0; mu < 2048; mu++) hidden.data.set(mu < 1024 ? [0, 1] : [-200, 1], 2 * mu);
    hidden.data[2 * 1029] = Number.NaN;
    expect(() => backend.step(hidden, Float32Array.of(1, 0), 1)).toThrow(/not finite/);
    backend.dispose();
  });

  it('stepInto keeps its scratch across calls: correct after the memory grows and when N changes', () => {
    const backend = createWasmSimdBackend();
    const small = gaussianMatrix(100, 9, 14);
    const x = gaussianArray(9, 15);
    const out = new Float32Array(9);
    const expected = backend.step(small, x, 1.5);
    expect(backend.stepInto(small, x, 1.5, out)).toBe(expected.logSumExp);
    const before = backend.memoryBytes;
    const big = gaussianMatrix(30_000, 40, 16); // 4.8 MB: the memory grows, detaching the old buffer
    const y = gaussianArray(40, 17);
    const wide = new Float32Array(40);
    const bigStep = backend.step(big, y, 0.2);
    expect(backend.stepInto(big, y, 0.2, wide)).toBe(bigStep.logSumExp);
    expect(Array.from(wide)).toEqual(Array.from(bigStep.next));
    expect(backend.memoryBytes).toBeGreaterThan(before);
    out.fill(0);
    expect(backend.stepInto(small, x, 1.5, out)).toBe(expected.logSumExp);
    expect(Array.from(out)).toEqual(Array.from(expected.next));
    backend.dispose();
    expect(() => backend.stepInto(small, x, 1.5, out)).toThrow(/disposed/);
  });

  it('refuses to work after dispose()', () => {
    const backend = createWasmSimdBackend();
    const patterns = gaussianMatrix(4, 2, 11);
    backend.step(patterns, new Float32Array(2), 1);
    backend.dispose();
    expect(backend.memoryBytes).toBe(0);
    expect(() => backend.step(patterns, new Float32Array(2), 1)).toThrow(/disposed/);
    expect(() => backend.scores(patterns, new Float32Array(2))).toThrow(/disposed/);
  });

  it('independent backends do not share state', () => {
    const one = createWasmSimdBackend();
    const two = createWasmSimdBackend();
    const patterns = gaussianMatrix(50, 8, 12);
    const x = gaussianArray(8, 13);
    const a = one.step(patterns, x, 2);
    one.dispose();
    expect(Array.from(two.step(patterns, x, 2).next)).toEqual(Array.from(a.next));
    two.dispose();
  });
});
