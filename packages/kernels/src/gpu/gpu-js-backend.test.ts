// The gpu.js backend in its `cpu` mode (gpu.js's JavaScript fallback), which runs everywhere: the
// same kernels, tiling and host-side softmax as the GL modes. Small sizes: this mode is slow.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrix } from '../matrix.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { agreementCases, expectAgreement, expectLogSumExp, gaussianMatrix, relativeError, rowOf, TOLERANCE } from './agreement.js';
import { createGpuJsBackend, type GpuJsBackend } from './gpu-js-backend.js';
import { gpuJsModes } from './gpu-js-module.js';

const backends: GpuJsBackend[] = [];
async function cpu(options: { tileRows?: number; tileCols?: number; maxTextureSize?: number } = {}): Promise<GpuJsBackend> {
  const backend = await createGpuJsBackend({ mode: 'cpu', ...options });
  backends.push(backend);
  return backend;
}
afterAll(() => {
  for (const backend of backends) backend.dispose();
});

describe('gpu.js backend, cpu mode', () => {
  it('is always available and named gpu.js/cpu', async () => {
    const modes = await gpuJsModes();
    expect(modes.map((m) => m.mode)).toEqual(['gpu', 'webgl2', 'webgl', 'headlessgl', 'cpu']);
    expect(modes.find((m) => m.mode === 'cpu')).toEqual({ mode: 'cpu', available: true, reason: '' });
    // No browser in Node: the WebGL modes explain themselves.
    expect(modes.find((m) => m.mode === 'webgl2')?.reason).toMatch(/needs a browser/);
    for (const m of modes) expect(m.available || m.reason.length > 0, `${m.mode} has a reason`).toBe(true);
    const backend = await cpu();
    expect(backend.name).toBe('gpu.js/cpu');
    expect(backend.kernelClass).toBe('CPUKernel');
  });

  const tilings = [
    { label: 'default tiles', options: {} },
    { label: 'tileRows 7 (P larger than a tile, not a multiple)', options: { tileRows: 7 } },
    { label: 'tileRows 1', options: { tileRows: 1 } },
    { label: '8-texel textures (column blocks, query blocks, one-row reductions)', options: { maxTextureSize: 8 } },
    { label: 'tileRows 5, tileCols 3', options: { tileRows: 5, tileCols: 3 } },
  ];
  for (const { label, options } of tilings) {
    describe(label, () => {
      for (const testCase of agreementCases()) {
        it(`agrees with the float64 reference: ${testCase.name}`, async () => {
          expectAgreement(await cpu(options), testCase);
        });
      }
    });
  }

  it('agrees on random shapes, tiles and λ (property, 25 runs)', async () => {
    const reference = createReferenceBackend();
    const byTile = new Map<number, GpuJsBackend>();
    for (const tileRows of [1, 2, 3, 5, 8, 13]) byTile.set(tileRows, await cpu({ tileRows }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(1, 2, 3, 5, 8, 13),
        fc.constantFrom(0, 0.3, 2, 40, 1e6),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (P, N, tileRows, lambda, seed) => {
          const backend = byTile.get(tileRows) as GpuJsBackend;
          const patterns = gaussianMatrix(P, N, seed);
          const x = rowOf(gaussianMatrix(1, N, seed + 1), 0);
          const want = reference.step(patterns, x, lambda);
          const got = backend.step(patterns, x, lambda);
          expect(relativeError(got.next, want.next)).toBeLessThanOrEqual(TOLERANCE);
          expectLogSumExp(got.logSumExp, want.logSumExp, `P=${P} N=${N} tile=${tileRows} λ=${lambda}`);
          expect(relativeError(backend.scores(patterns, x), reference.scores(patterns, x))).toBeLessThanOrEqual(TOLERANCE);
        },
      ),
      { numRuns: 25, seed: 20_240_601 },
    );
  });

  it('handles empty inputs like the reference', async () => {
    const backend = await cpu();
    const reference = createReferenceBackend();
    expect(Array.from(backend.scores(createMatrix(0, 3), new Float32Array(3)))).toEqual([]);
    expect(Array.from(backend.scores(createMatrix(4, 0), new Float32Array(0)))).toEqual([0, 0, 0, 0]);
    const none = backend.batchedScores(createMatrix(3, 2), createMatrix(0, 2));
    expect([none.rows, none.cols]).toEqual([0, 3]);
    const zeroDim = backend.step(createMatrix(4, 0), new Float32Array(0), 2);
    expect(zeroDim.next.length).toBe(0);
    expect(zeroDim.logSumExp).toBeCloseTo(reference.step(createMatrix(4, 0), new Float32Array(0), 2).logSumExp, 12);
    const noQueries = backend.stepBatch(createMatrix(3, 2), createMatrix(0, 2), 1);
    expect([noQueries.next.rows, noQueries.logSumExp.length]).toEqual([0, 0]);
  });

  it('validates its inputs and options, and refuses work after dispose', async () => {
    const backend = await cpu();
    const patterns = createMatrix(2, 2, new Float32Array([1, 0, 0, 1]));
    expect(() => backend.scores(patterns, new Float32Array(3))).toThrow(/x has length 3, expected the pattern dimension N = 2/);
    expect(() => backend.batchedScores(patterns, createMatrix(1, 3))).toThrow(/queries have 3 columns/);
    expect(() => backend.step(patterns, new Float32Array(2), -1)).toThrow(/lambda must be a finite number ≥ 0, got -1/);
    expect(() => backend.step(patterns, new Float32Array(2), Number.NaN)).toThrow(RangeError);
    expect(() => backend.step(createMatrix(0, 2), new Float32Array(2), 1)).toThrow(/at least one row/);
    await expect(createGpuJsBackend({ mode: 'opengl' as 'cpu' })).rejects.toThrow(
      /mode must be one of gpu, webgl2, webgl, headlessgl, cpu; got opengl/,
    );
    await expect(createGpuJsBackend({ mode: 'cpu', tileRows: 0 })).rejects.toThrow(/tileRows must be an integer ≥ 1, got 0/);
    await expect(createGpuJsBackend({ mode: 'cpu', tileCols: 2.5 })).rejects.toThrow(/tileCols must be an integer ≥ 1, got 2.5/);
    await expect(createGpuJsBackend({ mode: 'cpu', maxTextureSize: 4 })).rejects.toThrow(/maxTextureSize must be an integer ≥ 8, got 4/);
    await expect(createGpuJsBackend({ mode: 'webgl2' })).rejects.toThrow(
      /gpu.js mode "webgl2" is not available here: WebGL2 needs a browser/,
    );
    const disposable = await createGpuJsBackend({ mode: 'cpu' });
    disposable.dispose();
    disposable.dispose();
    expect(() => disposable.scores(patterns, new Float32Array(2))).toThrow(/gpu.js\/cpu backend was disposed/);
  });

  it('leaves its inputs unchanged', async () => {
    const backend = await cpu({ tileRows: 4, tileCols: 3 });
    const patterns = gaussianMatrix(10, 7, 99);
    const queries = gaussianMatrix(3, 7, 100);
    const before = [Float32Array.from(patterns.data), Float32Array.from(queries.data)];
    backend.stepBatch(patterns, queries, 2);
    backend.step(patterns, rowOf(queries, 0), 2);
    backend.batchedScores(patterns, queries);
    expect([patterns.data, queries.data]).toEqual(before);
  });
});
