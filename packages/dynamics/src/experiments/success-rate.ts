import { patternCount } from '../runtime/memory.js';
import { withPool } from '../runtime/pool.js';
import { storageSpec, type Task } from '../runtime/tasks.js';
import { checkPositive } from '../validate.js';
import { checkSize, type ExperimentOptions, prepare, type SizeOptions } from './experiment.js';
import { realisationSeed } from './seeds.js';
import { binomialStderr } from './statistics.js';
import type { PatternStorageOptions } from './storage.js';

/** Options of {@link successRate}. */
export interface SuccessRateOptions extends SizeOptions, ExperimentOptions, PatternStorageOptions {
  /** Inverse temperature `λ > 0`. */
  readonly lambda: number;
}

/** Result of {@link successRate}. */
export interface SuccessRateResult {
  /** Fraction of realisations that retrieve `ξ^1`. */
  readonly rate: number;
  /** Binomial standard error `√(rate(1 − rate)/samples)`. */
  readonly stderr: number;
  /** Number of realisations that retrieve. */
  readonly successes: number;
  /** Number of realisations. */
  readonly samples: number;
  /** `P = round(e^{αN})`. */
  readonly P: number;
  /** Outcome of each realisation, in realisation order. */
  readonly outcomes: readonly boolean[];
  /** Backend the workers used. */
  readonly backend: string;
  /** Attention updates computed in total (the work, after the early stop). */
  readonly updates: number;
}

/**
 * Success rate of the paper's protocol at `(N, α, λ)`: for each of `samples` realisations, draw
 * `P = round(e^{αN})` patterns (`samplePatterns` with `realisationSeed(seed, r)`), start at
 * `x0 = ξ^1`, run at most 100 attention updates (Eq. 2) and count a success iff
 * `‖x − ξ^1‖²/N < 0.01` at the end. Deterministic from `seed` whatever the number of workers.
 */
export async function successRate(options: SuccessRateOptions): Promise<SuccessRateResult> {
  checkSize(options);
  const lambda = checkPositive('lambda', options.lambda);
  const { ensemble, N, alpha, samples, seed } = options;
  const prepared = await prepare(options, [{ N, alpha }], options);
  const P = patternCount(N, alpha);
  const tasks: Task[] = Array.from({ length: samples }, (_, r) => ({
    kind: 'outcomes',
    patterns: { ensemble, N, P, seed: realisationSeed(seed, r), ...storageSpec(prepared) },
    lambdas: [lambda],
    protocol: prepared.protocol,
  }));
  let done = 0;
  const results = await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, samples), signal: prepared.signal },
    (pool) => pool.run(tasks, () => prepared.progress(++done, samples)),
  );
  const outcomes = results.map((result) => result.successes?.[0] === true);
  const successes = outcomes.filter(Boolean).length;
  return {
    rate: successes / samples,
    stderr: binomialStderr(successes, samples),
    successes,
    samples,
    P,
    outcomes,
    backend: await prepared.backend(),
    updates: results.reduce((sum, result) => sum + result.updates, 0),
  };
}
