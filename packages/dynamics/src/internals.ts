// @dam/dynamics/internals — UNSTABLE: the machinery behind the experiments of @dam/dynamics (one
// realisation's runners, the early-stop certificates and their bounds, the streaming and
// order-statistics modes, special functions, seed salts). Exported for research code and tests
// that need the parts; any release may change them. The experiments themselves are in the root.

export {
  ballEnergyLowerBound,
  type GapBins,
  gapBins,
  largestGap,
  MAX_BINS,
  retrievalRadius,
  type TargetGeometry,
  targetGeometry,
} from './certificates/geometry.js';
export { CertificateKernel, type JacobianBound, largestEigenvalueBound } from './certificates/kernel.js';
export { COMPUTED_BY, runDifference } from './experiments/critical-lambdas.js';
export { bisectionResolution, medianCensoring } from './experiments/lambda-half.js';
export { SALT_BOOTSTRAP, SALT_DIRECTION, SALT_PATTERNS, SALT_SIZE } from './experiments/seeds.js';
export { type BulkIntegrals, BulkModel, type BulkStep, bulkIntegrals, type QuadratureOptions } from './order-statistics/bulk.js';
export { checkOrderStatisticsEnsemble, OrderStatisticsRunner, type OrderStatisticsSpec } from './order-statistics/runner.js';
export { drawExplicitPatterns, type ExplicitPatterns, sampleGamma, type TopOverlaps, topOverlaps } from './order-statistics/sampler.js';
export {
  inverseUpperTail,
  logBeta,
  logGamma,
  logOverlapDensity,
  logSphereMgf,
  logUpperTail,
  type SphereMgf,
} from './order-statistics/special.js';
export { squaredDistance } from './protocol/retrieve.js';
export { ContractionSchedule, energyErrorBound, RealisationRunner, stepErrorBound } from './protocol/runner.js';
export { StepMerger, StreamingRunner, type StreamingSpec } from './runners/streaming.js';
export { checkExperimentSize, orderStatisticsBytes, streamingBytes } from './runtime/memory.js';
export { basinDirection, basinStart, criticalLambda } from './runtime/tasks.js';
