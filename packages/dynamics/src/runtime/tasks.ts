import { type EnsembleName, fillNormal, rowStream, samplePatterns } from '@dam/ensembles';
import type { AttentionBackend } from '@dam/kernels';
import type { PatternStorage } from '../experiments/storage.js';
import { OrderStatisticsRunner } from '../order-statistics/runner.js';
import { criticalLambda } from '../protocol/critical-search.js';
import type { ProtocolRunner } from '../protocol/runner.js';
import type { ProtocolSettings, RunOutcome } from '../protocol/settings.js';
import { RealisationRunner, realisationArray } from '../runners/exact.js';
import { StreamingRunner } from '../runners/streaming.js';

/** Which patterns a task draws: `samplePatterns({ ensemble, dimension: N, seed, count: P })`. */
export interface PatternSpec {
  readonly ensemble: EnsembleName;
  readonly N: number;
  readonly P: number;
  /** The realisation's own seed (`realisationSeed(experimentSeed, r)`). */
  readonly seed: number;
  /** `'streaming'`: the run holds one tile of `tileRows` patterns at a time (default `'materialized'`). */
  readonly storage?: PatternStorage | undefined;
  /** Rows per tile in streaming mode. */
  readonly tileRows?: number | undefined;
  /** `K`, explicit patterns besides `ξ^1` in order-statistics mode. */
  readonly explicitPatterns?: number | undefined;
}

/** The storage fields of a {@link PatternSpec} for an experiment's checked storage settings. */
export function storageSpec(prepared: {
  readonly storage: { readonly mode: PatternStorage; readonly tileRows: number; readonly explicitPatterns: number };
}): Pick<PatternSpec, 'storage' | 'tileRows' | 'explicitPatterns'> {
  if (prepared.storage.mode === 'streaming') return { storage: 'streaming', tileRows: prepared.storage.tileRows };
  if (prepared.storage.mode === 'order-statistics') {
    return { storage: 'order-statistics', explicitPatterns: prepared.storage.explicitPatterns };
  }
  return {};
}

/** Success or failure from `ξ^1` at each λ of a list (success rates, the plain λ_{1/2} bisection). */
export interface OutcomesTask {
  readonly kind: 'outcomes';
  readonly patterns: PatternSpec;
  readonly lambdas: readonly number[];
  readonly protocol: ProtocolSettings;
}

/** The critical λ of one realisation by bisection (`lambdaHalf`). */
export interface CriticalTask {
  readonly kind: 'critical';
  readonly patterns: PatternSpec;
  readonly lambdaRange: readonly [number, number];
  readonly tolerance: number;
  readonly protocol: ProtocolSettings;
}

/** Success from `cos θ ξ^1 + sin θ u` for each θ of a list (`basins`). */
export interface BasinTask {
  readonly kind: 'basin';
  readonly patterns: PatternSpec;
  readonly lambda: number;
  readonly thetas: readonly number[];
  /** Seed of the random direction `u` (`deriveSeed(experimentSeed, r, SALT_DIRECTION)`). */
  readonly directionSeed: number;
  readonly protocol: ProtocolSettings;
}

/** Retrieval of every pattern from itself (`allPatternsRetrieval`). */
export interface AllPatternsTask {
  readonly kind: 'all-patterns';
  readonly patterns: PatternSpec;
  readonly lambda: number;
  readonly protocol: ProtocolSettings;
}

/** A unit of work: one realisation of the patterns. Plain data, sent to worker threads. */
export type Task = OutcomesTask | CriticalTask | BasinTask | AllPatternsTask;

/** What a task returns (plain data). */
export interface TaskResult {
  /** `outcomes` / `basin`: one flag per λ or θ. */
  readonly successes?: boolean[];
  /** `basin`: per θ, whether the first update landed in the success ball (`ProtocolRunner.lastFirstUpdate`). */
  readonly oneStep?: boolean[];
  /** `critical`: the realisation's critical λ. */
  readonly critical?: number;
  /** `all-patterns`: how many of the `P` patterns were retrieved from themselves. */
  readonly retrieved?: number;
  /** Attention updates computed. */
  readonly updates: number;
  /** Runs of the protocol. */
  readonly runs: number;
}

/**
 * The start of a basin run: `x0 = cos θ ξ^1 + sin θ u`, with `u` a random direction orthogonal to
 * `ξ^1` (a standard normal vector from the stream `rowStream(directionSeed, 0)`, projected out of
 * `ξ^1` and scaled to norm `√N`), computed in float64 and rounded to float32.
 */
export function basinStart(xi: Float32Array, theta: number, u: Float64Array): Float32Array {
  const x0 = new Float32Array(xi.length);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  for (let j = 0; j < xi.length; j++) x0[j] = c * (xi[j] as number) + s * (u[j] as number);
  return x0;
}

/** The direction `u` of {@link basinStart}: unit normal vector orthogonal to `ξ^1`, times `√N`. */
export function basinDirection(xi: Float32Array, directionSeed: number): Float64Array {
  const n = xi.length;
  const u = new Float64Array(n);
  fillNormal(rowStream(directionSeed, 0), u);
  let dot = 0;
  let norm2 = 0;
  for (let j = 0; j < n; j++) {
    dot += (u[j] as number) * (xi[j] as number);
    norm2 += (xi[j] as number) ** 2;
  }
  const c = norm2 > 0 ? dot / norm2 : 0;
  let unorm2 = 0;
  for (let j = 0; j < n; j++) {
    u[j] = (u[j] as number) - c * (xi[j] as number);
    unorm2 += (u[j] as number) ** 2;
  }
  const scale = Math.sqrt(n / unorm2);
  for (let j = 0; j < n; j++) u[j] = (u[j] as number) * scale;
  return u;
}

/**
 * The runner of one realisation for a task's pattern storage: the one place a runner is chosen.
 * A backend that can drop its copy of a matrix lets the thread draw every materialised realisation
 * into the same array (a fresh array per realisation costs page faults and garbage collection).
 */
function runnerFor(spec: PatternSpec, backend: AttentionBackend, protocol: ProtocolSettings): ProtocolRunner {
  const { ensemble, N, P, seed, storage, tileRows, explicitPatterns } = spec;
  switch (storage ?? 'materialized') {
    case 'streaming':
      if (tileRows === undefined) throw new RangeError('streaming tasks need tileRows');
      return new StreamingRunner({ ensemble, N, P, seed, tileRows }, backend, protocol);
    case 'order-statistics':
      if (explicitPatterns === undefined) throw new RangeError('order-statistics tasks need explicitPatterns');
      return new OrderStatisticsRunner({ ensemble, N, P, seed, explicitPatterns }, backend, protocol);
    case 'materialized': {
      const data = backend.invalidate === undefined ? undefined : scratchArray(P, N);
      return new RealisationRunner(samplePatterns({ ensemble, dimension: N, seed, count: P, data }), backend, protocol);
    }
  }
}

/**
 * The array this thread reuses for the patterns of its realisations (one, of the last shape asked),
 * taken again when its shape changes or it was detached (`realisationArray`).
 */
let scratch: { readonly rows: number; readonly cols: number; readonly data: Float32Array } | undefined;
function scratchArray(rows: number, cols: number): Float32Array {
  if (scratch === undefined || scratch.rows !== rows || scratch.cols !== cols || scratch.data.length !== rows * cols) {
    scratch = undefined; // the old array (if any) is dropped before the new one is made
    scratch = { rows, cols, data: realisationArray(rows, cols) };
  }
  return scratch.data;
}

/** Runs one task with `backend` (in a worker thread, or in the calling thread with `workers: 0`). */
export function runTask(task: Task, backend: AttentionBackend): TaskResult {
  if (task.kind === 'basin' && task.patterns.storage === 'order-statistics') return orderStatisticsBasin(task, backend);
  const runner = runnerFor(task.patterns, backend, task.protocol);
  try {
    return runOn(task, runner);
  } finally {
    runner.release();
  }
}

/**
 * A basin task in order-statistics mode: the frame of the explicit patterns is the start's, so each
 * angle has its own runner (`startAngle`), all from the realisation's seed — the same random numbers
 * for every angle, as the exact mode reuses its patterns.
 */
function orderStatisticsBasin(task: BasinTask, backend: AttentionBackend): TaskResult {
  const { ensemble, N, P, seed, explicitPatterns } = task.patterns;
  if (explicitPatterns === undefined) throw new RangeError('order-statistics tasks need explicitPatterns');
  const oneStep: boolean[] = [];
  const result = runEach(task.thetas.length, (i) => {
    const spec = { ensemble, N, P, seed, explicitPatterns, startAngle: task.thetas[i] as number };
    const runner = new OrderStatisticsRunner(spec, backend, task.protocol);
    const outcome = runner.run(runner.start, 0, task.lambda);
    oneStep.push(runner.lastFirstUpdate === true);
    return outcome;
  });
  return { ...result, oneStep };
}

/** Runs `count` runs of the protocol, the `i`-th by `run(i)`: which succeeded, and the updates computed. */
function runEach(count: number, run: (i: number) => RunOutcome): { successes: boolean[]; updates: number; runs: number } {
  let updates = 0;
  const successes: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const outcome = run(i);
    updates += outcome.updates;
    successes.push(outcome.success);
  }
  return { successes, updates, runs: count };
}

/** {@link runTask} on its runner. */
function runOn(task: Task, runner: ProtocolRunner): TaskResult {
  const xi = runner.first;
  switch (task.kind) {
    case 'critical':
      return criticalLambda(runner, task.lambdaRange, task.tolerance);
    case 'outcomes':
      return runEach(task.lambdas.length, (i) => runner.run(xi, 0, task.lambdas[i] as number));
    case 'basin': {
      const u = basinDirection(xi, task.directionSeed);
      const oneStep: boolean[] = [];
      const result = runEach(task.thetas.length, (i) => {
        const outcome = runner.run(basinStart(xi, task.thetas[i] as number, u), 0, task.lambda);
        oneStep.push(runner.lastFirstUpdate === true);
        return outcome;
      });
      return { ...result, oneStep };
    }
    case 'all-patterns': {
      const { successes, updates, runs } = runEach(task.patterns.P, (mu) => runner.run(runner.target(mu), mu, task.lambda));
      return { retrieved: successes.filter(Boolean).length, updates, runs };
    }
  }
}
