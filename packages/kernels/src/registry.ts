import type { AttentionBackend } from './backend.js';
import { createGpuJsBackend } from './gpu/gpu-js-backend.js';
import { GPU_JS_MODES, type GpuJsMode } from './gpu/gpu-js-module.js';
import { createJsBackend } from './js/js-backend.js';
import { createReferenceBackend } from './reference/reference-backend.js';
import { createWasmSimdBackend } from './wasm/wasm-backend.js';

/** Names accepted by {@link createBackend}: the CPU backends and one per gpu.js mode. */
export type BackendName = 'wasm-simd' | 'js' | 'reference' | `gpu.js/${GpuJsMode}`;

/** Every concrete backend name: the CPU ones in order of expected speed, then the gpu.js modes. */
export const BACKEND_NAMES: readonly BackendName[] = [
  'wasm-simd',
  'js',
  'reference',
  ...GPU_JS_MODES.map((mode): BackendName => `gpu.js/${mode}`),
];

/**
 * Creates a backend by name (what worker threads and the CLI receive), or the one `auto` picks
 * (see `chooseAutoBackend`). Async because some backends load WebAssembly or GPU code on demand.
 * Throws a `RangeError` listing the names for an unknown name, and the backend's own error
 * (saying why) when it cannot run here.
 */
export async function createBackend(name: string): Promise<AttentionBackend> {
  if (name === 'auto') {
    const { chooseAutoBackend } = await import('./auto.js');
    return createBackend((await chooseAutoBackend()).name);
  }
  switch (name) {
    case 'wasm-simd':
      return createWasmSimdBackend();
    case 'js':
      return createJsBackend();
    case 'reference':
      return createReferenceBackend();
    default: {
      const mode = name.startsWith('gpu.js/') ? name.slice('gpu.js/'.length) : undefined;
      if (mode !== undefined && (GPU_JS_MODES as readonly string[]).includes(mode)) {
        return createGpuJsBackend({ mode: mode as GpuJsMode });
      }
      throw new RangeError(`backend must be auto or one of ${BACKEND_NAMES.join(', ')}; got ${name}`);
    }
  }
}
