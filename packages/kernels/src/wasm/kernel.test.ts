import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, WAT_PATH, assembleKernel, generatedSource } from './build-kernel.mjs';
import { KERNEL_WASM_BASE64 } from './kernel.generated.js';

interface ExpExports {
  weights(s: number, count: number, padded: number, beta: number, m: number, w: number): number;
}

/** The WebAssembly JS API (not declared by the package's type libraries). */
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      validate(bytes: Uint8Array): boolean;
      Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: object };
    };
  }
).WebAssembly;

/** Instantiates the committed kernel with a fresh memory. */
function instantiate(): { exports: ExpExports; memory: { buffer: ArrayBuffer } } {
  const memory = new wasm.Memory({ initial: 4, maximum: 65_536 });
  const module = new wasm.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
  const instance = new wasm.Instance(module, { env: { memory } });
  return { exports: instance.exports as ExpExports, memory };
}

describe('kernel.wat', () => {
  it('kernel.generated.ts is up to date with kernel.wat (else run `pnpm --filter @dam/kernels build:wasm`)', async () => {
    const bytes = await assembleKernel(readFileSync(WAT_PATH, 'utf8'));
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generatedSource(bytes));
    expect(wasm.validate(bytes)).toBe(true);
  });

  it('stays within 4096 bytes, so that browsers compile it synchronously on the main thread', () => {
    expect(Buffer.from(KERNEL_WASM_BASE64, 'base64').length).toBeLessThanOrEqual(4096);
  });

  it('weights: 2^(β·s − m) with relative error < 3e-7 against Math.exp (f64 range reduction, f32 polynomial ≤ 2.2e-7)', () => {
    const { exports, memory } = instantiate();
    const count = 4003; // not a multiple of 4: exercises the tail
    const scores = new Float32Array(memory.buffer, 1024, 4016);
    for (let i = 0; i < count; i++) scores[i] = -745 + (745 * i) / (count - 1); // x from −745 to 0
    const lambda = 1;
    // The kernel works in base 2: β = λ·log2(e).
    const sum = exports.weights(1024, count, 4016, lambda * Math.LOG2E, 0, 1024 + 4016 * 4 + 64);
    const weights = new Float32Array(memory.buffer, 1024 + 4016 * 4 + 64, 4016);
    let expected = 0;
    let worst = 0;
    let tiny = 0;
    for (let i = 0; i < count; i++) {
      const exact = Math.exp(lambda * (scores[i] as number));
      expected += exact;
      const w = weights[i] as number;
      // Normal float32 range: relative error; below it the weight is subnormal or flushed to 0.
      if (exact >= 2 ** -126) worst = Math.max(worst, Math.abs(w - exact) / exact);
      else tiny = Math.max(tiny, w);
    }
    expect(worst).toBeLessThan(3e-7);
    expect(worst).toBeGreaterThan(0); // the check does look at the float32 rounding
    expect(tiny).toBeLessThanOrEqual(2 ** -126);
    expect(Array.from(weights.subarray(count))).toEqual(new Array(4016 - count).fill(0)); // padding rows
    // The sum is of the f32 weights (in f64): within their relative error.
    expect(Math.abs(sum - expected) / expected).toBeLessThan(3e-7);
    // 2^0 = 1 exactly (λ = 0: uniform weights, logSumExp = log P exactly).
    scores.fill(0);
    expect(exports.weights(1024, 5, 16, 0, 0, 1024 + 4016 * 4 + 64)).toBe(5);
  });
});
