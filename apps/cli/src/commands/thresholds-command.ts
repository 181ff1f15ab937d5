import { ENSEMBLE_NAMES, type EnsembleName } from '@dam/ensembles';
import type { Command } from 'commander';
import { presentColumns } from '../format/columns.js';
import { formatCsv } from '../format/csv.js';
import { formatJson } from '../format/json.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { valueOption } from '../options.js';
import { ALL_ENSEMBLES, ALPHA_EXPECTED, LAMBDA_EXPECTED, parseAlphaList, parseEnsemble, parseLambdaList, UsageError } from '../parse.js';
import { checkOutputFormat } from '../run-options.js';
import { DEFAULT_LAMBDAS, THRESHOLD_COLUMNS, thresholdRows } from './thresholds.js';

/** The options of `dam thresholds` after commander has parsed them. */
interface ThresholdsOptions {
  readonly ensemble?: string;
  readonly all?: boolean;
  readonly lambda?: number[];
  readonly alpha?: number[];
  readonly json?: boolean;
  readonly csv?: boolean;
}

/** What `--ensemble` accepts. */
const ENSEMBLE_EXPECTED = `one of ${[...ENSEMBLE_NAMES, ALL_ENSEMBLES].join(', ')}`;

/** The numbers of `--lambda` / `--alpha` (one comma-separated list: a repeated flag is refused by `main`). */
function collect(parse: (value: string) => number[]) {
  return (value: string): number[] => parse(value);
}

/** The ensembles selected by `--ensemble` and `--all`, or a {@link UsageError}. */
function selectedEnsembles(options: ThresholdsOptions): EnsembleName[] {
  const { ensemble, all = false } = options;
  if (all && ensemble !== undefined && ensemble !== ALL_ENSEMBLES) {
    throw new UsageError(
      `--all: cannot be combined with --ensemble ${JSON.stringify(ensemble)}; expected either --all or --ensemble <name>`,
    );
  }
  if (all) return [...ENSEMBLE_NAMES];
  if (ensemble === undefined) throw new UsageError(`--ensemble: a value is required; expected ${ENSEMBLE_EXPECTED} (or --all)`);
  return parseEnsemble(ensemble);
}

const HELP_AFTER = `
Output:
  With --lambda:  alpha1, alphaCLowerBound, alphaStar (and ramsauerLowerBound for spherical).
  With --alpha:   lambdaC, lambdaStar, cMax, epsStar.
  With both:      all of the above, plus phi (at the typical norm), cosThetaC (only where
                  alpha < alpha1) and retrieved (true iff alpha < alpha1(lambda)).
  With neither:   the lambda grid ${DEFAULT_LAMBDAS.join(',')}.
  One row per (ensemble, lambda, alpha). Infinite values print as ∞ (table), inf (CSV), null (JSON).
  JSON: one object for a single row, an array otherwise. Exit code 2 on bad input.

Examples:
  $ dam thresholds --all
  $ dam thresholds --ensemble spherical --lambda 1,10,100
  $ dam thresholds --ensemble gaussian --alpha 0.1,0.5 --csv
  $ dam thresholds --ensemble gaussian --lambda 2 --alpha 0.1 --json
  $ dam thresholds --ensemble binary --lambda 0.5 --lambda 5 --alpha 0,0.3
`;

/**
 * Adds `dam thresholds` to `program` (inheriting its output and exit settings); results go to
 * `io.stdout` as a table, JSON or CSV.
 */
export function addThresholdsCommand(program: Command, io: CliIo): Command {
  return program
    .command('thresholds')
    .description('print the capacity thresholds of the REM theory for given lambda and/or alpha')
    .addOption(
      valueOption(
        '--ensemble <name>',
        `pattern ensemble: ${ENSEMBLE_NAMES.join(', ')}, or all for every one (e.g. --ensemble spherical)`,
        ENSEMBLE_EXPECTED,
      ),
    )
    .option('--all', 'all ensembles, same as --ensemble all')
    .addOption(
      valueOption(
        '--lambda <list>',
        'inverse temperatures 0 < lambda <= 1e8, comma-separated (e.g. --lambda 0.5,1,2)',
        LAMBDA_EXPECTED,
      ).argParser(collect(parseLambdaList)),
    )
    .addOption(
      valueOption('--alpha <list>', 'loads alpha = log(P)/N >= 0, comma-separated (e.g. --alpha 0.1,0.2)', ALPHA_EXPECTED).argParser(
        collect(parseAlphaList),
      ),
    )
    .option('--json', 'print JSON instead of a table: full precision, infinities as null')
    .option('--csv', 'print CSV instead of a table: header row, full precision, infinities as inf')
    .addHelpText('after', HELP_AFTER)
    .action((options: ThresholdsOptions) => {
      checkOutputFormat(options);
      const ensembles = selectedEnsembles(options);
      const rows = thresholdRows({ ensembles, lambdas: options.lambda, alphas: options.alpha });
      const columns = presentColumns(rows, THRESHOLD_COLUMNS);
      if (options.json === true) io.stdout(formatJson(rows));
      else if (options.csv === true) io.stdout(formatCsv(rows, columns));
      else io.stdout(formatTable(rows, columns));
    });
}
