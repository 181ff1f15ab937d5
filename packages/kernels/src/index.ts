export { type Matrix, MAX_MATRIX_ENTRIES, createMatrix, formatBytes, row } from './matrix.js';
export type { AttentionBackend, BatchStepResult, StepResult } from './backend.js';
