// The gpu.js backend on headless-gl (WebGL 1 through ANGLE, in Node). It needs the optional native
// `gl` package and an X display: CI installs the build dependencies and runs the tests under
// `xvfb-run -a` (.ci/run). In CI an unavailable headlessgl FAILS these tests with the reason; elsewhere
// they are skipped, with the reason printed.
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrix } from '../matrix.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { agreementCases, expectAgreement, expectLogSumExp, gaussianMatrix, relativeError, rowOf, TOLERANCE } from './agreement.js';
import { createGpuJsBackend, type GpuJsBackend } from './gpu-js-backend.js';
import { gpuJsModes } from './gpu-js-module.js';

const modes = await gpuJsModes();
const headless = modes.find((m) => m.mode === 'headlessgl') ?? { mode: 'headlessgl', available: false, reason: 'not listed' };
const inCI = Boolean(process.env.CI);
const skip = !headless.available && !inCI;
if (skip) console.warn(`[@dam/kernels] skipping the gpu.js headlessgl tests: ${headless.reason}`);

const backends: GpuJsBackend[] = [];
async function headlessgl(options: { tileRows?: number; tileCols?: number; maxTextureSize?: number } = {}): Promise<GpuJsBackend> {
  const backend = await createGpuJsBackend({ mode: 'headlessgl', ...options });
  backends.push(backend);
  return backend;
}
afterAll(() => {
  for (const backend of backends) backend.dispose();
});

describe.skipIf(skip)('gpu.js backend, headlessgl mode', () => {
  it('is available (in CI: installed by .ci/run and run under xvfb-run)', async () => {
    expect(headless.available, `headlessgl is unavailable: ${headless.reason}`).toBe(true);
    const backend = await headlessgl();
    expect(backend.name).toBe('gpu.js/headlessgl');
    expect(backend.kernelClass).toBe('HeadlessGLKernel');
    expect(backend.maxTextureSize).toBeGreaterThanOrEqual(4096);
    // In Node, gpu.js's `gpu` mode is headless-gl.
    expect(modes.find((m) => m.mode === 'gpu')).toMatchObject({ available: true, resolvesTo: 'headlessgl' });
    const gpu = await createGpuJsBackend({ mode: 'gpu' });
    backends.push(gpu);
    expect([gpu.name, gpu.kernelClass]).toEqual(['gpu.js/gpu', 'HeadlessGLKernel']);
  });

  const tilings = [
    { label: 'default tiles', options: {} },
    { label: 'tileRows 7 (P larger than a tile, not a multiple)', options: { tileRows: 7 } },
    { label: '8-texel textures (column blocks, query blocks, one-row reductions)', options: { maxTextureSize: 8 } },
  ];
  for (const { label, options } of tilings) {
    describe(label, () => {
      for (const testCase of agreementCases()) {
        it(`agrees with the float64 reference: ${testCase.name}`, async () => {
          expectAgreement(await headlessgl(options), testCase);
        });
      }
    });
  }

  it('agrees at P = 22026, N = 50 (two 16384-row tiles) and with 1000-row tiles', async () => {
    const reference = createReferenceBackend();
    const patterns = gaussianMatrix(22_026, 50, 21, 1 / Math.sqrt(50));
    const queries = createMatrix(2, 50);
    queries.data.set(rowOf(patterns, 7), 0);
    queries.data.set(rowOf(gaussianMatrix(1, 50, 22, 1 / Math.sqrt(50)), 0), 50);
    for (const backend of [await headlessgl(), await headlessgl({ tileRows: 1000 })]) {
      for (const lambda of [0, 1, 30]) {
        const want = reference.stepBatch(patterns, queries, lambda);
        const got = backend.stepBatch(patterns, queries, lambda);
        for (let b = 0; b < 2; b++) {
          const label = `tile ${backend.maxTextureSize}, λ = ${lambda}, query ${b}`;
          const single = backend.step(patterns, rowOf(queries, b), lambda);
          expect(relativeError(single.next, rowOf(want.next, b)), label).toBeLessThanOrEqual(TOLERANCE);
          expect(relativeError(rowOf(got.next, b), rowOf(want.next, b)), label).toBeLessThanOrEqual(TOLERANCE);
          expectLogSumExp(single.logSumExp, want.logSumExp[b] as number, label);
        }
      }
      const x = rowOf(queries, 1);
      expect(relativeError(backend.scores(patterns, x), reference.scores(patterns, x))).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
