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
  /** Called once the sizes have passed the library's checks, before the first realisation. */
  readonly onSizesAccepted?: (() => void) | undefined;
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
  /** `λ_{1/2}(α, N)` of the derived finite-size law (`null` where it does not apply). */
  readonly lambdaTheory: number | null;
}

/** An extrapolation to `N = ∞` as `dam simulate` reports it. */
export interface SimulateFit {
  readonly lambdaInf: number;
  readonly ci: readonly [number, number];
  readonly chi2: number;
  readonly dof: number;
  /** Censored sizes left out. */
  readonly skipped: readonly number[];
}

/** The JSON document of `dam simulate`. */
export interface SimulateReport {
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly samples: number;
  readonly seed: number;
  readonly points: readonly SimulatePoint[];
  /**
   * The extrapolation with the derived finite-size law (`λ_∞ + [λ_th(N) − λ_c] + b/N²`, `b` fitted),
   * without the censored sizes; `null` with fewer than two measured sizes or where the law is not derived.
   */
  readonly fit: (SimulateFit & { readonly b: number }) | null;
  /** The paper's quadratic fit in 1/N; `null` with fewer than three measured sizes. */
  readonly fitQuadratic: SimulateFit | null;
  /** `λ_c(α)`, and the finite-size law `λ_c + (logCoefficient·log N + constant)/N` (`null` where not derived). */
  readonly theory: {
    readonly lambdaC: number;
    readonly finiteSize: { readonly logCoefficient: number; readonly constant: number } | null;
  };
}

function fitSummary(fit: {
  lambdaInf: number;
  ci: readonly [number, number];
  chi2: number;
  dof: number;
  skipped: readonly number[];
}): SimulateFit {
  return { lambdaInf: fit.lambdaInf, ci: fit.ci, chi2: fit.chi2, dof: fit.dof, skipped: fit.skipped };
}

/**
 * The report of the retrieval crossover of Fig. 1 (bottom) from the critical λs of all
 * realisations: `λ_{1/2}(α, N)` at each N (median of the realisations' critical λ, bootstrap
 * error) beside the finite-size law's prediction, the extrapolations to N = ∞ (derived finite-size
 * law, and the paper's quadratic in 1/N), and the theory's `λ_c(α)`. `dam simulate` and `dam merge` both end here, so that merged
 * shards print exactly what the unsharded run prints.
 */
export function simulateReport(set: CriticalLambdaSet): SimulateReport {
  const result = crossoverFromCriticalLambdas(set);
  return {
    ensemble: result.ensemble,
    alpha: result.alpha,
    samples: result.samples,
    seed: result.seed,
    points: result.points.map((p) => ({
      N: p.N,
      P: p.P,
      lambdaHalf: p.lambdaHalf,
      stderr: p.stderr,
      censored: p.censored,
      lambdaTheory: p.lambdaTheory,
    })),
    fit: result.fit === null ? null : { ...fitSummary(result.fit), b: result.fit.coefficients[1] },
    fitQuadratic: result.fitQuadratic === null ? null : fitSummary(result.fitQuadratic),
    theory: {
      lambdaC: result.theory.lambdaC,
      finiteSize:
        result.theory.finiteSize === null
          ? null
          : { logCoefficient: result.theory.finiteSize.logCoefficient, constant: result.theory.finiteSize.constant },
    },
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
    onStart: (identity) => {
      parameters.onSizesAccepted?.();
      parameters.onStart?.(identity);
    },
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
