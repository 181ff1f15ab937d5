import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkWritableDirectory } from '../files.js';
import { formatNumber, formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { valueOption } from '../options.js';
import { notAllowed, UsageError } from '../parse.js';
import { parsePositiveInteger, parseSeed } from '../parse-run.js';
import { FULL, QUICK, REPRODUCE_TARGETS, type ReproduceTarget } from '../reproduce/presets.js';
import type { ReproduceResult } from '../reproduce/reproduce.js';
import { startRun } from '../run-control.js';
import { backendOption, EARLY_STOP_HELP } from '../run-options.js';

/** The options of `dam reproduce` after commander has parsed them. */
interface ReproduceCommandOptions {
  readonly out: string;
  readonly quick?: boolean;
  readonly full?: boolean;
  readonly samples?: number;
  readonly seed: number;
  readonly backend: string;
  readonly workers?: number;
  readonly earlyStop?: boolean;
}

const HELP_AFTER = `
Writes into --out (default ./figures), for each figure: <name>.svg and <name>.png, the data
behind it as <name>.csv and <name>.json, and manifest.json (versions, command line, seed,
backend, machine, time taken); then prints a summary: the simulated lambda_1/2 extrapolated to
N = infinity beside the theory's lambda_c(alpha).
  fig1  Fig. 1: phase diagram of spherical patterns (top) and the simulated retrieval crossover
        lambda_1/2(alpha, N) with quadratic fits in 1/N (bottom): fig1.*, fig1-top.*, fig1-bottom.*
  fig2  Fig. 2: basin angle theta_c(lambda) for several alpha
  fig3  Fig. 3: phase diagram of Gaussian patterns
  all   the three, plus ours: binary patterns, all ensembles, the scaled regime, basins
        measured by simulation against theta_c, and at large N (order statistics) the spherical
        crossover with the derived finite-size law: large-n-spherical.* (--full adds the Gaussian
        crossover, large-n-gaussian.*, and basins at N = 800, large-n-basins.*)
--quick (default): alpha = 0.1, 0.2, 0.3 up to P ~ 4e4 patterns, 64 realisations per point, in
20-40 s on two cores (all: about 15 s more for the large-N crossover). --full: the paper's scale or more (256 realisations, P up to ~1.6e5).
Finished simulation steps are kept in <out>/.cache: after Ctrl-C (which leaves no half-written
file) the same command resumes where it stopped. --no-early-stop runs every update of every run
(same numbers, slower; its steps are cached apart from the default ones).

Examples:
  $ dam reproduce all
  $ dam reproduce fig1 --full --out paper-figures
  $ dam reproduce fig2 --out /tmp/figs
`;

/** Parses the figure argument. */
function parseTarget(value: string): ReproduceTarget {
  const target = REPRODUCE_TARGETS.find((name) => name === value);
  if (target === undefined) throw new UsageError(notAllowed('figure', value, `one of ${REPRODUCE_TARGETS.join(', ')}`));
  return target;
}

/** The summary printed after a run. */
export function formatReproduceSummary(result: ReproduceResult, out: string, target: ReproduceTarget, preset: string): string {
  const lines = [
    `dam reproduce ${target} (${preset}): ${result.files.length} files written to ${out} in ${result.seconds.toFixed(1)} s` +
      (result.computed + result.cached > 0
        ? ` (${result.computed} simulation steps computed, ${result.cached} from the cache; backend ${result.backend})`
        : ''),
  ];
  if (result.crossovers.length > 0) {
    lines.push(
      '',
      "Fig. 1 (bottom), spherical patterns: simulated lambda_1/2 at N = infinity (quadratic in 1/N, the paper's) vs theory lambda_c(alpha)",
    );
    const rows = result.crossovers.map((c) => ({
      alpha: c.alpha,
      lambdaInf: c.lambdaInf,
      ci95: `[${formatNumber(c.ci[0])}, ${formatNumber(c.ci[1])}]`,
      lambdaC: c.lambdaC,
    }));
    lines.push(formatTable(rows, ['alpha', 'lambdaInf', 'ci95', 'lambdaC']).trimEnd());
  }
  if (result.basins.length > 0) {
    lines.push('', 'Basins (ours), spherical patterns: measured theta_c (rate crosses 1/2) vs theory, in degrees');
    lines.push(formatTable(result.basins, ['lambda', 'thetaC', 'theoryThetaC']).trimEnd());
  }
  if (result.largeN.crossovers.length > 0) {
    lines.push('', 'Large N (ours, order statistics): lambda_1/2 at N = infinity (derived finite-size law) vs theory lambda_c(alpha)');
    const rows = result.largeN.crossovers.map((c) => ({
      ensemble: c.ensemble,
      alpha: c.alpha,
      lambdaInf: c.lambdaInf,
      ci95: `[${formatNumber(c.ci[0])}, ${formatNumber(c.ci[1])}]`,
      lambdaC: c.lambdaC,
    }));
    lines.push(formatTable(rows, ['ensemble', 'alpha', 'lambdaInf', 'ci95', 'lambdaC']).trimEnd());
  }
  if (result.largeN.basins.length > 0) {
    lines.push('', 'Large-N basins (ours), in degrees: full dynamics, one update, theory');
    lines.push(formatTable(result.largeN.basins, ['lambda', 'N', 'thetaC', 'thetaCOneStep', 'theoryThetaC']).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** Adds `dam reproduce <fig1|fig2|fig3|all>` to `program`. */
export function addReproduceCommand(program: Command, io: CliIo): Command {
  return program
    .command('reproduce')
    .description("reproduce the paper's figures (SVG, PNG, CSV, JSON and a manifest) with one command")
    .argument('<figure>', `one of ${REPRODUCE_TARGETS.join(', ')}`, parseTarget)
    .addOption(valueOption('--out <dir>', 'output directory (default ./figures; created if needed)', 'a directory path').default('figures'))
    .option('--quick', 'small simulations, 20-40 s on two cores (default)')
    .option('--full', "the paper's scale or more (256 realisations, larger N; tens of minutes)")
    .addOption(
      valueOption(
        '--samples <n>',
        'realisations per simulated point (default: 64 quick, 256 full)',
        'an integer between 1 and 1000000',
      ).argParser((v: string) => parsePositiveInteger('--samples', v)),
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
    .addHelpText('after', HELP_AFTER)
    .action(async (target: ReproduceTarget, options: ReproduceCommandOptions) => {
      if (options.quick === true && options.full === true) {
        throw new UsageError('--full: cannot be combined with --quick; expected at most one of --quick, --full');
      }
      const preset = options.full === true ? FULL : QUICK;
      const outDirectory = checkWritableDirectory('--out', options.out);
      // Loaded here: the figures (@dam/plot, the renderer) are most of the CLI's start-up time.
      const { reproduce } = await import('../reproduce/reproduce.js');
      const run = startRun(`reproduce ${target}`, false);
      try {
        const result = await reproduce({
          target,
          outDirectory,
          preset,
          samples: options.samples ?? preset.samples,
          samplesOverride: options.samples,
          seed: options.seed,
          backend: options.backend,
          workers: options.workers,
          earlyStop: options.earlyStop !== false,
          signal: run.signal,
          onProgress: (done, total, work) => run.progress.update(done, total, work),
          log: (line) => {
            run.progress.finish();
            io.stderr(`${line}\n`);
          },
          command: ['dam', ...process.argv.slice(2)].join(' '),
        }).catch((error: unknown) => {
          throw run.interrupted(
            error,
            `the folder keeps its previous files; finished simulation steps and realisations are kept in ${resolve(outDirectory, '.cache')}: run the same command again to resume`,
          );
        });
        run.close();
        io.stdout(formatReproduceSummary(result, options.out, target, preset.name));
      } finally {
        run.close();
      }
    });
}
