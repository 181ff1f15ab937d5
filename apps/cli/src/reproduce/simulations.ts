import {
  type BasinsResult,
  basins,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CriticalLambdaShardOptions,
  type CrossoverResult,
  criticalLambdaShard,
  crossoverFromCriticalLambdas,
  patternCount,
  shardFromJson,
  shardToJson,
} from '@dam/dynamics';
import { JournalError, JournalWriter, readJournal } from '../journal.js';
import type { StepCache } from './cache.js';
import type { BasinsSpec, CrossoverSpec } from './presets.js';

/** What the simulations of a `dam reproduce` run share. */
export interface SimulationSettings {
  readonly samples: number;
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
  readonly basins?: BasinsSpec | undefined;
}

/** The expected cost of one realisation of a step: `P·N` per update × runs per realisation. */
function stepWeight(alpha: number, N: number, runs: number): number {
  return patternCount(N, alpha) * N * runs;
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
    const { samples } = settings;
    const crossoverSteps = plan.crossovers.flatMap((spec) => spec.Ns.map((N) => stepWeight(spec.alpha, N, SEARCH_PROBES)));
    const basinSteps = (plan.basins?.lambdas ?? []).map(() =>
      stepWeight(plan.basins?.alpha ?? 0, plan.basins?.N ?? 0, plan.basins?.thetasDegrees.length ?? 0),
    );
    this.total = samples * (crossoverSteps.length + basinSteps.length);
    this.left = samples * [...crossoverSteps, ...basinSteps].reduce((a, b) => a + b, 0);
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
    readonly weight: number;
    readonly parameters: Record<string, unknown>;
    readonly decode: (value: unknown) => T;
    readonly encode: (value: T) => unknown;
    readonly compute: (key: string, onProgress: (progress: { done: number; work?: number | undefined }) => void) => Promise<T>;
    readonly label: (value: T) => string;
  }): Promise<T> {
    const { samples, seed } = this.settings;
    const parameters = { ...step.parameters, samples, seed, backend: this.backend, ...(this.fullRuns ? { earlyStop: false } : {}) };
    const key = `${step.key}-backend=${this.backend}${this.fullRuns ? '-no-early-stop' : ''}`;
    const cost = step.weight * samples;
    const start = performance.now();
    const stored = this.cache.get(key, parameters, step.decode);
    let value = stored;
    if (value === undefined) {
      const base = this.done;
      value = await step.compute(key, ({ done, work }) => {
        const fraction = work ?? done / samples;
        this.settings.onProgress?.(base + done, this.total, (this.spent + fraction * cost) / (this.spent + this.left));
      });
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

  /** What every simulation of the run shares. */
  private common(onProgress: (progress: { done: number; work?: number | undefined }) => void) {
    const { samples, seed, workers, signal } = this.settings;
    return { ensemble: 'spherical' as const, samples, seed, backend: this.backend, workers, earlyStop: !this.fullRuns, signal, onProgress };
  }

  /**
   * `criticalLambdaShard(options)` with a journal at the cache's `journal(key)`: resumed from when
   * it belongs to this step, else discarded with a warning; removed once the step is done.
   */
  private async journaled(key: string, options: CriticalLambdaShardOptions): Promise<CriticalLambdaShard> {
    const path = this.cache.journal(key);
    let existing: ReturnType<typeof readJournal>;
    try {
      existing = readJournal(path);
    } catch (error) {
      if (!(error instanceof JournalError)) throw error;
      this.settings.log(`warning: ${error.message.replace(/; delete the file.*$/, '')}; discarded`);
      existing = undefined;
    }
    let writer: JournalWriter | undefined;
    const attempt = (resume: typeof existing) =>
      criticalLambdaShard({
        ...options,
        onStart: (identity) => {
          writer = JournalWriter.open(path, identity, resume);
          if (resume !== undefined) this.settings.log(`resuming: ${resume.records.length} realisations of this step done (${path})`);
        },
        onRealisation: (record) => writer?.append(record),
        resume: resume === undefined ? undefined : { identity: resume.identity, records: resume.records },
      });
    try {
      let shard: CriticalLambdaShard;
      try {
        shard = await attempt(existing);
      } catch (error) {
        if (!(error instanceof RangeError && error.message.startsWith('resume: '))) throw error;
        this.settings.log(`warning: ${path}: ${error.message.slice('resume: '.length)}; discarded`);
        shard = await attempt(undefined);
      }
      writer?.close(true);
      writer = undefined;
      return shard;
    } finally {
      writer?.close();
    }
  }

  /** The critical λs of size N at load α (one cached, journaled step). */
  crossoverPoint(alpha: number, N: number): Promise<CriticalLambdaShard> {
    const { samples, seed } = this.settings;
    return this.step({
      key: `crossover-spherical-alpha=${alpha}-N=${N}-samples=${samples}-seed=${seed}`,
      weight: stepWeight(alpha, N, SEARCH_PROBES),
      parameters: { kind: 'crossover', ensemble: 'spherical', alpha, N },
      decode: (value) => shardFromJson(JSON.stringify(value), `crossover alpha = ${alpha}, N = ${N}`),
      encode: (shard) => JSON.parse(shardToJson(shard)),
      compute: (key, onProgress) => this.journaled(key, { ...this.common(onProgress), alpha, Ns: [N] }),
      label: (shard) => `fig1: alpha = ${alpha}, N = ${N} (P = ${shard.points[0]?.P})`,
    });
  }

  /** The crossover scan of one α: every size, then the fit. */
  async crossover(spec: CrossoverSpec): Promise<CrossoverResult> {
    const shards: CriticalLambdaShard[] = [];
    for (const N of spec.Ns) shards.push(await this.crossoverPoint(spec.alpha, N));
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
    const { samples, seed } = this.settings;
    return this.step({
      key: `basins-spherical-alpha=${spec.alpha}-N=${spec.N}-lambda=${lambda}-samples=${samples}-seed=${seed}`,
      weight: stepWeight(spec.alpha, spec.N, spec.thetasDegrees.length),
      parameters: { kind: 'basins', ensemble: 'spherical', N: spec.N, alpha: spec.alpha, lambda, thetasDegrees: spec.thetasDegrees },
      decode: (value) => value as BasinsResult,
      encode: (result) => result,
      compute: (_, onProgress) =>
        basins({
          ...this.common(onProgress),
          N: spec.N,
          alpha: spec.alpha,
          lambda,
          thetas: spec.thetasDegrees.map((d) => (d * Math.PI) / 180),
        }),
      label: () => `basins: lambda = ${lambda}, N = ${spec.N}`,
    });
  }
}
