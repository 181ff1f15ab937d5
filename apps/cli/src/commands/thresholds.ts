import { checkEnsembleName, type EnsembleName, ensembleLaw } from '@dam/ensembles';
import {
  alpha1,
  alphaCLowerBound,
  alphaStar,
  checkAlpha,
  checkLambda,
  cMax,
  cosThetaC,
  epsStar,
  lambdaC,
  lambdaStar,
  phi,
  ramsauerLowerBound,
} from '@dam/theory';

/** What {@link thresholdRows} computes: ensembles, and the λ and/or α values (absent or empty = not given). */
export interface ThresholdQuery {
  /** Built-in ensembles, one block of rows each, in this order. */
  readonly ensembles: readonly EnsembleName[];
  /** Inverse temperatures λ > 0. */
  readonly lambdas?: readonly number[] | undefined;
  /** Loads α = log P / N ≥ 0. */
  readonly alphas?: readonly number[] | undefined;
}

/**
 * One (ensemble, λ, α) combination. Which keys are present depends on the query: λ thresholds when
 * λ is given, α thresholds when α is given, `phi`, `cosThetaC` and `retrieved` when both are.
 * Infinite values are `Infinity` here (the formatters print them as `null`, `inf` or `∞`).
 */
export interface ThresholdRow {
  /** Ensemble name. */
  readonly ensemble: EnsembleName;
  /** Inverse temperature λ (present iff λ values were given). */
  readonly lambda?: number;
  /** Load α = log P / N (present iff α values were given). */
  readonly alpha?: number;
  /** `α_1(λ)`, Eq. (9): largest load at which a typical pattern is retrieved. */
  readonly alpha1?: number;
  /** `α_c^lb(λ)`, Eq. (12): below it every pattern is retrieved. */
  readonly alphaCLowerBound?: number;
  /** `α_*(λ)`: condensation line of the auxiliary REM. */
  readonly alphaStar?: number;
  /** Ramsauer et al.'s rigorous bound extrapolated to large N (spherical ensemble only). */
  readonly ramsauerLowerBound?: number;
  /** `λ_c(α)`: inverse of `α_1`, smallest λ retrieving a typical pattern (may be `Infinity`). */
  readonly lambdaC?: number;
  /** `λ_*(α)`, Eq. (7): above it the auxiliary REM is condensed (may be `Infinity`). */
  readonly lambdaStar?: number;
  /** `c_max(α)`: cosine to the nearest of the other patterns (generalised Gilbert–Varshamov). */
  readonly cMax?: number;
  /** `ε_*(α)`, Eq. (7): ground-state overlap of the REM. */
  readonly epsStar?: number;
  /** `φ_{α,r_ξ}(λ)`, Eq. (7), at the typical norm. */
  readonly phi?: number;
  /** `cos θ_c`: basin size of Section IV; absent where `α ≥ α_1(λ)`. */
  readonly cosThetaC?: number;
  /** `true` iff `α < α_1(λ)` (a typical pattern is retrieved). */
  readonly retrieved?: boolean;
}

/** Every key a {@link ThresholdRow} can have, in the order of the JSON objects, CSV and table columns. */
export const THRESHOLD_COLUMNS = [
  'ensemble',
  'lambda',
  'alpha',
  'alpha1',
  'alphaCLowerBound',
  'alphaStar',
  'ramsauerLowerBound',
  'lambdaC',
  'lambdaStar',
  'cMax',
  'epsStar',
  'phi',
  'cosThetaC',
  'retrieved',
] as const satisfies readonly (keyof ThresholdRow)[];

/** λ grid used when neither λ nor α is given (the thresholds table of the paper's figures). */
export const DEFAULT_LAMBDAS: readonly number[] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 100];

/** A writable copy of `T`, to build a row key by key. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where a value is computed, for error messages: `ensemble spherical, lambda 2, alpha 0.1`. */
function where(ensemble: string, lambda: number | undefined, alpha: number | undefined): string {
  const parts = [`ensemble ${ensemble}`];
  if (lambda !== undefined) parts.push(`lambda ${lambda}`);
  if (alpha !== undefined) parts.push(`alpha ${alpha}`);
  return parts.join(', ');
}

/** Runs `compute`, turning a thrown error or a NaN into a `RangeError` that says what failed where. */
function value(name: string, at: () => string, compute: () => number): number {
  let result: number;
  try {
    result = compute();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RangeError(`cannot compute ${name} at ${at()}: ${reason}`);
  }
  if (Number.isNaN(result)) throw new RangeError(`cannot compute ${name} at ${at()}: the result is NaN`);
  return result;
}

/**
 * The thresholds of `dam thresholds` for every (ensemble, λ, α) combination, ensembles outermost then
 * λ then α; uses {@link DEFAULT_LAMBDAS} when neither λ nor α is given. Pure: same query, same rows.
 * Throws a `RangeError` for an unknown ensemble, λ ≤ 0, α < 0, or a value the theory cannot compute.
 */
export function thresholdRows(query: ThresholdQuery): ThresholdRow[] {
  const { ensembles } = query;
  const givenLambdas = query.lambdas !== undefined && query.lambdas.length > 0 ? query.lambdas : undefined;
  const alphas = query.alphas !== undefined && query.alphas.length > 0 ? query.alphas : undefined;
  const lambdas = givenLambdas ?? (alphas === undefined ? DEFAULT_LAMBDAS : undefined);
  for (const ensemble of ensembles) checkEnsembleName(ensemble);
  for (const lambda of lambdas ?? []) checkLambda(lambda);
  for (const alpha of alphas ?? []) checkAlpha(alpha);

  const rows: ThresholdRow[] = [];
  for (const ensemble of ensembles) {
    const law = ensembleLaw(ensemble);
    for (const lambda of lambdas ?? [undefined]) {
      for (const alpha of alphas ?? [undefined]) {
        const at = (): string => where(ensemble, lambda, alpha);
        const row: Mutable<ThresholdRow> = { ensemble };
        if (lambda !== undefined) row.lambda = lambda;
        if (alpha !== undefined) row.alpha = alpha;
        if (lambda !== undefined) {
          row.alpha1 = value('alpha1', at, () => alpha1(law, lambda));
          row.alphaCLowerBound = value('alphaCLowerBound', at, () => alphaCLowerBound(law, lambda));
          row.alphaStar = value('alphaStar', at, () => alphaStar(law, lambda));
          if (ensemble === 'spherical') {
            row.ramsauerLowerBound = value('ramsauerLowerBound', at, () => ramsauerLowerBound(lambda));
          }
        }
        if (alpha !== undefined) {
          row.lambdaC = value('lambdaC', at, () => lambdaC(law, alpha));
          row.lambdaStar = value('lambdaStar', at, () => lambdaStar(law, alpha));
          row.cMax = value('cMax', at, () => cMax(law, alpha));
          row.epsStar = value('epsStar', at, () => epsStar(law, alpha));
        }
        if (lambda !== undefined && alpha !== undefined && row.alpha1 !== undefined) {
          row.phi = value('phi', at, () => phi(law, alpha, lambda));
          const retrieved = alpha < row.alpha1;
          // cosThetaC is undefined exactly where α ≥ α_1(λ); NaN turns a disagreement into an error.
          if (retrieved) row.cosThetaC = value('cosThetaC', at, () => cosThetaC(law, alpha, lambda) ?? Number.NaN);
          row.retrieved = retrieved;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}
