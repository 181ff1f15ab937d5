// Private workspace package: what @dam/kernels and @dam/ensembles share. Each bundles it at build
// time (tsup `noExternal`), so neither published package depends on the other or on this one.
export { createMatrix, formatBytes, MAX_MATRIX_ENTRIES, type Matrix, row } from './matrix.js';
export { decodeBase64, instantiateWithMemory, type WasmApi, type WasmInstance, type WasmMemory, wasmApi } from './wasm-api.js';
