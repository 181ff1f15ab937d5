import { ENSEMBLE_NAMES, type EnsembleName, ensembleLaw } from '@dam/ensembles';
import type { PhaseDiagramOptions } from '@dam/plot';
import { logGrid, phaseDiagram } from '@dam/theory';
import type { Command } from 'commander';
import { type FigureFunction, figureFormat } from '../figure-format.js';
import { checkWritableFile } from '../files.js';
import { formatCsv } from '../format/csv.js';
import { formatJson } from '../format/json.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { valueOption } from '../options.js';
import { LAMBDA_EXPECTED, UsageError } from '../parse.js';
import { parsePositiveInteger, parseSingleNumber, requireOption } from '../parse-run.js';
import { checkOutputFormat, singleEnsemble } from '../run-options.js';

/** The options of `dam phase-diagram` after commander has parsed them. */
interface PhaseDiagramCommandOptions {
  readonly ensemble?: string;
  readonly lambdaMin?: number;
  readonly lambdaMax?: number;
  readonly points: number;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly out?: string;
}

/** One λ of the phase diagram (the Ramsauer bound only for spherical patterns). */
export interface PhaseDiagramRow {
  readonly lambda: number;
  readonly alpha1: number;
  readonly alphaCLowerBound: number;
  readonly alphaStar: number;
  readonly ramsauerLowerBound?: number;
}

/** Default λ range of each ensemble's diagram: the ranges of the paper's figures. */
export const DEFAULT_LAMBDA_RANGE: Readonly<Record<EnsembleName, readonly [number, number]>> = {
  spherical: [0.1, 1000],
  gaussian: [0.1, 10],
  binary: [0.1, 100],
};

/** The figure of each ensemble's phase diagram (Fig. 1 top, Fig. 3, and ours for binary patterns). */
/**
 * The phase-diagram figure of each ensemble (@dam/plot is loaded only by the commands that draw:
 * it is most of the CLI's start-up time).
 */
async function phaseDiagramFigure(ensemble: EnsembleName): Promise<(options: PhaseDiagramOptions) => SVGSVGElement> {
  const plot = await import('@dam/plot');
  return { spherical: plot.fig1Top, gaussian: plot.fig3, binary: plot.binaryPhaseDiagram }[ensemble];
}

/** The rows of the phase diagram of `ensemble` on `points` log-spaced λ in `[lambdaMin, lambdaMax]`. */
export function phaseDiagramRows(ensemble: EnsembleName, lambdaMin: number, lambdaMax: number, points: number): PhaseDiagramRow[] {
  const diagram = phaseDiagram(ensembleLaw(ensemble), logGrid(lambdaMin, lambdaMax, points));
  return diagram.lambda.map((lambda, i) => ({
    lambda,
    alpha1: diagram.alpha1[i] as number,
    alphaCLowerBound: diagram.alphaCLowerBound[i] as number,
    alphaStar: diagram.alphaStar[i] as number,
    ...(diagram.ramsauerLowerBound === undefined ? {} : { ramsauerLowerBound: diagram.ramsauerLowerBound[i] as number }),
  }));
}

const HELP_AFTER = `
Prints the curves of the phase diagram in the (lambda, alpha) plane at log-spaced lambda:
alpha1 (Eq. 9, a typical pattern is retrieved below it), alphaCLowerBound (Eq. 12, all patterns
are retrieved below it), alphaStar (REM condensation) and, for spherical patterns, the lower bound
of Ramsauer et al. With --out the figure is drawn too: .svg or .png (Fig. 1 top for spherical,
Fig. 3 for gaussian patterns). Default lambda range: spherical 0.1..1000, gaussian 0.1..10,
binary 0.1..100.

Examples:
  $ dam phase-diagram --ensemble spherical --points 5
  $ dam phase-diagram --ensemble gaussian --lambda-min 0.5 --lambda-max 5 --csv
  $ dam phase-diagram --ensemble spherical --out fig1-top.png
`;

/** Adds `dam phase-diagram` to `program`. */
export function addPhaseDiagramCommand(program: Command, io: CliIo): Command {
  const lambda = (flag: string) => (v: string) =>
    parseSingleNumber(
      flag,
      v,
      (x) => x > 0 && x <= 1e8,
      LAMBDA_EXPECTED.replace('numbers', 'a number').replace(' separated by commas', ''),
    );
  return program
    .command('phase-diagram')
    .description('the phase diagram of an ensemble: alpha1, alphaCLowerBound, alphaStar over a lambda grid (table, JSON, CSV, SVG or PNG)')
    .addOption(valueOption('--ensemble <name>', `pattern ensemble: ${ENSEMBLE_NAMES.join(', ')}`, `one of ${ENSEMBLE_NAMES.join(', ')}`))
    .addOption(
      valueOption('--lambda-min <L>', "smallest lambda (default: the figure's)", 'a number in (0, 1e8]').argParser(lambda('--lambda-min')),
    )
    .addOption(
      valueOption('--lambda-max <L>', "largest lambda (default: the figure's)", 'a number in (0, 1e8]').argParser(lambda('--lambda-max')),
    )
    .addOption(
      valueOption('--points <n>', 'number of log-spaced lambda values (default 25; the figure uses 200)', 'an integer between 2 and 100000')
        .argParser((v: string) => parsePositiveInteger('--points', v, 2, 100_000))
        .default(25),
    )
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .addOption(valueOption('--out <file>', 'also draw the figure into this .svg or .png file', 'a file name ending in .svg or .png'))
    .addHelpText('after', HELP_AFTER)
    .action(async (options: PhaseDiagramCommandOptions) => {
      const ensembleName = requireOption(options.ensemble, '--ensemble', `one of ${ENSEMBLE_NAMES.join(', ')}`);
      checkOutputFormat(options);
      const ensemble = singleEnsemble(ensembleName);
      const [defaultMin, defaultMax] = DEFAULT_LAMBDA_RANGE[ensemble];
      // A bound given alone keeps the figure's other bound unless that would leave an empty range.
      const lambdaMin = options.lambdaMin ?? (options.lambdaMax === undefined ? defaultMin : Math.min(defaultMin, options.lambdaMax / 10));
      const lambdaMax = options.lambdaMax ?? Math.max(defaultMax, lambdaMin * 10);
      if (!(lambdaMax > lambdaMin)) {
        throw new UsageError(`--lambda-max: ${lambdaMax} is not above --lambda-min ${lambdaMin}; expected lambda-min < lambda-max`);
      }
      let out: string | undefined;
      if (options.out !== undefined) {
        figureFormat('--out', options.out);
        out = checkWritableFile('--out', options.out);
      }
      const rows = phaseDiagramRows(ensemble, lambdaMin, lambdaMax, options.points);
      if (out !== undefined) {
        const figure = await phaseDiagramFigure(ensemble);
        const { writeFigure } = await import('../figure-file.js');
        writeFigure(
          out,
          ((o) => figure({ ...o, lambdaRange: [lambdaMin, lambdaMax], points: Math.max(options.points, 200) })) as FigureFunction,
          options.out,
        );
      }
      const columns = [
        'lambda',
        'alpha1',
        'alphaCLowerBound',
        'alphaStar',
        ...(ensemble === 'spherical' ? ['ramsauerLowerBound' as const] : []),
      ] as const;
      if (options.json === true) io.stdout(formatJson([{ ensemble, rows }]));
      else if (options.csv === true) io.stdout(formatCsv(rows, columns));
      else
        io.stdout(
          `${ensemble} patterns: phase diagram\n${formatTable(rows, columns)}${out === undefined ? '' : `figure written to ${options.out}\n`}`,
        );
    });
}
