import { instantiateWithMemory, type WasmInstance } from '@dam/core';
import { NORMALS_WASM_BASE64 } from './normals.generated.js';

interface NormalsExports {
  normalRows(
    seedLow: number,
    seedHigh: number,
    rowLow: number,
    rowHigh: number,
    count: number,
    n: number,
    out: number,
    scr: number,
    normalise: number,
  ): void;
}

const PAGE = 65_536;
/** Float32 entries of one block of output rows (1 MiB): bounds the WebAssembly memory the sampler keeps. */
const BLOCK_ENTRIES = 1 << 18;
/** Widest row the WebAssembly sampler takes (its scratch is about 28·N bytes); wider rows use JavaScript. */
export const MAX_WASM_DIMENSION = 1 << 20;

let sampler: WasmInstance<NormalsExports> | null | undefined;

/** The instantiated sampler of this thread, or `null` when WebAssembly SIMD is not available here. */
function instance(): WasmInstance<NormalsExports> | null {
  if (sampler === undefined) sampler = instantiateWithMemory<NormalsExports>(NORMALS_WASM_BASE64);
  return sampler;
}

/** Whether {@link fillNormalRows} runs on WebAssembly SIMD here (else callers use the JavaScript path). */
export function wasmNormalsAvailable(): boolean {
  return instance() !== null;
}

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * Rows `firstRow … firstRow + count − 1` of `n` standard normals under `seed` into `out`
 * (row-major, `count × n` float32), each row from its own stream `rowStream(seed, row)` by the
 * float32 Box–Muller transform of `fillNormal32` (normal32.ts), scaled to norm `√n` when
 * `normalise` (the spherical ensemble): bit-identical to the JavaScript samplers of `sampler.ts`,
 * several times faster. Returns `false` (and writes nothing) when WebAssembly SIMD is unavailable
 * or `n` exceeds {@link MAX_WASM_DIMENSION}; the caller then uses the JavaScript path.
 */
export function fillNormalRows(seed: number, firstRow: number, count: number, n: number, out: Float32Array, normalise: boolean): boolean {
  if (n > MAX_WASM_DIMENSION) return false;
  const wasm = instance();
  if (wasm === null) return false;
  const block = Math.max(1, Math.min(count, Math.floor(BLOCK_ENTRIES / n)));
  // The layout of normals.wat: the block's rows at 0, then the scratch (constants, four row states,
  // the work area of 48 bytes per pair of columns, a dummy row for the lanes past the last row).
  const scrOffset = align(block * n * 4);
  const needed = scrOffset + 512 + 64 + 48 * ((n + 1) >> 1) + align(n * 4) + 64;
  const have = wasm.memory.buffer.byteLength;
  if (needed > have) wasm.memory.grow(Math.ceil((needed - have) / PAGE));
  // The row states are hashed in WebAssembly (rowStreamStateInto of random.ts) from the 32-bit
  // halves of the seed and of the first row.
  const seedLow = seed >>> 0;
  const seedHigh = Math.floor(seed / 2 ** 32) >>> 0;
  for (let done = 0; done < count; done += block) {
    const rows = Math.min(block, count - done);
    const row = firstRow + done;
    const rowHigh = Math.floor(row / 2 ** 32) >>> 0;
    wasm.exports.normalRows(seedLow, seedHigh, row >>> 0, rowHigh, rows, n, 0, scrOffset, normalise ? 1 : 0);
    out.set(new Float32Array(wasm.memory.buffer, 0, rows * n), done * n);
  }
  return true;
}
