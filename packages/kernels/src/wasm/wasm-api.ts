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
