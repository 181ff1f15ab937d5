import {
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  criticalLambdaShard,
  crossoverFromCriticalLambdas,
  mergeCriticalLambdaShards,
  type Shard,
  WHOLE,
} from '@dam/dynamics';
import type { EnsembleName } from '@dam/ensembles';

/** Parameters of `dam simulate`. */
export interface SimulateParameters {
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly Ns: readonly number[];
  readonly samples: number;
  readonly seed: number;
  readonly backend: string;
  readonly workers?: number | undefined;
  /** `false`: every run computes all its updates (same numbers; for checking the certificates). */
  readonly earlyStop?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
  /** Pattern storage of `@dam/dynamics` (`'order-statistics'`: spherical and Gaussian patterns, an approximation independent of P). */
  readonly patterns?: 'materialized' | 'streaming' | 'order-statistics' | undefined;
  /** `K` of the order-statistics mode. */
  readonly explicitPatterns?: number | undefined;
  /** Journal hooks of `criticalLambdaShard` (see `journaledShard`). */
  readonly onStart?: CriticalLambdaShardOptions['onStart'];
  readonly onRealisation?: CriticalLambdaShardOptions['onRealisation'];
  readonly resume?: CriticalLambdaShardOptions['resume'];
}

/** One size of the crossover scan as `dam simulate` reports it. */
export interface SimulatePoint {
  readonly N: number;
  readonly P: number;
  /** The median critical λ; when `censored`, the bound the λ range's edge gives. */
  readonly lambdaHalf: number;
  /** `NaN` (JSON `null`) when censored. */
  readonly stderr: number;
  /** `null`, or `'below'` / `'above'` the λ range (see `FiniteSizePoint.censored` of @dam/dynamics). */
  readonly censored: 'below' | 'above' | null;
}

/** The JSON document of `dam simulate` (fit is `null` with fewer than three sizes). */
export interface SimulateReport {
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly samples: number;
  readonly seed: number;
  readonly points: readonly SimulatePoint[];
  /** The fit without the censored sizes (`skipped`); `null` with fewer than three measured sizes. */
  readonly fit: { readonly lambdaInf: number; readonly ci: readonly [number, number]; readonly skipped: readonly number[] } | null;
  readonly theory: { readonly lambdaC: number };
}

/**
 * The report of the retrieval crossover of Fig. 1 (bottom) from the critical λs of all
 * realisations: `λ_{1/2}(α, N)` at each N (median of the realisations' critical λ, bootstrap
 * error), the quadratic fit in 1/N extrapolated to N = ∞ when there are at least three sizes, and
 * the theory's `λ_c(α)` beside it. `dam simulate` and `dam merge` both end here, so that merged
 * shards print exactly what the unsharded run prints.
 */
export function simulateReport(set: CriticalLambdaSet): SimulateReport {
  const result = crossoverFromCriticalLambdas(set);
  return {
    ensemble: result.ensemble,
    alpha: result.alpha,
    samples: result.samples,
    seed: result.seed,
    points: result.points.map((p) => ({ N: p.N, P: p.P, lambdaHalf: p.lambdaHalf, stderr: p.stderr, censored: p.censored })),
    fit: result.fit === null ? null : { lambdaInf: result.fit.lambdaInf, ci: result.fit.ci, skipped: result.fit.skipped },
    theory: result.theory,
  };
}

/** Runs shard `shard` of the crossover (all realisations by default): the critical λs. */
export function simulateShard(parameters: SimulateParameters, shard: Shard = WHOLE): Promise<CriticalLambdaShard> {
  const { ensemble, alpha, Ns, samples, seed } = parameters;
  return criticalLambdaShard({
    ensemble,
    alpha,
    Ns,
    samples,
    seed,
    shard,
    backend: parameters.backend,
    workers: parameters.workers,
    earlyStop: parameters.earlyStop,
    signal: parameters.signal,
    onProgress: parameters.onProgress,
    patterns: parameters.patterns,
    explicitPatterns: parameters.explicitPatterns,
    onStart: parameters.onStart,
    onRealisation: parameters.onRealisation,
    resume: parameters.resume,
  });
}

/**
 * The retrieval crossover of Fig. 1 (bottom) at the sizes `Ns` (see {@link simulateReport}). Size N
 * always uses the seed `deriveSeed(seed, N, SALT_SIZE)`, so its point does not depend on the other
 * sizes.
 */
export async function simulate(parameters: SimulateParameters): Promise<SimulateReport> {
  return simulateReport(mergeCriticalLambdaShards([await simulateShard(parameters)]));
}
