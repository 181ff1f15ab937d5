import { KERNEL_WASM_BASE64 } from './kernel.generated.js';
import { decodeBase64, wasmApi } from './wasm-api.js';

/**
 * A tiny module that uses a SIMD instruction: `(func (result v128) (v128.const i32x4 0 0 0 0))`.
 * `WebAssembly.validate` accepts it exactly when the engine supports fixed-width SIMD.
 */
const SIMD_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type section: () -> v128
  0x03,
  0x02,
  0x01,
  0x00, // function section: one function of type 0
  0x0a,
  0x16,
  0x01,
  0x14,
  0x00, // code section: one body of 20 bytes, no locals
  0xfd,
  0x0c,
  ...new Array<number>(16).fill(0), // v128.const 0
  0x0b, // end
]);

let kernelBytes: Uint8Array | undefined;
/** The assembled kernel (kernel.wat), decoded once. */
export function kernel(): Uint8Array {
  kernelBytes ??= decodeBase64(KERNEL_WASM_BASE64);
  return kernelBytes;
}

/** Whether the `wasm-simd` backend can run here, and why (or why not). */
export interface WasmSimdAvailability {
  /** `true` when WebAssembly with fixed-width SIMD (f32x4) is supported. */
  readonly available: boolean;
  /** A one-line explanation, e.g. what is missing. */
  readonly reason: string;
}

/**
 * Reports whether WebAssembly SIMD (f32x4/f64x2) is available in this runtime, by
 * `WebAssembly.validate` on a tiny SIMD module and then on the kernel itself.
 */
export function wasmSimdAvailable(): WasmSimdAvailability {
  const api = wasmApi();
  if (api === undefined || typeof api.validate !== 'function') {
    return { available: false, reason: 'WebAssembly is not available in this runtime' };
  }
  try {
    if (!api.validate(SIMD_PROBE)) {
      return { available: false, reason: 'this WebAssembly engine does not support fixed-width SIMD (v128)' };
    }
    if (!api.validate(kernel())) {
      return { available: false, reason: 'this WebAssembly engine rejects the SIMD attention kernel (missing SIMD instructions)' };
    }
  } catch (error) {
    return { available: false, reason: `WebAssembly validation failed: ${String(error)}` };
  }
  return { available: true, reason: 'WebAssembly fixed-width SIMD (f32x4, f64x2) is supported' };
}
