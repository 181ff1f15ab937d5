import { type AttentionBackend, createReferenceBackend, energyFromLogSumExp, type Matrix, row } from '@dam/kernels';
import { checkQuery } from '@dam/kernels/internals';
import { checkInteger, checkPositive } from '../validate.js';

/** Options of {@link retrieve}. */
export interface RetrieveOptions {
  /** Inverse temperature `λ > 0` of Eq. (1). */
  readonly lambda: number;
  /** Step size `η ∈ (0, 1]` of the gradient descent on `E` (default 1: the attention update, Eq. 2). */
  readonly eta?: number | undefined;
  /** Largest number of updates (default 100, the paper's protocol). */
  readonly maxSteps?: number | undefined;
  /** Stop when `‖x_{t+1} − x_t‖²/N < tol` (default `1e-12`; `0` runs exactly `maxSteps` updates). */
  readonly tol?: number | undefined;
  /** Backend computing the attention step (default: the float64 reference backend of `@dam/kernels`). */
  readonly backend?: AttentionBackend | undefined;
  /** Pattern the final distance is measured to (default: row 0 of `patterns`, i.e. `ξ^1`). */
  readonly target?: Float32Array | undefined;
  /** Also return `E(x_t)` for `t = 0 … steps` (default false). */
  readonly energyTrace?: boolean | undefined;
}

/** Result of {@link retrieve}. */
export interface RetrieveResult {
  /** The final state `x_steps` (a fresh array). */
  readonly state: Float32Array;
  /** Number of updates performed. */
  readonly steps: number;
  /** Whether `‖x_{t+1} − x_t‖²/N < tol` was reached within `maxSteps` updates. */
  readonly converged: boolean;
  /** `‖x_steps − target‖²/N`: the retrieval criterion of the paper compares it with `ε = 0.01`. */
  readonly distance: number;
  /** `E(x_t)` of Eq. (1) for `t = 0 … steps` (only with `energyTrace: true`). */
  readonly energies?: Float64Array;
}

/** `‖a − b‖²` in float64. */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const d = (a[j] as number) - (b[j] as number);
    sum += d * d;
  }
  return sum;
}

/**
 * Gradient descent on the energy of Eq. (1) from `x0` at rate `η`:
 * `x_{t+1} = (1 − η) x_t + η Ξᵀ softmax(λ Ξ x_t)`, i.e. `x_{t+1} = x_t − η ∇E(x_t)`. With `η = 1`
 * (the default) this is the update rule of Eq. (2), one attention step. Iterates until
 * `‖x_{t+1} − x_t‖²/N < tol` or `maxSteps` updates, and reports the distance
 * `‖x − target‖²/N` used by the paper's retrieval criterion (`< ε`, with `ε = 0.01` in its
 * simulations). The state is kept in float32 (as the backends take it); the energy trace uses the
 * backend's log-sum-exp (`energyFromLogSumExp`).
 */
export function retrieve(patterns: Matrix, x0: Float32Array, options: RetrieveOptions): RetrieveResult {
  checkQuery(patterns, x0);
  const lambda = checkPositive('lambda', options.lambda);
  const eta = options.eta ?? 1;
  if (!(eta > 0 && eta <= 1)) throw new RangeError(`eta must be a number in (0, 1], got ${String(eta)}`);
  const maxSteps = checkInteger('maxSteps', options.maxSteps ?? 100, 0);
  const tol = checkPositive('tol', options.tol ?? 1e-12, true);
  const backend = options.backend ?? createReferenceBackend();
  const target = options.target ?? row(patterns, 0);
  checkQuery(patterns, target);
  const n = patterns.cols;
  const trace = options.energyTrace === true ? new Float64Array(maxSteps + 1) : undefined;

  let x = Float32Array.from(x0);
  let spare = new Float32Array(n);
  let steps = 0;
  let converged = false;
  while (steps < maxSteps) {
    const { next, logSumExp } = backend.step(patterns, x, lambda);
    if (trace) trace[steps] = energyFromLogSumExp(x, logSumExp, lambda);
    if (eta === 1) spare.set(next);
    else for (let j = 0; j < n; j++) spare[j] = (1 - eta) * (x[j] as number) + eta * (next[j] as number);
    const moved = squaredDistance(spare, x) / n;
    [x, spare] = [spare, x];
    steps += 1;
    if (moved < tol) {
      converged = true;
      break;
    }
  }
  const distance = squaredDistance(x, target) / n;
  if (!trace) return { state: x, steps, converged, distance };
  const { logSumExp } = backend.step(patterns, x, lambda);
  trace[steps] = energyFromLogSumExp(x, logSumExp, lambda);
  return { state: x, steps, converged, distance, energies: trace.slice(0, steps + 1) };
}
