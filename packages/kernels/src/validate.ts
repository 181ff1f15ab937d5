import type { Matrix } from './matrix.js';

/** Throws a `RangeError` unless `x` has length `patterns.cols` (the dimension `N`). */
export function checkQuery(patterns: Matrix, x: Float32Array): void {
  if (x.length !== patterns.cols) {
    throw new RangeError(`x has length ${x.length}, expected the pattern dimension N = ${patterns.cols}`);
  }
}

/** Throws a `RangeError` unless the output array `out` has length `patterns.cols` (the dimension `N`). */
export function checkOut(patterns: Matrix, out: Float32Array): void {
  if (out.length !== patterns.cols) {
    throw new RangeError(`out has length ${out.length}, expected the pattern dimension N = ${patterns.cols}`);
  }
}

/** Throws a `RangeError` unless `queries` has `patterns.cols` columns. */
export function checkQueries(patterns: Matrix, queries: Matrix): void {
  if (queries.cols !== patterns.cols) {
    throw new RangeError(`queries have ${queries.cols} columns, expected the pattern dimension N = ${patterns.cols}`);
  }
}

/** Throws a `RangeError` unless `lambda` is finite and `≥ 0`, or when there are no patterns to attend to. */
export function checkStep(patterns: Matrix, lambda: number): void {
  if (!(lambda >= 0 && Number.isFinite(lambda))) {
    throw new RangeError(`lambda must be a finite number ≥ 0, got ${String(lambda)}`);
  }
  if (patterns.rows === 0) throw new RangeError('patterns must have at least one row (P ≥ 1) for an attention step');
}
