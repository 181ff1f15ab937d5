// The in-page retrieval experiment of /simulate: the paper's protocol (P = round(e^{αN})
// patterns drawn with the seeds of @dam/dynamics, start at ξ^1, at most 100 attention updates,
// success iff ‖x − ξ^1‖²/N < 0.01) on a gpu.js backend of @dam/kernels — WebGL2 where the browser
// has it, WebGL 1 else, gpu.js's CPU mode as the last resort. It yields to the event loop between
// realisations, so that the page can draw the progress bar and the Cancel button works.

import { binomialStderr, patternCount, realisationBytes, realisationSeed, retrieve } from '@dam/dynamics';
import { type EnsembleName, samplePatterns } from '@dam/ensembles';
import { type AttentionBackend, createBackend, formatBytes, type GpuJsMode, gpuJsModes, MAX_MATRIX_ENTRIES, row } from '@dam/kernels';

/** What the page asks for. */
export interface SimulationRequest {
  readonly ensemble: EnsembleName;
  readonly N: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly samples: number;
  readonly seed: number;
}

/** The result of a finished (or cancelled) run. */
export interface SimulationResult {
  /** `gpu.js/webgl2`, `gpu.js/webgl` or `gpu.js/cpu`. */
  readonly backend: string;
  /** The gpu.js kernel class that ran, e.g. `WebGL2Kernel`. */
  readonly kernelClass: string;
  /** Why faster modes were not used (empty when WebGL2 ran). */
  readonly fallbackReason: string;
  readonly P: number;
  /** Realisations done (fewer than requested when cancelled). */
  readonly done: number;
  readonly successes: number;
  /** `successes / done`. */
  readonly rate: number;
  /** Binomial standard error of the rate. */
  readonly stderr: number;
  /** Attention updates computed. */
  readonly updates: number;
  /** Wall-clock seconds. */
  readonly seconds: number;
  readonly cancelled: boolean;
}

/** Bytes the page allows one realisation (patterns on the CPU plus their copy in GPU textures). */
export const TAB_MEMORY_BUDGET = 512 * 2 ** 20;

/** Bytes a realisation of size (N, P) holds in the page: the float32 patterns twice (drawn, and the backend's copy) plus per-pattern scratch (`realisationBytes`). */
export function pageBytes(N: number, P: number): number {
  return realisationBytes(N, P);
}

/**
 * Why a request cannot run in this tab, or `undefined` when it can: invalid numbers, or a pattern
 * matrix larger than {@link TAB_MEMORY_BUDGET} (then the message gives the memory needed and the
 * largest N and α that fit).
 */
export function simulationProblem(request: SimulationRequest, budget = TAB_MEMORY_BUDGET): string | undefined {
  const { N, alpha, lambda, samples, seed } = request;
  if (!(Number.isInteger(N) && N >= 2)) return `N must be an integer ≥ 2, got ${String(N)}`;
  if (!(Number.isFinite(alpha) && alpha > 0)) return `α must be a number > 0, got ${String(alpha)}`;
  if (!(Number.isFinite(lambda) && lambda > 0)) return `λ must be a number > 0, got ${String(lambda)}`;
  if (!(Number.isInteger(samples) && samples >= 1 && samples <= 10_000))
    return `samples must be an integer in [1, 10000], got ${String(samples)}`;
  if (!(Number.isSafeInteger(seed) && seed >= 0)) return `seed must be an integer ≥ 0, got ${String(seed)}`;
  const P = patternCount(N, alpha);
  const fits = (n: number, a: number): boolean => {
    const p = patternCount(n, a);
    return Number.isFinite(p) && p * n <= MAX_MATRIX_ENTRIES && pageBytes(n, p) <= budget;
  };
  if (fits(N, alpha)) return undefined;
  let nMax = N;
  while (nMax > 2 && !fits(nMax, alpha)) nMax -= 1;
  let alphaMax = alpha;
  while (alphaMax > 0.001 && !fits(N, alphaMax)) alphaMax = Math.floor(alphaMax * 0.98 * 1000) / 1000;
  const need = Number.isFinite(P)
    ? `P = round(e^(αN)) = ${P.toExponential(3)} patterns of dimension ${N}: ${formatBytes(pageBytes(N, P))}`
    : `P = e^(${(alpha * N).toFixed(1)}) patterns: more than any memory`;
  const advice = [
    nMax > 2 || fits(2, alpha) ? `N ≤ ${nMax} at α = ${alpha}` : undefined,
    alphaMax > 0.001 ? `α ≤ ${alphaMax} at N = ${N}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', or ');
  return `Too large for this tab: ${need}, more than the ${formatBytes(budget)} a page may use. Try ${advice || 'a smaller N and α'} — or run it with the dam CLI, which streams patterns and uses every core.`;
}

/** The backend the page runs on: the first gpu.js mode that works here among webgl2, webgl, cpu. */
export async function pageBackend(): Promise<{ backend: AttentionBackend & { kernelClass?: string }; reason: string }> {
  const modes = await gpuJsModes();
  const reasons: string[] = [];
  for (const mode of ['webgl2', 'webgl', 'cpu'] as const satisfies readonly GpuJsMode[]) {
    const info = modes.find((entry) => entry.mode === mode);
    if (info?.available === true) {
      try {
        return { backend: await createBackend(`gpu.js/${mode}`), reason: reasons.join('; ') };
      } catch (error) {
        reasons.push(`${mode}: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      reasons.push(`${mode}: ${info?.reason ?? 'not listed'}`);
    }
  }
  throw new Error(`no gpu.js backend works in this browser (${reasons.join('; ')})`);
}

/** Lets the browser paint (and handle a click on Cancel) between realisations. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs the experiment: realisation `r` draws its patterns with `samplePatterns` and
 * `realisationSeed(seed, r)` (the seeds of `successRate` of @dam/dynamics), runs `retrieve` from
 * `ξ^1` for at most 100 updates and succeeds iff `‖x − ξ^1‖²/N < 0.01`. Calls `onProgress`
 * after every realisation with the partial result; stops between realisations when `signal` aborts
 * (the result then says `cancelled` and covers the realisations done).
 */
export async function runSimulation(
  request: SimulationRequest,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (partial: SimulationResult) => void } = {},
): Promise<SimulationResult> {
  const problem = simulationProblem(request);
  if (problem !== undefined) throw new RangeError(problem);
  const { ensemble, N, alpha, lambda, samples, seed } = request;
  const P = patternCount(N, alpha);
  const started = performance.now();
  const { backend, reason } = await pageBackend();
  let done = 0;
  let successes = 0;
  let updates = 0;
  const snapshot = (cancelled: boolean): SimulationResult => ({
    backend: backend.name,
    kernelClass: backend.kernelClass ?? '',
    fallbackReason: reason,
    P,
    done,
    successes,
    rate: done > 0 ? successes / done : 0,
    stderr: done > 0 ? binomialStderr(successes, done) : 0,
    updates,
    seconds: (performance.now() - started) / 1000,
    cancelled,
  });
  try {
    for (let r = 0; r < samples; r++) {
      await yieldToPage();
      if (options.signal?.aborted === true) return snapshot(true);
      const patterns = samplePatterns({ ensemble, dimension: N, seed: realisationSeed(seed, r), count: P });
      const target = row(patterns, 0);
      const run = retrieve(patterns, target, { lambda, backend, maxSteps: 100, target });
      updates += run.steps;
      if (run.distance < 0.01) successes += 1;
      done += 1;
      options.onProgress?.(snapshot(false));
    }
    return snapshot(false);
  } finally {
    backend.dispose();
  }
}
