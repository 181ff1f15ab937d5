import type { EnsembleLaw } from '@dam/ensembles';
import { condensationEntropy } from './rem.js';
import { checkLambda } from './validate.js';

/**
 * Condensation line `α_*(λ)` of the auxiliary REM at the typical norm (Figs. 1 and 3): the load
 * at which `λ = λ_*(α)`, i.e. `α_* = λζ'(λ) − ζ(λ)`. For `α < α_*` the REM is condensed (a finite
 * number of patterns dominate `Φ`); spherical: `α_* = ½ log((1 + √(1+4λ²))/2)`; Gaussian `λ²/2`.
 */
export function alphaStar(law: EnsembleLaw, lambda: number): number {
  checkLambda(lambda);
  return condensationEntropy(law, lambda, law.typicalNorm);
}
