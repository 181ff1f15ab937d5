// @dam/dynamics/internals — UNSTABLE: the machinery behind the experiments of @dam/dynamics (the
// runner interface and its run loop, one realisation's runners, the early-stop certificates and
// the rounding models they rest on, the streaming and order-statistics modes, special functions,
// seed salts). Exported for research code and tests that need the parts; any release may change
// them. The experiments themselves are in the root.

export {
  ContractionCertificate,
  type ContractionRun,
  ContractionSchedule,
  contractionMargin,
  contractionRadius,
  type JacobianBound,
} from './certificates/contraction.js';
export { ballEnergyLowerBound, FailureCertificate, type FailureRun } from './certificates/failure.js';
export { type GapBins, gapBins, largestGap, MAX_BINS, type TargetGeometry, targetGeometry } from './certificates/geometry.js';
export { CertificateKernel } from './certificates/kernel.js';
export { RetrievalCertificate, retrievalRadius } from './certificates/retrieval.js';
export { COMPUTED_BY } from './experiments/critical-lambdas.js';
export { bisectionResolution, medianCensoring } from './experiments/lambda-half.js';
export { checkCriticalLambda, runDifference } from './experiments/merge-shards.js';
export { SALT_BOOTSTRAP, SALT_DIRECTION, SALT_PATTERNS, SALT_SIZE } from './experiments/seeds.js';
export { type BulkIntegrals, BulkModel, type BulkStep, bulkIntegrals, type QuadratureOptions } from './order-statistics/bulk.js';
export { drawGaussianPatterns, GaussianBulk } from './order-statistics/gaussian.js';
export { inverseNormalUpperTail, logNormalDensity, logNormalUpperTail } from './order-statistics/normal-tail.js';
export { checkOrderStatisticsEnsemble, OrderStatisticsRunner, type OrderStatisticsSpec } from './order-statistics/runner.js';
export {
  drawExplicitPatterns,
  type ExplicitPatterns,
  sampleGamma,
  type TopOverlaps,
  topOverlaps,
  topTails,
} from './order-statistics/sampler.js';
export {
  inverseUpperTail,
  logBeta,
  logGamma,
  logOverlapDensity,
  logSphereMgf,
  logUpperTail,
  type SphereMgf,
} from './order-statistics/special.js';
export { criticalLambda } from './protocol/critical-search.js';
export { EscapeClock } from './protocol/escape-clock.js';
export { squaredDistance } from './protocol/retrieve.js';
export { type RoundingModel, roundingModel, type UpdateBounds } from './protocol/rounding.js';
export { backendStepInto, type Certificate, MAX_PERIOD, ProtocolRunner, type UpdateState } from './protocol/runner.js';
export { RealisationRunner } from './runners/exact.js';
export { StepMerger, StreamingRunner, type StreamingSpec } from './runners/streaming.js';
export { checkExperimentSize, orderStatisticsBytes, streamingBytes } from './runtime/memory.js';
export { basinDirection, basinStart } from './runtime/tasks.js';
