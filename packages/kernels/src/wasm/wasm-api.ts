// The WebAssembly glue lives in the private @dam/core (bundled at build time), shared with @dam/ensembles.
export { decodeBase64, instantiateWithMemory, type WasmApi, type WasmInstance, type WasmMemory, wasmApi } from '@dam/core';
