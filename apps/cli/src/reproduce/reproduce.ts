import os from 'node:os';
import { join } from 'node:path';
import {
  type BasinsResult,
  basins,
  type CriticalLambdaSet,
  type CriticalLambdaShard,
  type CrossoverResult,
  criticalLambdaShard,
  crossoverFromCriticalLambdas,
  resolveBackendName,
  shardFromJson,
  shardToJson,
} from '@dam/dynamics';
import {
  basinsFigure,
  binaryPhaseDiagram,
  degrees,
  ensemblesPhaseDiagram,
  fig1Bottom,
  fig1Top,
  fig2,
  fig2Data,
  fig3,
  scaledRegime,
} from '@dam/plot';
import { renderSvg, svgToPng } from '@dam/plot/node';
import { phaseDiagramRows } from '../commands/phase-diagram-command.js';
import { type FigureFunction, PNG_WIDTH, renderFigure, stackSvgs } from '../figure-file.js';
import { writeFileAtomic } from '../files.js';
import { formatCsv } from '../format/csv.js';
import { formatJson } from '../format/json.js';
import { StepCache } from './cache.js';
import type { BasinsSpec, CrossoverSpec, ReproducePreset } from './presets.js';
import { packageVersions } from './versions.js';

/** What `dam reproduce` can produce: a figure of the paper, or everything (with our figures). */
export type ReproduceTarget = 'fig1' | 'fig2' | 'fig3' | 'all';

/** The figures of the paper (and the order they are made in). */
export const REPRODUCE_TARGETS: readonly ReproduceTarget[] = ['fig1', 'fig2', 'fig3', 'all'];

/** Settings of a {@link reproduce} run. */
export interface ReproduceOptions {
  readonly target: ReproduceTarget;
  /** Output directory (created if needed). */
  readonly outDirectory: string;
  readonly preset: ReproducePreset;
  /** Realisations per simulated point. */
  readonly samples: number;
  readonly seed: number;
  readonly backend: string;
  readonly workers?: number | undefined;
  /** `false`: every run computes all its updates (same numbers; cached apart from the default). */
  readonly earlyStop?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Progress of the simulations, in realisations. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** One line per finished step (stderr). */
  readonly log: (line: string) => void;
  /** The command line, for the manifest. */
  readonly command: string;
}

/** One simulated crossover of Fig. 1 (bottom), as in the summary. */
export interface CrossoverSummary {
  readonly alpha: number;
  readonly lambdaInf: number;
  readonly ci: readonly [number, number];
  readonly lambdaC: number;
}

/** One basin experiment, as in the summary (degrees). */
export interface BasinsSummary {
  readonly lambda: number;
  readonly thetaC: number | null;
  readonly theoryThetaC: number | null;
}

/** What {@link reproduce} did. */
export interface ReproduceResult {
  readonly files: readonly string[];
  readonly crossovers: readonly CrossoverSummary[];
  readonly basins: readonly BasinsSummary[];
  readonly seconds: number;
  /** Simulation steps computed now, and taken from the cache of an earlier run. */
  readonly computed: number;
  readonly cached: number;
  readonly backend: string;
}

/** Writes `name` into the output directory (atomically) and records it. */
class Output {
  readonly files: string[] = [];
  constructor(readonly directory: string) {}
  write(name: string, data: string | Uint8Array): void {
    writeFileAtomic(join(this.directory, name), data);
    this.files.push(name);
  }
  figure(name: string, figure: FigureFunction): void {
    this.write(`${name}.svg`, renderFigure(figure, 'svg'));
    this.write(`${name}.png`, renderFigure(figure, 'png'));
  }
  data(name: string, rows: readonly object[], columns: readonly string[], json: unknown): void {
    this.write(`${name}.csv`, formatCsv(rows as Record<string, unknown>[], columns));
    this.write(
      `${name}.json`,
      `${JSON.stringify(json, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
    );
  }
}

/** The simulations of a run, cached step by step (see {@link StepCache}). */
class Simulations {
  computed = 0;
  cached = 0;
  private done = 0;
  constructor(
    private readonly options: ReproduceOptions,
    private readonly cache: StepCache,
    private readonly total: number,
    /** The backend every simulation uses, resolved once (`auto` → a name): part of each step's key. */
    private readonly backend: string,
  ) {}

  private progress(base: number) {
    return ({ done }: { done: number }) => this.options.onProgress?.(base + done, this.total);
  }

  /**
   * One cached simulation step: the stored value of `key` when its parameters match, else
   * `compute` (with progress) stored as `encode(value)`; then progress and one log line.
   */
  private async step<T>(step: {
    readonly key: string;
    readonly parameters: Record<string, unknown>;
    readonly decode: (value: unknown) => T;
    readonly encode: (value: T) => unknown;
    readonly compute: (onProgress: (progress: { done: number }) => void) => Promise<T>;
    readonly label: (value: T) => string;
  }): Promise<T> {
    const { samples, seed } = this.options;
    const parameters = { ...step.parameters, samples, seed, backend: this.backend, ...(this.fullRuns ? { earlyStop: false } : {}) };
    // Full runs (--no-early-stop) are cached apart from the default ones.
    const key = this.fullRuns ? `${step.key}-no-early-stop` : step.key;
    const start = performance.now();
    const stored = this.cache.get(key, parameters, step.decode);
    let value = stored;
    if (value === undefined) {
      value = await step.compute(this.progress(this.done));
      this.cache.set(key, parameters, step.encode(value));
      this.computed += 1;
    } else this.cached += 1;
    this.done += samples;
    this.options.onProgress?.(this.done, this.total);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    this.options.log(`${step.label(value)} ${stored === undefined ? `done in ${seconds} s` : 'from the cache'}`);
    return value;
  }

  /** `--no-early-stop`: every run computes all its updates (part of each step's key and parameters). */
  private get fullRuns(): boolean {
    return this.options.earlyStop === false;
  }

  /** What every simulation of the run shares. */
  private common(onProgress: (progress: { done: number }) => void) {
    const { samples, seed, workers, signal } = this.options;
    return { ensemble: 'spherical' as const, samples, seed, backend: this.backend, workers, earlyStop: !this.fullRuns, signal, onProgress };
  }

  /** The critical λs of size N at load α (one cached step). */
  crossoverPoint(alpha: number, N: number): Promise<CriticalLambdaShard> {
    const { samples, seed } = this.options;
    const key = `crossover-spherical-alpha=${alpha}-N=${N}-samples=${samples}-seed=${seed}`;
    return this.step({
      key,
      parameters: { kind: 'crossover', ensemble: 'spherical', alpha, N },
      decode: (value) => shardFromJson(JSON.stringify(value), key),
      encode: (shard) => JSON.parse(shardToJson(shard)),
      compute: (onProgress) => criticalLambdaShard({ ...this.common(onProgress), alpha, Ns: [N] }),
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
    const { samples, seed } = this.options;
    return this.step({
      key: `basins-spherical-alpha=${spec.alpha}-N=${spec.N}-lambda=${lambda}-samples=${samples}-seed=${seed}`,
      parameters: { kind: 'basins', ensemble: 'spherical', N: spec.N, alpha: spec.alpha, lambda, thetasDegrees: spec.thetasDegrees },
      decode: (value) => value as BasinsResult,
      encode: (result) => result,
      compute: (onProgress) =>
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

/** The data rows of Fig. 1 (bottom): one per (α, N), and per α a last row N = inf with the fit. */
function crossoverRows(results: readonly CrossoverResult[]): Record<string, number | undefined>[] {
  return results.flatMap((result) => [
    ...result.points.map((p) => ({ alpha: result.alpha, N: p.N, P: p.P, lambdaHalf: p.lambdaHalf, stderr: p.stderr })),
    {
      alpha: result.alpha,
      N: Number.POSITIVE_INFINITY,
      lambdaHalf: result.fit?.lambdaInf,
      ciLow: result.fit?.ci[0],
      ciHigh: result.fit?.ci[1],
      lambdaC: result.theory.lambdaC,
    },
  ]);
}

/**
 * `dam reproduce`: the figures of the paper from scratch — Fig. 1 (phase diagram of spherical
 * patterns, and the simulated retrieval crossover extrapolated to N = ∞), Fig. 2 (basin angle
 * θ_c), Fig. 3 (Gaussian phase diagram) and, with `all`, ours (binary patterns, all ensembles, the
 * scaled regime, basins measured by simulation) — each as SVG and PNG with its data as CSV and
 * JSON, plus `manifest.json`. Simulation steps are cached in `<out>/.cache`, so a re-run resumes.
 */
export async function reproduce(options: ReproduceOptions): Promise<ReproduceResult> {
  const start = performance.now();
  const startedAt = new Date().toISOString();
  const versions = packageVersions();
  // A cached step is reused only if the code that decides its numbers is the same version.
  const cache = new StepCache(options.outDirectory, {
    '@dam/dynamics': versions['@dam/dynamics'],
    '@dam/ensembles': versions['@dam/ensembles'],
    '@dam/kernels': versions['@dam/kernels'],
  });
  const out = new Output(options.outDirectory);
  const { target, preset, samples } = options;
  const wants = (figure: ReproduceTarget): boolean => target === 'all' || target === figure;
  const basinSteps = target === 'all' ? preset.basins.lambdas.length : 0;
  const crossoverSteps = wants('fig1') ? preset.crossovers.reduce((sum, spec) => sum + spec.Ns.length, 0) : 0;
  const simulationBackend = crossoverSteps + basinSteps > 0 ? await resolveBackendName(options.backend) : options.backend;
  const simulations = new Simulations(options, cache, samples * (crossoverSteps + basinSteps), simulationBackend);

  const crossovers: CrossoverResult[] = [];
  if (wants('fig1')) {
    for (const spec of preset.crossovers) crossovers.push(await simulations.crossover(spec));
  }
  const basinResults: BasinsResult[] = [];
  if (target === 'all') {
    for (const lambda of preset.basins.lambdas) basinResults.push(await simulations.basins(preset.basins, lambda));
  }

  // Every simulation is done: now the files, each written atomically; Ctrl-C is honoured between them.
  const checkpoint = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted === true) throw options.signal.reason ?? new Error('aborted');
  };
  if (wants('fig1')) {
    await checkpoint();
    const top = phaseDiagramRows('spherical', 0.1, 1000, 200);
    out.data('fig1-top', top, ['lambda', 'alpha1', 'alphaCLowerBound', 'alphaStar', 'ramsauerLowerBound'], {
      ensemble: 'spherical',
      rows: top,
    });
    out.data(
      'fig1-bottom',
      crossoverRows(crossovers),
      ['alpha', 'N', 'P', 'lambdaHalf', 'stderr', 'ciLow', 'ciHigh', 'lambdaC'],
      crossovers,
    );
    const scans = crossovers.map((result) => ({ ...result, fit: result.fit as NonNullable<CrossoverResult['fit']> }));
    const bottom: FigureFunction = (o) => fig1Bottom(scans, o);
    const panels = stackSvgs([renderSvg(fig1Top), renderSvg(bottom)]);
    out.write('fig1.svg', panels);
    out.write('fig1.png', svgToPng(panels, { width: PNG_WIDTH }));
    out.figure('fig1-top', fig1Top);
    out.figure('fig1-bottom', bottom);
  }
  if (wants('fig2')) {
    await checkpoint();
    // The figure's own numbers (its defaults), as data beside it.
    const { curves, markers } = fig2Data();
    const rows = curves.flat().map((p) => ({ alpha: p.alpha, lambda: p.lambda, thetaCDegrees: p.thetaC }));
    out.data('fig2', rows, ['alpha', 'lambda', 'thetaCDegrees'], { ensemble: 'spherical', curves: rows, markers });
    out.figure('fig2', fig2);
  }
  if (wants('fig3')) {
    await checkpoint();
    const rows = phaseDiagramRows('gaussian', 0.1, 10, 200);
    out.data('fig3', rows, ['lambda', 'alpha1', 'alphaCLowerBound', 'alphaStar'], {
      ensemble: 'gaussian',
      rows,
      saturation: { alpha1: 0.5, alphaCLowerBound: Math.LN2 / 4 },
    });
    out.figure('fig3', fig3);
  }
  if (target === 'all') {
    await checkpoint();
    const rows = phaseDiagramRows('binary', 0.1, 100, 200);
    out.data('binary', rows, ['lambda', 'alpha1', 'alphaCLowerBound', 'alphaStar'], { ensemble: 'binary', rows });
    out.figure('binary', binaryPhaseDiagram);
    await checkpoint();
    out.figure('ensembles', ensemblesPhaseDiagram);
    await checkpoint();
    out.figure('scaled-regime', scaledRegime);
    await checkpoint();
    const basinRows = basinResults.flatMap((result) =>
      result.points.map((p) => ({ lambda: result.lambda, thetaDegrees: degrees(p.theta), rate: p.rate, stderr: p.stderr })),
    );
    out.data('basins', basinRows, ['lambda', 'thetaDegrees', 'rate', 'stderr'], basinResults);
    out.figure('basins', (o) => basinsFigure(basinResults, o));
  }

  await checkpoint();
  const seconds = (performance.now() - start) / 1000;
  const backend = crossoverSteps + basinSteps > 0 ? simulationBackend : 'none (theory only)';
  const manifest = {
    command: options.command,
    target,
    preset: preset.name,
    samples,
    seed: options.seed,
    backend,
    earlyStop: options.earlyStop !== false,
    versions,
    machine: {
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    startedAt,
    seconds: Math.round(seconds * 10) / 10,
    steps: { computed: simulations.computed, fromCache: simulations.cached },
    files: [...out.files],
  };
  out.write('manifest.json', formatJson([manifest]));
  return {
    files: out.files,
    crossovers: crossovers.map((result) => ({
      alpha: result.alpha,
      lambdaInf: result.fit?.lambdaInf ?? Number.NaN,
      ci: result.fit?.ci ?? [Number.NaN, Number.NaN],
      lambdaC: result.theory.lambdaC,
    })),
    basins: basinResults.map((result) => ({
      lambda: result.lambda,
      thetaC: result.thetaC === undefined ? null : degrees(result.thetaC),
      theoryThetaC: result.theory.thetaC === undefined ? null : degrees(result.theory.thetaC),
    })),
    seconds,
    computed: simulations.computed,
    cached: simulations.cached,
    backend,
  };
}
