import {
  type BasinRecord,
  type BasinsResult,
  basins,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  type CrossoverResult,
  criticalLambdaShard,
  crossoverFromCriticalLambdas,
  DEFAULT_EXPLICIT_PATTERNS,
  patternCount,
  type RealisationRecord,
  shardFromJson,
  shardToJson,
} from '@dam/dynamics';
import { type JournalContent, JournalError, JournalWriter, type RecordCodec, readJournal } from '../journal.js';
import { BASIN_RECORDS, CRITICAL_RECORDS } from '../journal-records.js';
import { resumeRefusal, ShardJournal } from '../shard-journal.js';
import type { StepCache } from './cache.js';
import type { BasinsSpec, CrossoverSpec, LargeNSettings } from './presets.js';

/** What the simulations of a `dam reproduce` run share. */
export interface SimulationSettings {
  /** Realisations per point where a step does not set its own (the preset's, or `--samples`). */
  readonly samples: number;
  /** `--samples` when given: it overrides the steps' own numbers too. */
  readonly samplesOverride?: number | undefined;
  readonly seed: number;
  readonly workers?: number | undefined;
  /** `false`: every run computes all its updates (same numbers; cached apart from the default). */
  readonly earlyStop?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Realisations `done` of `total`, and `work`: the fraction of the expected cost of this run done. */
  readonly onProgress?: ((done: number, total: number, work: number) => void) | undefined;
  readonly log: (line: string) => void;
}

/**
 * Runs of the protocol per realisation, for the cost of a step: a critical-λ search probes about
 * this many λs; a basin experiment runs once per angle.
 */
const SEARCH_PROBES = 12;

/** The steps a run will simulate, for the cost-weighted progress. */
export interface SimulationPlan {
  readonly crossovers: readonly CrossoverSpec[];
  /** Basin experiments, each at all its λs. */
  readonly basins: readonly BasinsSpec[];
}

/**
 * The expected cost of one realisation of a step: patterns held × N per update × runs per
 * realisation (`P`, or the explicit patterns of the order-statistics mode).
 */
function stepWeight(spec: LargeNSettings & { readonly alpha: number }, N: number, runs: number): number {
  const held = spec.patterns === 'order-statistics' ? DEFAULT_EXPLICIT_PATTERNS + 1 : patternCount(N, spec.alpha);
  return Math.min(held, patternCount(N, spec.alpha)) * N * runs;
}

/** The key suffix of a step's storage mode (none for the exact mode, so earlier caches stay valid). */
function modeKey(spec: LargeNSettings): string {
  return spec.patterns === 'order-statistics' ? '-patterns=order-statistics' : '';
}

/**
 * The simulations of a `dam reproduce` run, cached step by step (see {@link StepCache}); a
 * crossover step keeps a journal of its finished realisations beside its cache entry, so that an
 * interrupted step resumes where it stopped (a journal of another run or a damaged one is discarded
 * with a warning). Progress is weighted by the expected cost of the steps left to compute.
 */
export class Simulations {
  computed = 0;
  cached = 0;
  private done = 0;
  private readonly total: number;
  /** Cost of the steps computed so far, and of the steps not yet computed nor found in the cache. */
  private spent = 0;
  private left: number;

  constructor(
    private readonly settings: SimulationSettings,
    private readonly cache: StepCache,
    plan: SimulationPlan,
    /** The backend every simulation uses, resolved once (`auto` → a name): part of each step's key. */
    private readonly backend: string,
  ) {
    const steps = [
      ...plan.crossovers.flatMap((spec) =>
        spec.Ns.map((N) => ({ samples: this.samplesOf(spec), weight: stepWeight(spec, N, SEARCH_PROBES) })),
      ),
      ...plan.basins.flatMap((spec) =>
        spec.lambdas.map(() => ({ samples: this.samplesOf(spec), weight: stepWeight(spec, spec.N, spec.thetasDegrees.length) })),
      ),
    ];
    this.total = steps.reduce((sum, step) => sum + step.samples, 0);
    this.left = steps.reduce((sum, step) => sum + step.samples * step.weight, 0);
  }

  /** Realisations per point of a step: `--samples`, else the step's own, else the preset's. */
  samplesOf(spec: LargeNSettings): number {
    return this.settings.samplesOverride ?? spec.samples ?? this.settings.samples;
  }

  /** `--no-early-stop`: every run computes all its updates (part of each step's key and parameters). */
  private get fullRuns(): boolean {
    return this.settings.earlyStop === false;
  }

  /**
   * One cached simulation step of `weight` per realisation: the stored value of `key` when its
   * parameters match, else `compute` (with progress) stored as `encode(value)`; then one log line.
   * The key holds the backend and, for full runs, `-no-early-stop`, so runs never overwrite each other.
   */
  private async step<T>(step: {
    readonly key: string;
    readonly samples: number;
    readonly weight: number;
    readonly parameters: Record<string, unknown>;
    readonly decode: (value: unknown) => T;
    readonly encode: (value: T) => unknown;
    readonly compute: (
      key: string,
      onProgress: (progress: { done: number; work?: number | undefined }) => void,
      parameters: Record<string, unknown>,
    ) => Promise<T>;
    readonly label: (value: T) => string;
  }): Promise<T> {
    const { seed } = this.settings;
    const { samples } = step;
    const parameters = { ...step.parameters, samples, seed, backend: this.backend, ...(this.fullRuns ? { earlyStop: false } : {}) };
    const key = `${step.key}-backend=${this.backend}${this.fullRuns ? '-no-early-stop' : ''}`;
    const cost = step.weight * samples;
    const start = performance.now();
    const stored = this.cache.get(key, parameters, step.decode);
    let value = stored;
    if (value === undefined) {
      const base = this.done;
      value = await step.compute(
        key,
        ({ done, work }) => {
          const fraction = work ?? done / samples;
          this.settings.onProgress?.(base + done, this.total, (this.spent + fraction * cost) / (this.spent + this.left));
        },
        parameters,
      );
      this.cache.set(key, parameters, step.encode(value));
      this.computed += 1;
      this.spent += cost;
    } else this.cached += 1;
    this.left -= cost;
    this.done += samples;
    this.settings.onProgress?.(this.done, this.total, this.spent + this.left > 0 ? this.spent / (this.spent + this.left) : 1);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    this.settings.log(`${step.label(value)} ${stored === undefined ? `done in ${seconds} s` : 'from the cache'}`);
    return value;
  }

  /** What every simulation of the run shares, and the step's ensemble, storage and realisations. */
  private common(
    onProgress: (progress: { done: number; work?: number | undefined }) => void,
    spec: LargeNSettings & { readonly ensemble?: 'spherical' | 'gaussian' | undefined },
  ) {
    const { seed, workers, signal } = this.settings;
    return {
      ensemble: spec.ensemble ?? ('spherical' as const),
      ...(spec.patterns === undefined ? {} : { patterns: spec.patterns }),
      samples: this.samplesOf(spec),
      seed,
      backend: this.backend,
      workers,
      earlyStop: !this.fullRuns,
      signal,
      onProgress,
    };
  }

  /**
   * The journal of step `key` (in the cache folder) read with `codec`: `undefined` when there is
   * none, or when it is damaged (discarded with a warning).
   */
  private readJournal<R>(key: string, codec: RecordCodec<R>): JournalContent<R> | undefined {
    const path = this.cache.journal(key);
    try {
      return readJournal(path, codec);
    } catch (error) {
      if (!(error instanceof JournalError)) throw error;
      this.settings.log(`warning: ${error.message.replace(/; delete the file.*$/, '')}; discarded`);
      return undefined;
    }
  }

  /**
   * Runs `compute` with a journal of its realisations at the cache's `journal(key)`, headed by
   * `header` (once known: `compute` calls `open`); removed once the step is done, kept on error.
   */
  private async journaled<R, T>(
    key: string,
    codec: RecordCodec<R>,
    existing: JournalContent<R> | undefined,
    compute: (journal: { open: (header: object) => void; append: (record: R) => void }) => Promise<T>,
  ): Promise<T> {
    const path = this.cache.journal(key);
    let writer: JournalWriter<R> | undefined;
    try {
      const value = await compute({
        open: (header) => {
          writer = JournalWriter.open(path, header, codec, existing);
          if (existing !== undefined) this.settings.log(`resuming: ${existing.records.length} realisations of this step done (${path})`);
        },
        append: (record) => writer?.append(record),
      });
      writer?.close(true);
      writer = undefined;
      return value;
    } finally {
      writer?.close();
    }
  }

  /** A crossover step's critical λs, journaled: a journal of another run is discarded with a warning. */
  private async journaledShard(key: string, options: CriticalLambdaShardOptions): Promise<CriticalLambdaShard> {
    const path = this.cache.journal(key);
    const attempt = async (existing: JournalContent<RealisationRecord> | undefined) => {
      const journal = new ShardJournal(path, existing, (done) =>
        this.settings.log(`resuming: ${done} realisations of this step done (${path})`),
      );
      try {
        const shard = await criticalLambdaShard({ ...options, ...journal.hooks });
        journal.finish();
        return shard;
      } finally {
        journal.stop();
      }
    };
    try {
      return await attempt(this.readJournal(key, CRITICAL_RECORDS));
    } catch (error) {
      const refusal = resumeRefusal(error);
      if (refusal === undefined) throw error;
      this.settings.log(`warning: ${path}: ${refusal}; discarded`);
      return attempt(undefined);
    }
  }

  /** The critical λs of size N of a crossover scan (one cached, journaled step). */
  crossoverPoint(spec: CrossoverSpec, N: number): Promise<CriticalLambdaShard> {
    const { seed } = this.settings;
    const samples = this.samplesOf(spec);
    const { alpha } = spec;
    const ensemble = spec.ensemble ?? 'spherical';
    const figure = spec.patterns === 'order-statistics' ? `large N (${ensemble})` : 'fig1';
    return this.step({
      key: `crossover-${ensemble}-alpha=${alpha}-N=${N}${modeKey(spec)}-samples=${samples}-seed=${seed}`,
      samples,
      weight: stepWeight(spec, N, SEARCH_PROBES),
      parameters: { kind: 'crossover', ensemble, alpha, N, ...(spec.patterns === undefined ? {} : { patterns: spec.patterns }) },
      decode: (value) => shardFromJson(JSON.stringify(value), `crossover alpha = ${alpha}, N = ${N}`),
      encode: (shard) => JSON.parse(shardToJson(shard)),
      compute: (key, onProgress) => this.journaledShard(key, { ...this.common(onProgress, spec), alpha, Ns: [N] }),
      label: (shard) => `${figure}: alpha = ${alpha}, N = ${N} (P = ${shard.points[0]?.P})`,
    });
  }

  /** The crossover scan of one α: every size, then the fits. */
  async crossover(spec: CrossoverSpec): Promise<CrossoverResult> {
    const shards: CriticalLambdaShard[] = [];
    for (const N of spec.Ns) shards.push(await this.crossoverPoint(spec, N));
    const first = shards[0] as CriticalLambdaShard;
    const set: CriticalLambdaSet = {
      run: { ...first.run, Ns: spec.Ns },
      backend: first.backend,
      version: first.version,
      points: shards.map((shard) => shard.points[0] as CriticalLambdaShard['points'][number]),
    };
    return crossoverFromCriticalLambdas(set);
  }

  /** The basin experiment at one λ (one cached step). */
  basins(spec: BasinsSpec, lambda: number): Promise<BasinsResult> {
    const { seed } = this.settings;
    const samples = this.samplesOf(spec);
    return this.step({
      key: `basins-spherical-alpha=${spec.alpha}-N=${spec.N}-lambda=${lambda}${modeKey(spec)}-samples=${samples}-seed=${seed}`,
      samples,
      weight: stepWeight(spec, spec.N, spec.thetasDegrees.length),
      parameters: {
        kind: 'basins',
        ensemble: 'spherical',
        N: spec.N,
        alpha: spec.alpha,
        lambda,
        thetasDegrees: spec.thetasDegrees,
        ...(spec.patterns === undefined ? {} : { patterns: spec.patterns }),
      },
      decode: (value) => value as BasinsResult,
      encode: (result) => result,
      compute: (key, onProgress, parameters) => {
        // The journal's header: what the step's numbers depend on (its cache parameters and the
        // versions that compute them); a journal with another header is discarded.
        const header = { key, parameters, stamp: this.cache.stamp };
        let existing = this.readJournal(key, BASIN_RECORDS);
        if (existing !== undefined && JSON.stringify(existing.header) !== JSON.stringify(header)) {
          this.settings.log(`warning: ${this.cache.journal(key)}: the records are of another run; discarded`);
          existing = undefined;
        }
        return this.journaled(key, BASIN_RECORDS, existing, (journal) => {
          journal.open(header);
          return basins({
            ...this.common(onProgress, spec),
            N: spec.N,
            alpha: spec.alpha,
            lambda,
            thetas: spec.thetasDegrees.map((d) => (d * Math.PI) / 180),
            completed: existing?.records,
            onRealisation: (record: BasinRecord) => journal.append(record),
          });
        });
      },
      label: () => `basins: lambda = ${lambda}, N = ${spec.N}`,
    });
  }
}
