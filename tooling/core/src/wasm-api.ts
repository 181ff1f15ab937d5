// The few WebAssembly JS-API types dam uses, declared here because the packages compile without
// the DOM lib (and @types/node does not declare them). Read from globalThis, so that a runtime
// without WebAssembly is detected instead of crashing at import.

/** A `WebAssembly.Memory`, as far as dam uses it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

/** The `WebAssembly` namespace, as far as dam uses it. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

/** This runtime's `WebAssembly` namespace, or `undefined` where there is none. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** Bytes of a base64 string (how the assembled `.wasm` modules are embedded in the bundles). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A WebAssembly instance with its own memory (see {@link instantiateWithMemory}). */
export interface WasmInstance<Exports> {
  readonly exports: Exports;
  readonly memory: WasmMemory;
}

/**
 * Instantiates an assembled module (`base64`, importing `env.memory`) with a fresh memory of one
 * page (growable to 4 GiB), or returns `null` where there is no WebAssembly, or it rejects the
 * module (no fixed-width SIMD). The shape of `Exports` is the caller's promise.
 */
export function instantiateWithMemory<Exports>(base64: string): WasmInstance<Exports> | null {
  const api = wasmApi();
  if (api === undefined || typeof api.validate !== 'function') return null;
  try {
    const bytes = decodeBase64(base64);
    if (!api.validate(bytes)) return null;
    const memory = new api.Memory({ initial: 1, maximum: 65_536 });
    const exports = new api.Instance(new api.Module(bytes), { env: { memory } }).exports as Exports;
    return { exports, memory };
  } catch {
    return null;
  }
}
