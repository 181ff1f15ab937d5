export { type Matrix, MAX_MATRIX_ENTRIES, createMatrix, formatBytes, row } from './matrix.js';
export type { AttentionBackend, BatchStepResult, StepResult } from './backend.js';
export {
  type LogSumExpErrorInputs,
  type StepErrorInputs,
  type StepRounding,
  gamma32,
  logSumExpErrorFromRounding,
  stepErrorFromRounding,
} from './rounding.js';
export { checkOut, checkQueries, checkQuery, checkStep } from './validate.js';
export { createReferenceBackend } from './reference/reference-backend.js';
export { energyFromLogSumExp } from './energy.js';
export { BACKEND_NAMES, type BackendName, createBackend } from './registry.js';
export { type AutoChoice, type BackendProbe, type ProbeOptions, chooseAutoBackend, probeBackends } from './auto.js';
export { createJsBackend } from './js/js-backend.js';
export {
  type WasmSimdAvailability,
  type WasmSimdBackend,
  createWasmSimdBackend,
  wasmSimdAvailable,
  wasmSimdRounding,
} from './wasm/wasm-backend.js';
export { type GpuJsBackend, type GpuJsBackendOptions, createGpuJsBackend } from './gpu/gpu-js-backend.js';
export { GPU_JS_MODES, type GpuJsMode, type GpuJsModeInfo, gpuJsModes } from './gpu/gpu-js-module.js';
export { type WasmApi, type WasmInstance, type WasmMemory, decodeBase64, instantiateWithMemory, wasmApi } from './wasm/wasm-api.js';
export { KERNELS_VERSION } from './version.js';
