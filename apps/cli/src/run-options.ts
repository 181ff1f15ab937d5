import { ENSEMBLE_NAMES, type EnsembleName } from '@dam/ensembles';
import { BACKEND_NAMES } from '@dam/kernels';
import type { Command } from 'commander';
import { valueOption } from './options.js';
import { notAllowed, parseEnsemble, UsageError } from './parse.js';
import { parsePositiveInteger, parseSeed } from './parse-run.js';
import type { RunControl } from './run-control.js';

/** The options every simulation command shares, after commander has parsed them. */
export interface RunOptions {
  readonly samples: number;
  readonly seed: number;
  readonly backend: string;
  readonly workers?: number;
  readonly json?: boolean;
  readonly csv?: boolean;
  /** `false` with `--no-early-stop`. */
  readonly earlyStop?: boolean;
}

/** What `--backend` accepts. */
export const BACKEND_EXPECTED = `auto or one of ${BACKEND_NAMES.join(', ')}`;

/** Parses `--backend`: `auto` or a backend name of @dam/kernels (a {@link UsageError} otherwise). */
export function parseBackend(value: string): string {
  if (value !== 'auto' && !BACKEND_NAMES.some((name) => name === value))
    throw new UsageError(notAllowed('--backend', value, BACKEND_EXPECTED));
  return value;
}

/** The `--backend` option of the simulation commands. */
export function backendOption() {
  return valueOption('--backend <name>', "attention backend (default auto; see 'dam backends')", BACKEND_EXPECTED)
    .argParser(parseBackend)
    .default('auto');
}

/**
 * `--no-early-stop`: every run computes all of its updates instead of stopping once a certificate
 * proves its outcome; the numbers printed are the same (that is what the certificates guarantee,
 * and what this flag lets anyone check), only slower.
 */
export const EARLY_STOP_HELP =
  'run every update of every run (no certified early stop): same numbers, slower; for checking the certificates';

/**
 * Adds the options of a simulation command: `--samples` (realisations, default 64; `samplesHelp`
 * says per what), `--seed`, `--backend`, `--workers`, `--no-early-stop`, `--json` and `--csv` (with `csvHelp`).
 */
export function addRunOptions(command: Command, samplesHelp: string, csvHelp: string): Command {
  return command
    .addOption(
      valueOption('--samples <n>', `${samplesHelp} (default 64)`, 'an integer between 1 and 1000000')
        .argParser((v: string) => parsePositiveInteger('--samples', v))
        .default(64),
    )
    .addOption(
      valueOption('--seed <s>', 'seed: same seed, same numbers (default 1)', 'an integer')
        .argParser((v: string) => parseSeed(v))
        .default(1),
    )
    .addOption(backendOption())
    .addOption(
      valueOption('--workers <n>', 'worker threads (default: one per core; 0 = main thread)', 'an integer between 0 and 256').argParser(
        (v: string) => parsePositiveInteger('--workers', v, 0, 256),
      ),
    )
    .option('--no-early-stop', EARLY_STOP_HELP)
    .option('--json', 'print JSON')
    .option('--csv', csvHelp);
}

/** Rejects `--json` together with `--csv` (every command that prints either). */
export function checkOutputFormat(options: { readonly json?: boolean | undefined; readonly csv?: boolean | undefined }): void {
  if (options.json === true && options.csv === true) {
    throw new UsageError('--csv: cannot be combined with --json; expected at most one of --json, --csv');
  }
}

/** The one ensemble named by `--ensemble` (not `all`), or a {@link UsageError}. */
export function singleEnsemble(ensembleName: string): EnsembleName {
  const [ensemble] = parseEnsemble(ensembleName);
  if (ensemble === undefined || ensembleName === 'all') {
    throw new UsageError(`--ensemble: "all" is not allowed here; expected one of ${ENSEMBLE_NAMES.join(', ')}`);
  }
  return ensemble;
}

/** Rejects `--json` with `--csv`, and returns the one ensemble named by `--ensemble` (not `all`). */
export function checkRunOptions(options: RunOptions, ensembleName: string): EnsembleName {
  checkOutputFormat(options);
  return singleEnsemble(ensembleName);
}

/** What every experiment of @dam/dynamics takes from the run options and the Ctrl-C/progress control. */
export function experimentOptions(options: RunOptions, run: RunControl) {
  return {
    samples: options.samples,
    seed: options.seed,
    backend: options.backend,
    workers: options.workers,
    earlyStop: options.earlyStop !== false,
    signal: run.signal,
    onProgress: ({ done, total, work }: { done: number; total: number; work?: number | undefined }) =>
      run.progress.update(done, total, work),
  };
}

/** What `--patterns` accepts. */
const PATTERNS_EXPECTED = 'one of materialized, streaming, order-statistics';

/**
 * Adds `--patterns <mode>` and `--explicit-patterns <K>` (the pattern storage of @dam/dynamics) to
 * `command`; `orderStatistics` names the ensembles its order-statistics mode supports.
 */
export function addPatternStorageOptions(command: Command, orderStatistics: string): Command {
  return command
    .addOption(
      valueOption(
        '--patterns <mode>',
        `pattern storage: materialized (default), streaming, order-statistics (${orderStatistics})`,
        PATTERNS_EXPECTED,
      ).argParser((v: string) => {
        if (v !== 'materialized' && v !== 'streaming' && v !== 'order-statistics')
          throw new UsageError(notAllowed('--patterns', v, PATTERNS_EXPECTED));
        return v;
      }),
    )
    .addOption(
      valueOption(
        '--explicit-patterns <K>',
        'with --patterns order-statistics: patterns drawn explicitly (default 2048)',
        'an integer between 1 and 1000000',
      ).argParser((v: string) => parsePositiveInteger('--explicit-patterns', v)),
    );
}
