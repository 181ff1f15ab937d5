import { checkEnsembleName, checkSeed, type EnsembleName } from '@dam/ensembles';
import { chooseAutoBackend, createBackend } from '@dam/kernels';
import { type ProtocolSettings, protocolSettings } from '../protocol/settings.js';
import { defaultMemoryBudget, defaultWorkers, hasWorkerThreads } from '../runtime/host.js';
import { checkExperimentSize } from '../runtime/memory.js';
import type { Progress } from '../runtime/pool.js';
import { checkCallback, checkInteger, checkPositive } from '../validate.js';
import { type PatternStorageOptions, type StorageSettings, storageSettings } from './storage.js';

/** Options shared by every experiment. */
export interface ExperimentOptions {
  /**
   * Name of the attention backend each worker creates with `createBackend(name)` of
   * `@dam/kernels` (default `'auto'`: the backend `chooseAutoBackend` measures fastest here).
   * Results are reproducible for a given backend; different backends round differently and may
   * flip runs that sit exactly at the retrieval boundary — pass a name to pin it.
   */
  readonly backend?: string | undefined;
  /** Worker threads (default: `os.availableParallelism()` in Node, 0 in a browser); `0` runs in the calling thread. */
  readonly workers?: number | undefined;
  /** Cancels the experiment: it rejects promptly with an `AbortError` and terminates its workers. */
  readonly signal?: AbortSignal | undefined;
  /** Called after each unit of work with `{ done, total }`. */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Bytes the realisations may use, shared by the workers (default: half of `os.totalmem()`; 1 GiB in a browser). */
  readonly memoryBudget?: number | undefined;
  /** Attention updates per run (default 100, the paper's protocol). */
  readonly maxSteps?: number | undefined;
  /** Retrieval threshold `ε` on `‖x − ξ‖²/N` (default 0.01, the paper's). */
  readonly epsilon?: number | undefined;
  /**
   * Stop runs whose outcome is already certain (default true). The outcome, hence every number an
   * experiment returns, is exactly that of the full runs; `false` runs every update (for checks).
   */
  readonly earlyStop?: boolean | undefined;
}

/** The size and randomness of an experiment's realisations. */
export interface SizeOptions {
  /** Ensemble of the patterns (`spherical`, `gaussian` or `binary`). */
  readonly ensemble: EnsembleName;
  /** Dimension `N`. */
  readonly N: number;
  /** Load `α`: `P = round(e^{αN})` patterns. */
  readonly alpha: number;
  /** Number of realisations (independent pattern sets). */
  readonly samples: number;
  /** Experiment seed; realisation `r` uses `realisationSeed(seed, r)`. */
  readonly seed: number;
}

/** Everything an experiment needs once its options are checked. */
export interface Prepared {
  /**
   * The resolved backend name, resolved on the first call (then the same promise). The `auto` probe
   * keeps this thread busy for tens of milliseconds, so {@link withPool} starts its workers before
   * calling it. It rejects when the name cannot be created.
   */
  readonly backend: () => Promise<string>;
  readonly workers: number;
  readonly protocol: ProtocolSettings;
  /** How the realisations hold their patterns (materialised unless the experiment streams them). */
  readonly storage: StorageSettings;
  readonly signal: AbortSignal | undefined;
  readonly progress: (done: number, total: number, work?: number) => void;
}

/**
 * Resolves a backend name: `'auto'` becomes the backend `chooseAutoBackend` of `@dam/kernels`
 * measures fastest here (once per process); any other name must be creatable (else the error of
 * `createBackend` saying why). The probe backend is disposed at once.
 */
export async function resolveBackendName(name = 'auto'): Promise<string> {
  if (typeof name !== 'string') throw new TypeError(`backend must be a backend name (a string), got ${typeof name}`);
  if (name === 'auto') return (await chooseAutoBackend()).name;
  const backend = await createBackend(name);
  backend.dispose();
  return name;
}

/** Checks `ensemble`, `N`, `alpha`, `samples` and `seed` (RangeErrors naming the parameter). */
export function checkSize(options: SizeOptions): void {
  checkEnsembleName(options.ensemble);
  checkInteger('N', options.N, 1);
  checkPositive('alpha', options.alpha, true);
  checkInteger('samples', options.samples, 1);
  checkSeed(options.seed);
}

/**
 * Validates the shared options, refuses sizes that do not fit (before allocating anything) and
 * starts resolving the backend. `sizes` lists every `(N, α)` the experiment will draw; `storageOptions`
 * (experiments that can stream their patterns) selects the storage the memory check assumes.
 */
export async function prepare(
  options: ExperimentOptions,
  sizes: readonly { readonly N: number; readonly alpha: number }[],
  storageOptions: PatternStorageOptions = {},
): Promise<Prepared> {
  const workers = checkInteger('workers', options.workers ?? defaultWorkers(), 0, 256);
  if (workers > 0 && !hasWorkerThreads()) {
    throw new RangeError(
      `workers must be 0 here, got ${workers}: worker threads need Node.js (in a browser, run in the calling thread with workers: 0)`,
    );
  }
  const memoryBudget = checkPositive('memoryBudget', options.memoryBudget ?? defaultMemoryBudget());
  checkCallback('onProgress', options.onProgress);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError('signal must be an AbortSignal');
  }
  const protocol = protocolSettings(options);
  const storage = storageSettings(storageOptions);
  for (const { N, alpha } of sizes) checkExperimentSize(N, alpha, Math.max(1, workers), memoryBudget, storage);
  const name = options.backend ?? 'auto';
  let resolving: Promise<string> | undefined;
  const backend = (): Promise<string> => (resolving ??= resolveBackendName(name));
  const onProgress = options.onProgress;
  return {
    backend,
    workers,
    protocol,
    storage,
    signal: options.signal,
    progress: (done, total, work) => onProgress?.(work === undefined ? { done, total } : { done, total, work }),
  };
}
