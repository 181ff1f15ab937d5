// The numbers of the phase-diagram explorer (/explorer): every threshold of @dam/theory at one
// (ensemble, α, λ), formatted the way the page shows them. Pure functions, shared by the Vue
// component and the tests (which compare the page's text with @dam/theory computed in Node).
import { binaryLaw, type EnsembleLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { alpha1, alphaCLowerBound, alphaStar, cMax, cosThetaC, lambdaC, lambdaStar, thetaC } from '@dam/theory';

/** The ensembles the explorer offers. */
export const EXPLORER_ENSEMBLES = ['spherical', 'gaussian', 'binary'] as const;
/** One of {@link EXPLORER_ENSEMBLES}. */
export type ExplorerEnsemble = (typeof EXPLORER_ENSEMBLES)[number];

/** The law of an explorer ensemble. */
export function explorerLaw(ensemble: ExplorerEnsemble): EnsembleLaw {
  switch (ensemble) {
    case 'spherical':
      return sphericalLaw;
    case 'gaussian':
      return gaussianLaw;
    case 'binary':
      return binaryLaw;
  }
}

/** Range of the λ slider (logarithmic) and of the α slider (linear). */
export const LAMBDA_RANGE: readonly [number, number] = [0.01, 1000];
export const ALPHA_RANGE: readonly [number, number] = [0, 4];

/** Everything the explorer shows at one point; `undefined` where the quantity is undefined there. */
export interface ExplorerValues {
  /** `α_1(λ)`, Eq. 9. */
  readonly alpha1: number;
  /** `α_c^lb(λ)`, Eq. 12. */
  readonly alphaCLowerBound: number;
  /** `α_*(λ)`, the REM condensation line. */
  readonly alphaStar: number;
  /** `λ_c(α)`, the inverse of α_1; `undefined` when no λ retrieves at this load. */
  readonly lambdaC: number | undefined;
  /** `λ_*(α)`, condensation temperature of the auxiliary REM; `undefined` when it never condenses. */
  readonly lambdaStar: number | undefined;
  /** `cos θ_c = φ_{α,1}(λ)/r²`; `undefined` where α ≥ α_1 (no basin). */
  readonly cosThetaC: number | undefined;
  /** `θ_c` in degrees; `undefined` where α ≥ α_1. */
  readonly thetaCDegrees: number | undefined;
  /** `c_max(α)`, overlap with the nearest of the other patterns. */
  readonly cMax: number | undefined;
  /** A typical pattern is retrieved: `α < α_1(λ)`. */
  readonly typicalRetrieved: boolean;
  /** All patterns are retrieved (proven): `α < α_c^lb(λ)`. */
  readonly allRetrieved: boolean;
}

/** A finite number, or `undefined` for `Infinity`/`NaN`/`undefined` (and for a throw). */
function finite(compute: () => number | undefined): number | undefined {
  try {
    const value = compute();
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Every number of the explorer at `(ensemble, α, λ)`, straight from @dam/theory. */
export function explorerValues(ensemble: ExplorerEnsemble, alpha: number, lambda: number): ExplorerValues {
  const law = explorerLaw(ensemble);
  const a1 = alpha1(law, lambda);
  const ac = alphaCLowerBound(law, lambda);
  const theta = finite(() => thetaC(law, alpha, lambda));
  return {
    alpha1: a1,
    alphaCLowerBound: ac,
    alphaStar: alphaStar(law, lambda),
    lambdaC: finite(() => lambdaC(law, alpha)),
    lambdaStar: finite(() => lambdaStar(law, alpha)),
    cosThetaC: finite(() => cosThetaC(law, alpha, lambda)),
    thetaCDegrees: theta === undefined ? undefined : (theta * 180) / Math.PI,
    cMax: finite(() => cMax(law, alpha)),
    typicalRetrieved: alpha < a1,
    allRetrieved: alpha < ac,
  };
}

/** The dash the page shows for an undefined quantity. */
export const UNDEFINED_TEXT = '—';

/**
 * A number as the explorer shows it: 6 significant digits (plain notation between 1e-4 and
 * 1e6, exponent otherwise), or {@link UNDEFINED_TEXT}. `Number(text)` gives the value back to
 * a relative 5e-6.
 */
export function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return UNDEFINED_TEXT;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e6) {
    const digits = Math.max(0, 5 - Math.floor(Math.log10(magnitude)));
    return value.toFixed(Math.min(20, digits));
  }
  return value.toExponential(5);
}

/** The text of the `retrieved` output: which patterns are retrieved at this point. */
export function retrievedText(values: Pick<ExplorerValues, 'typicalRetrieved' | 'allRetrieved'>): string {
  if (values.allRetrieved) return 'all patterns';
  if (values.typicalRetrieved) return 'a typical pattern (all patterns: not proven)';
  return 'none';
}

/** Position of λ on the log slider, in [0, 1000]. */
export function lambdaToSlider(lambda: number): number {
  const [lo, hi] = LAMBDA_RANGE;
  const t = Math.log(lambda / lo) / Math.log(hi / lo);
  return Math.round(Math.min(1, Math.max(0, t)) * 1000);
}

/** λ at a position of the log slider (rounded to 4 significant digits, so the box shows a tidy value). */
export function sliderToLambda(position: number): number {
  const [lo, hi] = LAMBDA_RANGE;
  return Number((lo * (hi / lo) ** (position / 1000)).toPrecision(4));
}

/** Checks a λ typed in the number box: `undefined` when valid, else the message to show. */
export function lambdaProblem(lambda: number): string | undefined {
  if (!Number.isFinite(lambda) || lambda <= 0) return 'λ must be a number > 0';
  if (lambda > 1e8) return 'λ must be at most 1e8 (beyond it the thresholds lose precision)';
  return undefined;
}

/** Checks an α typed in the number box: `undefined` when valid, else the message to show. */
export function alphaProblem(alpha: number): string | undefined {
  if (!Number.isFinite(alpha) || alpha < 0) return 'α must be a number ≥ 0';
  return undefined;
}
