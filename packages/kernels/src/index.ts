export { type Matrix, MAX_MATRIX_ENTRIES, createMatrix, formatBytes, row } from './matrix.js';
export type { AttentionBackend, BatchStepResult, StepResult } from './backend.js';
export { checkQueries, checkQuery, checkStep } from './validate.js';
export { createReferenceBackend } from './reference/reference-backend.js';
export { energyFromLogSumExp } from './energy.js';
export { BACKEND_NAMES, type BackendName, createBackend } from './registry.js';
