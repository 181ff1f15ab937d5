import { describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';

async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('dam bench', () => {
  it('times the step of the chosen backends on the given problem (JSON)', async () => {
    const { code, stdout, stderr } = await dam('bench', '--P', '300', '--N', '7', '--repeats', '3', '--backends', 'js,reference', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      P: number;
      N: number;
      backends: { name: string; available: boolean; msPerStep: number; gflops: number }[];
    };
    expect(report).toMatchObject({ P: 300, N: 7 });
    expect(report.backends.map((b) => b.name)).toEqual(['js', 'reference']);
    for (const backend of report.backends) {
      expect(backend.available).toBe(true);
      // GFLOP/s is 4PN flops over the measured time.
      expect(backend.gflops).toBeCloseTo((4 * 300 * 7) / (backend.msPerStep * 1e6), 9);
    }
  });

  it.each([
    [['--P', '0'], '--P: "0" is not allowed; expected an integer between 1 and 100000000'],
    [
      ['--backends', 'js,cuda'],
      '--backends: "cuda" is not allowed; expected backend names separated by commas, from wasm-simd, js, reference, gpu.js/gpu, gpu.js/webgl2, gpu.js/webgl, gpu.js/headlessgl, gpu.js/cpu',
    ],
    [
      ['--P', '100000000', '--N', '100'],
      '--P: 100000000 x --N 100 = 10000000000 floats is too large for one matrix; expected P x N <= 2^28',
    ],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await dam('bench', ...args);
    expect(stdout).toBe('');
    expect(stderr).toBe(`dam: ${message}\n`);
    expect(code).toBe(2);
  });
});
