export { type Matrix, MAX_MATRIX_ENTRIES, createMatrix, formatBytes, row } from './matrix.js';
