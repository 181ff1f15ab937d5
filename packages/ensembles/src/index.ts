export { binaryLaw } from './binary.js';
export { gaussianLaw } from './gaussian.js';
export { type CompleteLaw, checkRho, type EnsembleLaw } from './law.js';
export { completeLaw, type LegendrePoint, legendreTransform, numericalOnly } from './legendre.js';
export { checkSeed, fillNormal, MAX_SEED, portableLog, type RandomGenerator, rowStream, uniform } from './random.js';
export { ensembleLaw } from './registry.js';
export {
  checkEnsembleName,
  ENSEMBLE_NAMES,
  type EnsembleName,
  type RowSampler,
  type SampleOptions,
  samplePatterns,
  sampleRows,
} from './sampler.js';
export { sphericalLaw } from './spherical.js';
export { type PatternTile, patternTile, patternTiles, type TileOptions } from './tiles.js';
export { ENSEMBLES_VERSION } from './version.js';
