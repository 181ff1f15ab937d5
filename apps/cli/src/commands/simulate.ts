import { type FiniteSizePoint, SALT_SIZE, deriveSeed, finiteSizeScan, lambdaHalf } from '@dam/dynamics';
import { type EnsembleName, ensembleLaw } from '@dam/ensembles';
import { lambdaC } from '@dam/theory';

/** Parameters of `dam simulate`. */
export interface SimulateParameters {
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly Ns: readonly number[];
  readonly samples: number;
  readonly seed: number;
  readonly backend: string;
  readonly workers?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
}

/** One size of the crossover scan as `dam simulate` reports it. */
export interface SimulatePoint {
  readonly N: number;
  readonly P: number;
  readonly lambdaHalf: number;
  readonly stderr: number;
}

/** The JSON document of `dam simulate` (fit is `null` with fewer than three sizes). */
export interface SimulateReport {
  readonly ensemble: EnsembleName;
  readonly alpha: number;
  readonly samples: number;
  readonly seed: number;
  readonly points: readonly SimulatePoint[];
  readonly fit: { readonly lambdaInf: number; readonly ci: readonly [number, number] } | null;
  readonly theory: { readonly lambdaC: number };
}

function point(p: Pick<FiniteSizePoint, 'N' | 'P' | 'lambdaHalf' | 'stderr'>): SimulatePoint {
  return { N: p.N, P: p.P, lambdaHalf: p.lambdaHalf, stderr: p.stderr };
}

/**
 * The retrieval crossover of Fig. 1 (bottom): `λ_{1/2}(α, N)` at each N (median of the
 * realisations' critical λ, bootstrap error), the quadratic fit in 1/N extrapolated to N = ∞
 * when there are at least three sizes, and the theory's `λ_c(α)` beside it. Size N always uses the
 * seed `deriveSeed(seed, N, SALT_SIZE)`, so its point does not depend on the other sizes.
 */
export async function simulate(parameters: SimulateParameters): Promise<SimulateReport> {
  const { ensemble, alpha, Ns, samples, seed } = parameters;
  const common = {
    ensemble,
    alpha,
    samples,
    seed,
    backend: parameters.backend,
    workers: parameters.workers,
    signal: parameters.signal,
    onProgress: parameters.onProgress,
  };
  const theory = { lambdaC: lambdaC(ensembleLaw(ensemble), alpha) };
  if (Ns.length >= 3) {
    const scan = await finiteSizeScan({ ...common, Ns });
    return { ensemble, alpha, samples, seed, points: scan.points.map(point), fit: { lambdaInf: scan.fit.lambdaInf, ci: scan.fit.ci }, theory };
  }
  const points: SimulatePoint[] = [];
  for (const N of Ns) {
    // The seed of size N is the one finiteSizeScan uses, so a point is the same alone or in a scan.
    const result = await lambdaHalf({ ...common, N, seed: deriveSeed(seed, N, SALT_SIZE) });
    points.push({ N, P: result.P, lambdaHalf: result.lambdaHalf, stderr: result.stderr });
  }
  return { ensemble, alpha, samples, seed, points, fit: null, theory };
}
