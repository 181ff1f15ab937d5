import { type WasmInstance, instantiateWithMemory } from '@dam/kernels';
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
    chunk: number,
    normalise: number,
  ): void;
}

const PAGE = 65_536;
/** Float32 entries of one block of output rows (1 MiB): bounds the WebAssembly memory the sampler keeps. */
const BLOCK_ENTRIES = 1 << 18;
/**
 * Bytes of the records of one chunk of rows (32 bytes per pair of normals; the chunk's scratch, about
 * twice that, stays in the L2 cache while normals.wat makes its three passes over the chunk).
 */
const CHUNK_RECORD_BYTES = 1 << 17;
/** Widest row the WebAssembly sampler takes (its scratch is about 32·N bytes); wider rows use JavaScript. */
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
 * (row-major, `count × n` float32), each row from its own stream `rowStream(seed, row)` by
 * Marsaglia's polar method with `portableLog`, scaled to norm `√n` when `normalise` (the spherical
 * ensemble): bit-identical to the JavaScript samplers of `sampler.ts`, several times faster. Returns
 * `false` (and writes nothing) when WebAssembly SIMD is unavailable or `n` exceeds
 * {@link MAX_WASM_DIMENSION}; the caller then uses the JavaScript path.
 */
export function fillNormalRows(
  seed: number,
  firstRow: number,
  count: number,
  n: number,
  out: Float32Array,
  normalise: boolean,
): boolean {
  if (n > MAX_WASM_DIMENSION) return false;
  const wasm = instance();
  if (wasm === null) return false;
  const pairs = (n + 1) >> 1;
  const block = Math.max(1, Math.min(count, Math.floor(BLOCK_ENTRIES / n)));
  const chunk = Math.max(1, Math.min(block, Math.floor(CHUNK_RECORD_BYTES / (pairs * 32))));
  // The layout of normals.wat: the block's rows at 0, then the scratch (constants, chunk states,
  // padding, the records with 16 dummies, the blocks of the scales pass), with some slack.
  const scrOffset = align(block * n * 4);
  const needed = scrOffset + 512 + chunk * 16 + 384 + (chunk * pairs + 16) * 32 + (chunk * pairs + 24) * 32 + 256;
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
    wasm.exports.normalRows(seedLow, seedHigh, row >>> 0, rowHigh, rows, n, 0, scrOffset, chunk, normalise ? 1 : 0);
    out.set(new Float32Array(wasm.memory.buffer, 0, rows * n), done * n);
  }
  return true;
}
