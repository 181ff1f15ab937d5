// Importing @dam/kernels must not load gpu.js (nor, through it, the native `gl` addon): only asking
// for a gpu.js backend or for gpuJsModes() does. Checked on the built package (dist/, which the root
// `pnpm test` builds first) in a fresh Node process, by looking at Node's CommonJS module cache.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/index.js', import.meta.url);
const built = existsSync(dist);
const inCI = Boolean(process.env.CI);
if (!built && !inCI) console.warn('[@dam/kernels] skipping the lazy-load test: dist/ is not built (run the build first)');

const script = `
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const loaded = () => Object.keys(cache).filter((p) => /[\\\\/]node_modules[\\\\/](gpu\\.js|gl)[\\\\/]/.test(p)).length;
const kernels = await import(${JSON.stringify(dist.href)});
const afterImport = loaded();
const reference = kernels.createReferenceBackend();
reference.step(kernels.createMatrix(1, 1, new Float32Array([1])), new Float32Array([1]), 1);
const afterReference = loaded();
await kernels.chooseAutoBackend();
const afterAuto = loaded();
const backend = await kernels.createGpuJsBackend({ mode: 'cpu' });
const afterGpu = loaded();
backend.dispose();
console.log(JSON.stringify({ afterImport, afterReference, afterAuto, afterGpu }));
`;

describe.skipIf(!built && !inCI)('lazy loading of gpu.js', () => {
  it('importing the package loads neither gpu.js nor gl, nor does auto without an X display on Linux; creating a gpu.js backend does', () => {
    expect(built, 'dist/index.js exists (the build runs before the tests)').toBe(true);
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, DISPLAY: '' },
    });
    expect(result.stderr).toBe('');
    const counts = JSON.parse(result.stdout) as { afterImport: number; afterReference: number; afterAuto: number; afterGpu: number };
    expect(counts.afterImport).toBe(0);
    expect(counts.afterReference).toBe(0);
    // headless-gl needs X on Linux: with DISPLAY unset, auto says so without loading gl (~30 ms).
    if (process.platform === 'linux') expect(counts.afterAuto).toBe(0);
    expect(counts.afterGpu).toBeGreaterThan(0);
  });
});
