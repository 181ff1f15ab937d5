import os from 'node:os';
import { type BasinsResult, type CrossoverResult, resolveBackendName } from '@dam/dynamics';
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
import { stackSvgs } from '../figure-file.js';
import { type FigureFunction, PNG_WIDTH } from '../figure-format.js';
import { StepCache } from './cache.js';
import { type LargeNResults, writeLargeN } from './large-n.js';
import { OutputSet } from './output.js';
import type { BasinsSpec, ReproducePreset, ReproduceTarget } from './presets.js';
import { type SimulationSettings, Simulations } from './simulations.js';
import { packageVersions } from './versions.js';

/** Settings of a {@link reproduce} run: its simulations' (`samples` per point, seed, workers, progress, log lines) and these. */
export interface ReproduceOptions extends SimulationSettings {
  readonly target: ReproduceTarget;
  /** Output directory (created if needed). */
  readonly outDirectory: string;
  readonly preset: ReproducePreset;
  readonly backend: string;
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
  /** With `all`: the large-N crossovers extrapolated with the finite-size law, and the large-N basins. */
  readonly largeN: {
    readonly crossovers: readonly (CrossoverSummary & { readonly ensemble: string })[];
    readonly basins: readonly (BasinsSummary & { readonly N: number; readonly thetaCOneStep: number | null })[];
  };
  readonly seconds: number;
  /** Simulation steps computed now, and taken from the cache of an earlier run. */
  readonly computed: number;
  readonly cached: number;
  readonly backend: string;
}

/** The data rows of Fig. 1 (bottom): one per (α, N), and per α a last row N = inf with the paper's quadratic fit. */
function crossoverRows(results: readonly CrossoverResult[]): Record<string, number | undefined>[] {
  return results.flatMap((result) => [
    ...result.points.map((p) => ({ alpha: result.alpha, N: p.N, P: p.P, lambdaHalf: p.lambdaHalf, stderr: p.stderr })),
    {
      alpha: result.alpha,
      N: Number.POSITIVE_INFINITY,
      lambdaHalf: result.fitQuadratic?.lambdaInf,
      ciLow: result.fitQuadratic?.ci[0],
      ciHigh: result.fitQuadratic?.ci[1],
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
  const { target, preset, samples } = options;
  const wants = (figure: ReproduceTarget): boolean => target === 'all' || target === figure;
  const { largeN } = preset;
  const largeNCrossovers = target === 'all' ? [largeN.spherical, ...(largeN.gaussian === undefined ? [] : [largeN.gaussian])] : [];
  const plan = {
    crossovers: [...(wants('fig1') ? preset.crossovers : []), ...largeNCrossovers],
    basins: target === 'all' ? [preset.basins, ...(largeN.basins === undefined ? [] : [largeN.basins])] : [],
  };
  const simulating = plan.crossovers.length > 0 || plan.basins.length > 0;
  const simulationBackend = simulating ? await resolveBackendName(options.backend) : options.backend;
  const simulations = new Simulations(options, cache, plan, simulationBackend);

  const crossovers: CrossoverResult[] = [];
  if (wants('fig1')) {
    for (const spec of preset.crossovers) crossovers.push(await simulations.crossover(spec));
  }
  const basinResults: BasinsResult[] = [];
  const large: LargeNResults = { crossovers: [], basins: [] };
  if (target === 'all') {
    for (const lambda of preset.basins.lambdas) basinResults.push(await simulations.basins(preset.basins, lambda));
    for (const spec of largeNCrossovers) large.crossovers.push(await simulations.crossover(spec));
    for (const lambda of largeN.basins?.lambdas ?? []) large.basins.push(await simulations.basins(largeN.basins as BasinsSpec, lambda));
  }

  // Every simulation is done: now the files, staged; a signal is honoured between them and leaves
  // the folder's previous set as it was.
  const out = new OutputSet(options.outDirectory);
  try {
    await writeFigures(options, out, crossovers, basinResults);
    if (target === 'all') writeLargeN(out, large);
  } catch (error) {
    out.discard();
    throw error;
  }
  const seconds = (performance.now() - start) / 1000;
  const backend = simulating ? simulationBackend : 'none (theory only)';
  out.commit({
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
  });
  return {
    files: [...out.files, 'manifest.json'],
    crossovers: crossovers.map((result) => ({
      alpha: result.alpha,
      lambdaInf: result.fitQuadratic?.lambdaInf ?? Number.NaN,
      ci: result.fitQuadratic?.ci ?? [Number.NaN, Number.NaN],
      lambdaC: result.theory.lambdaC,
    })),
    basins: basinResults.map((result) => ({
      lambda: result.lambda,
      thetaC: result.thetaC === undefined ? null : degrees(result.thetaC),
      theoryThetaC: result.theory.thetaC === undefined ? null : degrees(result.theory.thetaC),
    })),
    largeN: {
      crossovers: large.crossovers.map((result) => ({
        ensemble: result.ensemble,
        alpha: result.alpha,
        lambdaInf: result.fit?.lambdaInf ?? Number.NaN,
        ci: result.fit?.ci ?? [Number.NaN, Number.NaN],
        lambdaC: result.theory.lambdaC,
      })),
      basins: large.basins.map((result) => ({
        lambda: result.lambda,
        N: result.N,
        thetaC: result.thetaC === undefined ? null : degrees(result.thetaC),
        thetaCOneStep: result.thetaCOneStep === undefined ? null : degrees(result.thetaCOneStep),
        theoryThetaC: result.theory.thetaC === undefined ? null : degrees(result.theory.thetaC),
      })),
    },
    seconds,
    computed: simulations.computed,
    cached: simulations.cached,
    backend,
  };
}

/** Writes the figures of `options.target` and their data into `out` (staged). */
async function writeFigures(
  options: ReproduceOptions,
  out: OutputSet,
  crossovers: readonly CrossoverResult[],
  basinResults: readonly BasinsResult[],
): Promise<void> {
  const { target } = options;
  const wants = (figure: ReproduceTarget): boolean => target === 'all' || target === figure;
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
    const scans = crossovers.map((result) => ({
      ...result,
      fitQuadratic: result.fitQuadratic as NonNullable<CrossoverResult['fitQuadratic']>,
    }));
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
}
