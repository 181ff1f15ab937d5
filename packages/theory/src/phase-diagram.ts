import type { EnsembleLaw } from '@dam/ensembles';
import { alphaCLowerBound } from './alpha-c.js';
import { alphaStar } from './alpha-star.js';
import { alpha1 } from './alpha1.js';
import { ramsauerLowerBound } from './ramsauer.js';
import { checkLambda } from './validate.js';

/** Every curve of the (λ, α) phase diagram on a common λ grid (Figs. 1 top and 3). */
export interface PhaseDiagram {
  readonly ensemble: string;
  readonly lambda: readonly number[];
  /** `α_1(λ)`, Eq. (9): typical-pattern retrieval threshold. */
  readonly alpha1: readonly number[];
  /** `α_c^lb(λ)`, Eq. (12): all patterns retrieved below it. */
  readonly alphaCLowerBound: readonly number[];
  /** `α_*(λ)`: REM condensation line. */
  readonly alphaStar: readonly number[];
  /** Ramsauer et al.'s bound extrapolated to large N (spherical patterns only). */
  readonly ramsauerLowerBound?: readonly number[];
}

/**
 * All curves of the phase diagram of `law` at each λ of `lambdas` (each > 0). The Ramsauer et al.
 * bound is included for the spherical ensemble, the only one it was proven for.
 */
export function phaseDiagram(law: EnsembleLaw, lambdas: readonly number[]): PhaseDiagram {
  for (const lambda of lambdas) checkLambda(lambda);
  const diagram: PhaseDiagram = {
    ensemble: law.name,
    lambda: [...lambdas],
    alpha1: lambdas.map((lambda) => alpha1(law, lambda)),
    alphaCLowerBound: lambdas.map((lambda) => alphaCLowerBound(law, lambda)),
    alphaStar: lambdas.map((lambda) => alphaStar(law, lambda)),
  };
  if (law.name !== 'spherical') return diagram;
  return { ...diagram, ramsauerLowerBound: lambdas.map(ramsauerLowerBound) };
}

/** `count` values from `min` to `max` equally spaced in log λ (the axis of Figs. 1–3). */
export function logGrid(min: number, max: number, count: number): number[] {
  checkLambda(min);
  checkLambda(max);
  if (!(Number.isInteger(count) && count >= 2)) throw new RangeError(`count must be an integer ≥ 2, got ${String(count)}`);
  if (!(max > min)) throw new RangeError(`max must exceed min, got min ${min}, max ${max}`);
  const step = Math.log(max / min) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? max : min * Math.exp(i * step)));
}
