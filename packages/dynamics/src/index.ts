export { AbortError } from './abort.js';
export { type AllPatternsOptions, type AllPatternsResult, allPatternsRetrieval } from './all-patterns.js';
export { type BasinPoint, type BasinsOptions, type BasinsResult, basins, crossingAngle } from './basins.js';
export { CertificateKernel, type JacobianBound, largestEigenvalueBound } from './certificate-kernel.js';
export {
  ballEnergyLowerBound,
  type GapBins,
  gapBins,
  largestGap,
  MAX_BINS,
  retrievalRadius,
  type TargetGeometry,
  targetGeometry,
} from './certificates.js';
export {
  COMPUTED_BY,
  type CriticalLambdaPoint,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  type CrossoverRun,
  criticalLambdaShard,
  DYNAMICS_VERSION,
  mergeCriticalLambdaShards,
  runDifference,
} from './critical-lambdas.js';
export { energy, gradient } from './energy.js';
export { type ExperimentOptions, resolveBackendName, type SizeOptions } from './experiment.js';
export {
  type CrossoverFit,
  type CrossoverResult,
  crossoverFromCriticalLambdas,
  type FiniteSizePoint,
  type FiniteSizeScanOptions,
  type FiniteSizeScanResult,
  finiteSizeScan,
} from './finite-size-scan.js';
export { type QuadraticFit, quadraticFit, Z95 } from './fit.js';
export {
  type BisectionOptions,
  bisectionResolution,
  type LambdaHalfByRateResult,
  type LambdaHalfOptions,
  type LambdaHalfResult,
  lambdaHalf,
  lambdaHalfByRate,
  medianCensoring,
} from './lambda-half.js';
export { checkExperimentSize, orderStatisticsBytes, patternCount, realisationBytes, streamingBytes } from './memory.js';
export { type BulkIntegrals, BulkModel, type BulkStep, bulkIntegrals, type QuadratureOptions } from './order-statistics/bulk.js';
export {
  checkOrderStatisticsEnsemble,
  DEFAULT_EXPLICIT_PATTERNS,
  OrderStatisticsRunner,
  type OrderStatisticsSpec,
} from './order-statistics/runner.js';
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
export type { Progress } from './pool.js';
export {
  ContractionSchedule,
  energyErrorBound,
  PAPER_PROTOCOL,
  type ProtocolSettings,
  protocolSettings,
  RealisationRunner,
  type RunOutcome,
  type StopReason,
  stepErrorBound,
} from './protocol.js';
export { type RetrieveOptions, type RetrieveResult, retrieve, squaredDistance } from './retrieve.js';
export { deriveSeed, realisationSeed, SALT_BOOTSTRAP, SALT_DIRECTION, SALT_PATTERNS, SALT_SIZE } from './seeds.js';
export { checkShard, parseShard, type Shard, shardRealisations, WHOLE } from './shard.js';
export { SHARD_FORMAT, shardFromJson, shardToJson } from './shard-json.js';
export { binomialStderr, bootstrapMedianStderr, median } from './statistics.js';
export {
  DEFAULT_TILE_ROWS,
  type PatternStorage,
  type PatternStorageOptions,
  StepMerger,
  StreamingRunner,
  type StreamingSpec,
} from './streaming.js';
export { type SuccessRateOptions, type SuccessRateResult, successRate } from './success-rate.js';
export { basinDirection, basinStart, criticalLambda } from './tasks.js';
