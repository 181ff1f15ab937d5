import { patternCount } from '../runtime/memory.js';
import { withPool } from '../runtime/pool.js';
import type { Task } from '../runtime/tasks.js';
import { checkPositive } from '../validate.js';
import { checkSize, type ExperimentOptions, prepare, type SizeOptions } from './experiment.js';
import { realisationSeed } from './seeds.js';
import { binomialStderr } from './statistics.js';

/** Options of {@link allPatternsRetrieval}. */
export interface AllPatternsOptions extends SizeOptions, ExperimentOptions {
  /** Inverse temperature `λ > 0`. */
  readonly lambda: number;
}

/** Result of {@link allPatternsRetrieval}. */
export interface AllPatternsResult {
  /** Fraction of realisations in which every pattern is retrieved from itself. */
  readonly allRate: number;
  /** Binomial standard error of `allRate`. */
  readonly allStderr: number;
  /** Mean over realisations of the fraction of retrieved patterns. */
  readonly meanFraction: number;
  /** Standard error of `meanFraction` (sample standard deviation over realisations / √samples). */
  readonly meanFractionStderr: number;
  /** Fraction of retrieved patterns in each realisation, in realisation order. */
  readonly fractions: readonly number[];
  readonly N: number;
  readonly P: number;
  readonly samples: number;
  readonly backend: string;
  readonly updates: number;
}

/**
 * All-patterns retrieval (Section III: the capacity `α_c`, bounded below by `α_c^lb`, Eq. 12):
 * for each realisation, run the paper's protocol from every pattern `x0 = ξ^μ` (success iff
 * `‖x − ξ^μ‖²/N < 0.01` after at most 100 updates). Returns the fraction of realisations where
 * all `P` patterns are retrieved and the mean fraction of retrieved patterns. Costs `P` runs per
 * realisation: meant for small N.
 */
export async function allPatternsRetrieval(options: AllPatternsOptions): Promise<AllPatternsResult> {
  checkSize(options);
  const lambda = checkPositive('lambda', options.lambda);
  const { ensemble, N, alpha, samples, seed } = options;
  const prepared = await prepare(options, [{ N, alpha }]);
  const P = patternCount(N, alpha);
  const tasks: Task[] = Array.from({ length: samples }, (_, r) => ({
    kind: 'all-patterns',
    patterns: { ensemble, N, P, seed: realisationSeed(seed, r) },
    lambda,
    protocol: prepared.protocol,
  }));
  let done = 0;
  const results = await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, samples), signal: prepared.signal },
    (pool) => pool.run(tasks, () => prepared.progress(++done, samples)),
  );
  const fractions = results.map((result) => (result.retrieved ?? 0) / P);
  const all = fractions.filter((fraction) => fraction === 1).length;
  const mean = fractions.reduce((sum, f) => sum + f, 0) / samples;
  const variance = samples > 1 ? fractions.reduce((sum, f) => sum + (f - mean) ** 2, 0) / (samples - 1) : 0;
  return {
    allRate: all / samples,
    allStderr: binomialStderr(all, samples),
    meanFraction: mean,
    meanFractionStderr: Math.sqrt(variance / samples),
    fractions,
    N,
    P,
    samples,
    backend: await prepared.backend(),
    updates: results.reduce((sum, result) => sum + result.updates, 0),
  };
}
