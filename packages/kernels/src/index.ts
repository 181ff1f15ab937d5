export { type AutoChoice, type BackendProbe, chooseAutoBackend, type ProbeOptions, probeBackends } from './auto.js';
export type { AttentionBackend, BatchStepResult, StepResult } from './backend.js';
export { energyFromLogSumExp } from './energy.js';
export { createGpuJsBackend, type GpuJsBackend, type GpuJsBackendOptions } from './gpu/gpu-js-backend.js';
export { GPU_JS_MODES, type GpuJsMode, type GpuJsModeInfo, gpuJsModes } from './gpu/gpu-js-module.js';
export { createJsBackend } from './js/js-backend.js';
export { createMatrix, formatBytes, MAX_MATRIX_ENTRIES, type Matrix, row } from './matrix.js';
export { createReferenceBackend } from './reference/reference-backend.js';
export { referenceRounding } from './reference/reference-rounding.js';
export { BACKEND_NAMES, type BackendName, createBackend } from './registry.js';
export {
  gamma32,
  type LogSumExpErrorInputs,
  logSumExpErrorFromRounding,
  type StepErrorInputs,
  type StepRounding,
  stepErrorFromRounding,
} from './rounding.js';
export { KERNELS_VERSION } from './version.js';
export { type WasmSimdAvailability, wasmSimdAvailable } from './wasm/availability.js';
export { wasmSimdRounding } from './wasm/rounding-model.js';
export { createWasmSimdBackend, type WasmSimdBackend } from './wasm/wasm-backend.js';
