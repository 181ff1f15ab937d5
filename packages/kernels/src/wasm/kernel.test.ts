import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernel, GENERATED_PATH, generatedSource, WAT_PATH } from './build-kernel.mjs';
import { KERNEL_WASM_BASE64 } from './kernel.generated.js';

interface ExpExports {
  weights(s: number, count: number, padded: number, beta: number, m: number, w: number): number;
  pack(src: number, dst: number, rows: number, cols: number, n: number): void;
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

  it('weights at exact ties: u = β·s − m = −½, −1½, …, −126½ give 2^u (nearest(u) rounds ties to even, and so does the exponent)', () => {
    const { exports, memory } = instantiate();
    const count = 127;
    const wOffset = 1024 + 128 * 4;
    const scores = new Float32Array(memory.buffer, 1024, 128);
    const weights = new Float32Array(memory.buffer, wOffset, 128);
    // The same exponents three ways: β = 1 and m = 0; β = 1 and m = 40 (scores 40 + u); β = ¼ and m = 10.
    for (const [beta, m] of [
      [1, 0],
      [1, 40],
      [0.25, 10],
    ] as const) {
      for (let i = 0; i < count; i++) scores[i] = (m + (-i - 0.5)) / beta;
      exports.weights(1024, count, 128, beta, m, wOffset);
      for (let i = 0; i < count; i++) {
        const u = beta * (scores[i] as number) - m;
        expect(u, 'the exponent is an exact tie').toBe(-i - 0.5);
        const exact = 2 ** u;
        const w = weights[i] as number;
        if (exact >= 2 ** -126) expect(Math.abs(w - exact) / exact, `β = ${beta}, m = ${m}, u = ${u}`).toBeLessThan(3e-7);
        else expect(w, `u = ${u}: subnormal or 0`).toBeLessThanOrEqual(2 ** -126);
      }
    }
  });

  it('pack: the super-block layout (ξ^μ_j at (μ>>4)·n·16 + j·16 + (μ&15) floats, zeros elsewhere), bits unchanged', () => {
    const { exports, memory } = instantiate();
    // Full and partial super-blocks, column counts on and off multiples of 4, padding columns.
    for (const [rows, cols, n] of [
      [1, 1, 2],
      [16, 4, 4],
      [37, 7, 8],
      [48, 45, 46],
      [35, 12, 14],
      [17, 2, 2],
    ] as const) {
      const src = 1024;
      const dst = src + ((rows * cols * 4 + 63) & ~63) + 64;
      const blocks = Math.ceil(rows / 16);
      const bits = new Uint32Array(memory.buffer, src, rows * cols);
      for (let i = 0; i < bits.length; i++) bits[i] = (Math.imul(i + 1, 0x9e3779b1) ^ 0x7fc00001) >>> 0; // NaN payloads too
      const out = new Uint32Array(memory.buffer, dst, blocks * n * 16);
      out.fill(0xdeadbeef); // every float must be written
      exports.pack(src, dst, rows, cols, n);
      const expected = new Uint32Array(blocks * n * 16);
      for (let mu = 0; mu < rows; mu++) {
        for (let j = 0; j < cols; j++) expected[(mu >> 4) * n * 16 + j * 16 + (mu & 15)] = bits[mu * cols + j] as number;
      }
      expect(Array.from(out), `rows ${rows}, cols ${cols}, n ${n}`).toEqual(Array.from(expected));
    }
  });
});
