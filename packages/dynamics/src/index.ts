export { type RetrieveOptions, type RetrieveResult, retrieve, squaredDistance } from './retrieve.js';
export { energy, gradient } from './energy.js';
export {
  PAPER_PROTOCOL,
  type ProtocolSettings,
  ContractionSchedule,
  RealisationRunner,
  type RunOutcome,
  type StopReason,
  energyErrorBound,
  protocolSettings,
  stepErrorBound,
} from './protocol.js';
export {
  type GapBins,
  MAX_BINS,
  type TargetGeometry,
  ballEnergyLowerBound,
  gapBins,
  largestGap,
  retrievalRadius,
  targetGeometry,
} from './certificates.js';
export { CertificateKernel, type JacobianBound, largestEigenvalueBound } from './certificate-kernel.js';
export { SALT_BOOTSTRAP, SALT_DIRECTION, SALT_PATTERNS, SALT_SIZE, deriveSeed, realisationSeed } from './seeds.js';
export { checkExperimentSize, orderStatisticsBytes, patternCount, realisationBytes, streamingBytes } from './memory.js';
export {
  DEFAULT_TILE_ROWS,
  type PatternStorage,
  type PatternStorageOptions,
  type StreamingSpec,
  StepMerger,
  StreamingRunner,
} from './streaming.js';
export {
  DEFAULT_EXPLICIT_PATTERNS,
  type OrderStatisticsSpec,
  OrderStatisticsRunner,
  checkOrderStatisticsEnsemble,
} from './order-statistics/runner.js';
export { type BulkIntegrals, type BulkStep, BulkModel, type QuadratureOptions, bulkIntegrals } from './order-statistics/bulk.js';
export { type ExplicitPatterns, type TopOverlaps, drawExplicitPatterns, sampleGamma, topOverlaps } from './order-statistics/sampler.js';
export {
  type SphereMgf,
  inverseUpperTail,
  logBeta,
  logGamma,
  logOverlapDensity,
  logSphereMgf,
  logUpperTail,
} from './order-statistics/special.js';
export { type ExperimentOptions, type SizeOptions, resolveBackendName } from './experiment.js';
export { type Progress } from './pool.js';
export { AbortError } from './abort.js';
export { binomialStderr, bootstrapMedianStderr, median } from './statistics.js';
export { type QuadraticFit, Z95, quadraticFit } from './fit.js';
export { type SuccessRateOptions, type SuccessRateResult, successRate } from './success-rate.js';
export {
  type BisectionOptions,
  type LambdaHalfByRateResult,
  type LambdaHalfOptions,
  type LambdaHalfResult,
  bisectionResolution,
  lambdaHalf,
  lambdaHalfByRate,
  medianCensoring,
} from './lambda-half.js';
export {
  type CrossoverFit,
  type CrossoverResult,
  type FiniteSizePoint,
  type FiniteSizeScanOptions,
  type FiniteSizeScanResult,
  crossoverFromCriticalLambdas,
  finiteSizeScan,
} from './finite-size-scan.js';
export { type Shard, WHOLE, checkShard, parseShard, shardRealisations } from './shard.js';
export {
  type CriticalLambdaPoint,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  type CrossoverRun,
  COMPUTED_BY,
  DYNAMICS_VERSION,
  criticalLambdaShard,
  mergeCriticalLambdaShards,
  runDifference,
} from './critical-lambdas.js';
export { SHARD_FORMAT, shardFromJson, shardToJson } from './shard-json.js';
export { type BasinPoint, type BasinsOptions, type BasinsResult, basins, crossingAngle } from './basins.js';
export { type AllPatternsOptions, type AllPatternsResult, allPatternsRetrieval } from './all-patterns.js';
export { basinDirection, basinStart, criticalLambda } from './tasks.js';
