// The Matrix shape lives in the private @dam/core (bundled at build time), shared with @dam/ensembles.
export { createMatrix, formatBytes, MAX_MATRIX_ENTRIES, type Matrix, row } from '@dam/core';
