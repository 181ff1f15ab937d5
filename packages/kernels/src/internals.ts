// @dam/kernels/internals — UNSTABLE: the input checks every backend shares and the WebAssembly glue
// (also used by @dam/dynamics' certificates). Exported for packages built on @dam/kernels; any
// release may change them. The backends, Matrix and the rounding models are in the root.
export { checkOut, checkQueries, checkQuery, checkStep } from './validate.js';
export { decodeBase64, instantiateWithMemory, type WasmApi, type WasmInstance, type WasmMemory, wasmApi } from './wasm/wasm-api.js';
