// The WebAssembly glue lives in the private @dam/core (bundled at build time), shared with @dam/ensembles.
export { type WasmApi, type WasmInstance, type WasmMemory, decodeBase64, instantiateWithMemory, wasmApi } from '@dam/core';
