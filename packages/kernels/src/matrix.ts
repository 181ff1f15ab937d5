// The Matrix shape lives in the private @dam/core (bundled at build time), shared with @dam/ensembles.
export { type Matrix, MAX_MATRIX_ENTRIES, createMatrix, formatBytes, row } from '@dam/core';
