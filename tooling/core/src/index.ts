// Private workspace package: what @dam/kernels and @dam/ensembles share. Each bundles it at build
// time (tsup `noExternal`), so neither published package depends on the other or on this one.
export { type Matrix, MAX_MATRIX_ENTRIES, createMatrix, formatBytes, row } from './matrix.js';
export { type WasmApi, type WasmInstance, type WasmMemory, decodeBase64, instantiateWithMemory, wasmApi } from './wasm-api.js';
