import { basins } from '@dam/dynamics';
import { ENSEMBLE_NAMES } from '@dam/ensembles';
import type { Command } from 'commander';
import { formatCsv } from '../format/csv.js';
import { formatJson } from '../format/json.js';
import { formatNumber, formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { valueOption } from '../options.js';
import { parseNumberList, UsageError } from '../parse.js';
import { parsePositiveInteger, parseSingleNumber, requireOption } from '../parse-run.js';
import { startRun } from '../run-control.js';
import { addPatternStorageOptions, addRunOptions, checkRunOptions, experimentOptions, type RunOptions } from '../run-options.js';

/** The options of `dam basins` after commander has parsed them. */
interface BasinsOptions extends RunOptions {
  readonly ensemble: string;
  readonly alpha?: number;
  readonly lambda?: number;
  readonly N?: number;
  readonly thetas: number[];
  readonly patterns?: 'materialized' | 'streaming' | 'order-statistics';
  readonly explicitPatterns?: number;
}

const DEGREE = Math.PI / 180;
const THETAS_EXPECTED = 'strictly increasing angles in degrees in [0, 180] separated by commas';
const DEFAULT_THETAS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];

/** The JSON document of `dam basins` (angles in degrees). */
export interface BasinsReport {
  readonly ensemble: string;
  readonly N: number;
  readonly P: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly samples: number;
  readonly seed: number;
  /** Per angle: the success rate of the protocol, its error, and the rate after one update. */
  readonly points: readonly {
    readonly thetaDegrees: number;
    readonly rate: number;
    readonly stderr: number;
    readonly oneStepRate: number;
  }[];
  /** Where the success rate crosses ½ (degrees), `null` when it does not on the grid. */
  readonly thetaC: number | null;
  /** The same for the one-step rate (degrees): the basin of the paper's one-step argument. */
  readonly thetaCOneStep: number | null;
  /** Section IV: `cos θ_c = φ_{α,1}(λ)` and `θ_c` in degrees (`null` where α ≥ α_1(λ)). */
  readonly theory: { readonly cosThetaC: number | null; readonly thetaC: number | null };
}

function parseThetas(value: string): number[] {
  const thetas = parseNumberList('--thetas', value, (x) => x >= 0 && x <= 180, THETAS_EXPECTED);
  if (thetas.some((theta, i) => i > 0 && !(theta > (thetas[i - 1] as number)))) {
    throw new UsageError(`--thetas: ${JSON.stringify(value)} is not allowed; expected ${THETAS_EXPECTED}`);
  }
  return thetas;
}

const HELP_AFTER = `
Starts the paper's protocol at angle theta from xi^1 (x0 = cos(theta) xi^1 + sin(theta) u, u a
random direction orthogonal to xi^1 of norm sqrt(N)) for every angle of --thetas and every
realisation, and reports the success rate per angle, the angle where it crosses 1/2, and the
theory's basin angle theta_c = acos(phi_{alpha,1}(lambda)) (Section IV, Fig. 2). Beside the full
protocol, oneStepRate is the rate at which the first update already lands in the success ball, and
thetaCOneStep its crossing: the one-step argument behind the theory's theta_c.

Examples:
  $ dam basins --ensemble spherical --alpha 0.2 --lambda 1 --N 30
  $ dam basins --alpha 0.1 --lambda 2 --N 25 --thetas 0,20,40,50,60,70 --samples 32 --json
`;

/** The human-readable basins report. */
export function formatBasinsTable(report: BasinsReport): string {
  const header = `${report.ensemble} patterns, N = ${report.N} (P = ${report.P}), alpha = ${report.alpha}, lambda = ${report.lambda}, ${report.samples} samples, seed ${report.seed}\n`;
  const table = formatTable(report.points, ['thetaDegrees', 'rate', 'stderr', 'oneStepRate']);
  const crossing = (theta: number | null): string => (theta === null ? 'no crossing of 1/2 on this grid' : `${formatNumber(theta)}°`);
  const measured = `${crossing(report.thetaC)} (one update: ${crossing(report.thetaCOneStep)})`;
  const theory =
    report.theory.thetaC === null
      ? 'no basin (alpha >= alpha1(lambda))'
      : `${formatNumber(report.theory.thetaC)}° (cos = ${formatNumber(report.theory.cosThetaC ?? Number.NaN)})`;
  return `${header}${table}measured theta_c: ${measured}\ntheory theta_c (N = ∞): ${theory}\n`;
}

/** Adds `dam basins` (basins of attraction, Fig. 2) to `program`. */
export function addBasinsCommand(program: Command, io: CliIo): Command {
  const command = program
    .command('basins')
    .description('measure the basin of attraction of a pattern: success rate from random starts at angle theta')
    .addOption(
      valueOption(
        '--ensemble <name>',
        `pattern ensemble (default spherical): ${ENSEMBLE_NAMES.join(', ')}`,
        `one of ${ENSEMBLE_NAMES.join(', ')}`,
      ).default('spherical'),
    )
    .addOption(
      valueOption('--alpha <A>', 'load alpha = log(P)/N, 0 < alpha <= 2', 'a number in (0, 2]').argParser((v: string) =>
        parseSingleNumber('--alpha', v, (x) => x > 0 && x <= 2, 'a number in (0, 2]'),
      ),
    )
    .addOption(
      valueOption('--lambda <L>', 'inverse temperature, 0 < lambda <= 1e8', 'a number in (0, 1e8]').argParser((v: string) =>
        parseSingleNumber('--lambda', v, (x) => x > 0 && x <= 1e8, 'a number in (0, 1e8]'),
      ),
    )
    .addOption(
      valueOption('--N <n>', 'dimension N', 'an integer between 2 and 1000').argParser((v: string) =>
        parsePositiveInteger('--N', v, 2, 1000),
      ),
    )
    .addOption(
      valueOption('--thetas <list>', `start angles in degrees (default ${DEFAULT_THETAS.join(',')})`, THETAS_EXPECTED)
        .argParser(parseThetas)
        .default(DEFAULT_THETAS),
    );
  return addRunOptions(addPatternStorageOptions(command, 'spherical'), 'realisations', 'print CSV (one row per angle)')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: BasinsOptions) => {
      const ensemble = checkRunOptions(options, options.ensemble);
      const alpha = requireOption(options.alpha, '--alpha', 'a number in (0, 2]');
      const lambda = requireOption(options.lambda, '--lambda', 'a number in (0, 1e8]');
      const N = requireOption(options.N, '--N', 'an integer between 2 and 1000');
      if (options.patterns === 'order-statistics' && ensemble !== 'spherical') {
        throw new UsageError(`--patterns: "order-statistics" basins support --ensemble spherical only, got ${ensemble}`);
      }
      if (options.explicitPatterns !== undefined && options.patterns !== 'order-statistics') {
        throw new UsageError('--explicit-patterns: needs --patterns order-statistics');
      }
      const run = startRun(`basins N=${N}`, options.json === true || options.csv === true);
      try {
        const result = await basins({
          ensemble,
          N,
          alpha,
          lambda,
          thetas: options.thetas.map((degrees) => degrees * DEGREE),
          patterns: options.patterns,
          explicitPatterns: options.explicitPatterns,
          ...experimentOptions(options, run),
        });
        run.close();
        const report: BasinsReport = {
          ensemble,
          N,
          P: result.P,
          alpha,
          lambda,
          samples: options.samples,
          seed: options.seed,
          points: result.points.map((p, i) => ({
            thetaDegrees: options.thetas[i] as number,
            rate: p.rate,
            stderr: p.stderr,
            oneStepRate: p.oneStepRate,
          })),
          thetaC: result.thetaC === undefined ? null : result.thetaC / DEGREE,
          thetaCOneStep: result.thetaCOneStep === undefined ? null : result.thetaCOneStep / DEGREE,
          theory: {
            cosThetaC: result.theory.cosThetaC ?? null,
            thetaC: result.theory.thetaC === undefined ? null : result.theory.thetaC / DEGREE,
          },
        };
        if (options.json === true) io.stdout(formatJson([report]));
        else if (options.csv === true) io.stdout(formatCsv(report.points, ['thetaDegrees', 'rate', 'stderr', 'oneStepRate']));
        else io.stdout(formatBasinsTable(report));
      } finally {
        run.close();
      }
    });
}
