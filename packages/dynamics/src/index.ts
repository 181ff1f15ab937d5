// The public API of @dam/dynamics: the retrieval dynamics, the experiments of the paper and their
// shards, and the statistics they report. The machinery behind them (runners, certificates, the
// order-statistics sampler, special functions) is in `@dam/dynamics/internals`, unstable.

export { type AllPatternsOptions, type AllPatternsResult, allPatternsRetrieval } from './experiments/all-patterns.js';
export { type BasinPoint, type BasinRecord, type BasinsOptions, type BasinsResult, basins, crossingAngle } from './experiments/basins.js';
export {
  type CriticalLambdaPoint,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  type CrossoverRun,
  criticalLambdaShard,
  DYNAMICS_VERSION,
  type RealisationRecord,
  type ShardIdentity,
} from './experiments/critical-lambdas.js';
export type { CrossoverFit, QuadraticCrossoverFit } from './experiments/crossover-fit.js';
export { type ExperimentOptions, resolveBackendName, type SizeOptions } from './experiments/experiment.js';
export {
  type CrossoverResult,
  crossoverFromCriticalLambdas,
  type FiniteSizePoint,
  type FiniteSizeScanOptions,
  type FiniteSizeScanResult,
  finiteSizeScan,
} from './experiments/finite-size-scan.js';
export { type LinearFit, linearFit, type QuadraticFit, quadraticFit, Z95 } from './experiments/fit.js';
export {
  type BisectionOptions,
  type LambdaHalfByRateResult,
  type LambdaHalfOptions,
  type LambdaHalfResult,
  lambdaHalf,
  lambdaHalfByRate,
} from './experiments/lambda-half.js';
export { mergeCriticalLambdaShards } from './experiments/merge-shards.js';
export { deriveSeed, realisationSeed } from './experiments/seeds.js';
export { checkShard, parseShard, type Shard, shardRealisations, WHOLE } from './experiments/shard.js';
export { SHARD_FORMAT, shardFromJson, shardToJson } from './experiments/shard-json.js';
export { binomialStderr, bootstrapMedianStderr, median } from './experiments/statistics.js';
export { DEFAULT_TILE_ROWS, type PatternStorage, type PatternStorageOptions } from './experiments/storage.js';
export { type SuccessRateOptions, type SuccessRateResult, successRate } from './experiments/success-rate.js';
export { DEFAULT_EXPLICIT_PATTERNS } from './order-statistics/runner.js';
export { energy, gradient } from './protocol/energy.js';
export { type RetrieveOptions, type RetrieveResult, retrieve } from './protocol/retrieve.js';
export { PAPER_PROTOCOL, type ProtocolSettings, protocolSettings, type RunOutcome, type StopReason } from './protocol/settings.js';
export { AbortError } from './runtime/abort.js';
export { patternCount, realisationBytes } from './runtime/memory.js';
export type { Progress } from './runtime/pool.js';
