export { type CompleteLaw, type EnsembleLaw, checkFinite, checkRho } from './law.js';
export { type LegendrePoint, completeLaw, legendreTransform, numericalOnly } from './legendre.js';
export { sphericalLaw, sphericalSaddle } from './spherical.js';
export { gaussianLaw } from './gaussian.js';
export { binaryLaw, logCosh } from './binary.js';
export { ensembleLaw } from './registry.js';
export {
  ENSEMBLE_NAMES,
  type EnsembleName,
  type RowSampler,
  type SampleOptions,
  checkEnsembleName,
  samplePatterns,
  sampleRows,
} from './sampler.js';
export { MAX_SEED, type RandomGenerator, checkSeed, fillNormal, portableLog, rowStream, uniform } from './random.js';
export { fillNormal32, log32, normalPair32 } from './normal32.js';
export {
  type Minimum,
  type RootOptions,
  brentRoot,
  derivative,
  monotoneRoot,
  minimizeOnInterval,
} from './numerics/index.js';
export { type PatternTile, type TileOptions, patternTile, patternTiles } from './tiles.js';
export { ENSEMBLES_VERSION } from './version.js';
