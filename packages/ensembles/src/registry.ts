import { binaryLaw } from './binary.js';
import { gaussianLaw } from './gaussian.js';
import type { EnsembleLaw } from './law.js';
import { checkEnsembleName, type EnsembleName } from './sampler.js';
import { sphericalLaw } from './spherical.js';

const laws: Record<EnsembleName, EnsembleLaw> = {
  spherical: sphericalLaw,
  gaussian: gaussianLaw,
  binary: binaryLaw,
};

/** The law of a built-in ensemble by name; throws a `RangeError` listing the names otherwise. */
export function ensembleLaw(name: string): EnsembleLaw {
  checkEnsembleName(name);
  return laws[name];
}
