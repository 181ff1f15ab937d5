import type { Matrix } from './matrix.js';
import type { StepRounding } from './rounding.js';

/** Result of one attention step: the new state and the log-partition function it came with. */
export interface StepResult {
  /** `x' = Ξᵀ softmax(λ Ξ x)` (Eq. 2), length `N`. */
  readonly next: Float32Array;
  /** `log Σ_μ exp(λ ξ^μ·x)` (float64), so that `E(x) = −lse/λ + ½‖x‖²` (Eq. 1) comes for free. */
  readonly logSumExp: number;
}

/** Result of a batched attention step: one row of `next` and one `logSumExp` per query. */
export interface BatchStepResult {
  /** `B × N`: row `b` is the step from query `b`. */
  readonly next: Matrix;
  /** `log Σ_μ exp(λ ξ^μ·x_b)` for each query `b`. */
  readonly logSumExp: Float64Array;
}

/**
 * The operations of attention on a pattern matrix `Ξ` (`P × N`, one pattern per row), behind
 * one interface so that every backend (float64 reference, JavaScript, WebAssembly SIMD,
 * gpu.js) is interchangeable and testable against the reference. All methods are synchronous
 * and leave their inputs unchanged. Inputs are validated (dimensions, finite λ ≥ 0).
 */
export interface AttentionBackend {
  /** Identifier, e.g. `reference`, `js`, `wasm-simd`, `gpu.js/headlessgl`. */
  readonly name: string;
  /** Scores `s = Ξx` (length `P`): the overlaps `ξ^μ·x`. */
  scores(patterns: Matrix, x: Float32Array): Float32Array;
  /** Batched scores `S = X Ξᵀ` for `B` queries (rows of `queries`, `B × N`): a `B × P` matrix. */
  batchedScores(patterns: Matrix, queries: Matrix): Matrix;
  /** The fused attention step of Eq. (2), `x' = Ξᵀ softmax(λΞx)`, with a stable (max-shifted or online) softmax. */
  step(patterns: Matrix, x: Float32Array, lambda: number): StepResult;
  /**
   * Optional: the step of {@link step} written into `out` (length `N`; it may be `x` itself) instead
   * of a fresh array, returning the log-sum-exp: bit for bit the same numbers as `step`, without
   * allocating — for hot loops that iterate the update many times. Callers fall back to `step` when
   * a backend does not provide it, and prefer it when it does: a wrapper that changes `step` (say
   * `{ ...backend, step }`) must change or drop `stepInto` as well.
   */
  stepInto?(patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number;
  /** The attention step for `B` queries at once (rows of `queries`). */
  stepBatch(patterns: Matrix, queries: Matrix, lambda: number): BatchStepResult;
  /**
   * Optional: the rounding model of this backend's steps for `P` patterns of dimension `N`,
   * computed `queries` at a time (default 1: `step` and `stepInto`; a batch's size for
   * `stepBatch`), derived from its arithmetic: {@link stepErrorFromRounding} turns it into a bound
   * on the error of a step, usually far below what the `1e-4` contract implies. Callers fall back
   * to the contract when a backend does not provide it. A wrapper that changes `step` must drop it
   * (or supply its own), as for `stepInto`.
   */
  stepRounding?(P: number, N: number, queries?: number): StepRounding;
  /**
   * Optional, for backends that keep a copy of pattern matrices (keyed by their `data` array):
   * drops the copy of `patterns`. Call it when done with a matrix, or before reusing or mutating
   * its array. A backend that keeps no copies needs none.
   */
  invalidate?(patterns: Matrix): void;
  /** Frees native or GPU resources (no-op for pure JavaScript backends). */
  dispose(): void;
}
