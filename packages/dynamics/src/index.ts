// The public API of @dam/dynamics: the retrieval dynamics, the experiments of the paper and their
// shards, and the statistics they report. The machinery behind them (runners, certificates, the
// order-statistics sampler, special functions) is in `@dam/dynamics/internals`, unstable.

export { AbortError } from './abort.js';
export { type AllPatternsOptions, type AllPatternsResult, allPatternsRetrieval } from './all-patterns.js';
export { type BasinPoint, type BasinsOptions, type BasinsResult, basins, crossingAngle } from './basins.js';
export {
  type CriticalLambdaPoint,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  type CrossoverRun,
  criticalLambdaShard,
  DYNAMICS_VERSION,
  mergeCriticalLambdaShards,
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
  type LambdaHalfByRateResult,
  type LambdaHalfOptions,
  type LambdaHalfResult,
  lambdaHalf,
  lambdaHalfByRate,
} from './lambda-half.js';
export { patternCount, realisationBytes } from './memory.js';
export { DEFAULT_EXPLICIT_PATTERNS } from './order-statistics/runner.js';
export type { Progress } from './pool.js';
export { PAPER_PROTOCOL, type ProtocolSettings, protocolSettings, type RunOutcome, type StopReason } from './protocol.js';
export { type RetrieveOptions, type RetrieveResult, retrieve } from './retrieve.js';
export { deriveSeed, realisationSeed } from './seeds.js';
export { checkShard, parseShard, type Shard, shardRealisations, WHOLE } from './shard.js';
export { SHARD_FORMAT, shardFromJson, shardToJson } from './shard-json.js';
export { binomialStderr, bootstrapMedianStderr, median } from './statistics.js';
export { DEFAULT_TILE_ROWS, type PatternStorage, type PatternStorageOptions } from './streaming.js';
export { type SuccessRateOptions, type SuccessRateResult, successRate } from './success-rate.js';
