import { parseShard, type Shard, shardToJson } from '@dam/dynamics';
import { ENSEMBLE_NAMES } from '@dam/ensembles';
import type { Command } from 'commander';
import { checkWritableFile } from '../files.js';
import { formatCsv } from '../format/csv.js';
import { formatJson } from '../format/json.js';
import { formatNumber, formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { valueOption } from '../options.js';
import { notAllowed, UsageError } from '../parse.js';
import { parseSingleNumber, parseSizes, requireOption, SIZES_EXPECTED } from '../parse-run.js';
import { startRun } from '../run-control.js';
import { addPatternStorageOptions, addRunOptions, checkRunOptions, experimentOptions, type RunOptions } from '../run-options.js';
import { slurmRecipe } from '../slurm-recipe.js';
import { journaledShard } from './journaled-shard.js';
import { memoryNote } from './memory-note.js';
import { type SimulateFit, type SimulateReport, simulate, simulateShard } from './simulate.js';

/** The options of `dam simulate` after commander has parsed them. */
interface SimulateOptions extends RunOptions {
  readonly ensemble?: string;
  readonly alpha?: number;
  readonly N?: number[];
  readonly shard?: Shard;
  readonly out?: string;
  readonly patterns?: 'materialized' | 'streaming' | 'order-statistics';
  readonly explicitPatterns?: number;
}

/** `text` with each line indented by two spaces. */
function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** What `--shard` accepts. */
const SHARD_EXPECTED = 'k/n with integers 1 <= k <= n (e.g. 3/8)';

/** Parses `--shard k/n` (a {@link UsageError} naming the value otherwise). */
export function parseShardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch {
    throw new UsageError(notAllowed('--shard', value, SHARD_EXPECTED));
  }
}

const HELP_AFTER = `
Protocol (the paper's): P = round(e^(alpha N)) patterns, start at xi^1, at most 100 attention
steps, success iff |x - xi^1|^2 / N < 0.01. Each realisation's own critical lambda is found by
bisection on the same patterns (lambda in [0.01, 3], resolution 1e-3; 1e-5 with
--patterns order-statistics); lambdaHalf is their median, stderr a bootstrap error. Beside each,
"theory" is the derived finite-size law lambda_th(N) = lambdaC + (a log N + b)/N + O(log^2 N/N^2)
(@dam/theory lambdaHalfFiniteSize). The fit extrapolates to N = inf with that law: lambdaHalf(N) =
lambdaInf + [lambda_th(N) - lambdaC] + b2/N^2, only lambdaInf and b2 fitted (2 sizes or more);
the paper's quadratic fit in 1/N (3 sizes or more) is printed too, named as such.

Output: a table per N, then the fits; --json prints
  {"ensemble","alpha","samples","seed",
   "points":[{"N","P","lambdaHalf","stderr","censored","lambdaTheory"}],
   "fit":{"lambdaInf","ci":[lo,hi],"chi2","dof","skipped":[N...],"b"},
   "fitQuadratic":{"lambdaInf","ci","chi2","dof","skipped"},
   "theory":{"lambdaC","finiteSize":{"logCoefficient","constant"}}}
(a fit is null without enough measured sizes; fit and lambdaTheory are null where the law is not
derived); --csv prints N,P,lambdaHalf,stderr,censored,lambdaTheory rows and a last row N=inf
with lambdaInf, ciLow, ciHigh, lambdaC and the quadratic's. Censored: when half or more of the realisations
already retrieve at lambda = 0.01 ("below": lambdaHalf is an upper bound) or still fail at lambda = 3
("above": a lower bound), lambdaHalf holds that bound, stderr is null, and the fit skips the size.
A progress bar is drawn on stderr when it is a terminal (not with --json/--csv); Ctrl-C stops.
Memory: each worker holds one realisation, its P x N float32 patterns twice (about 8 P N bytes);
a run of 1 GiB or more says how much on stderr before it starts (N = 80 at alpha = 0.2: about
11 GiB on two workers; --workers 1 halves it).

Shards (scale out over machines): --shard k/n runs only the k-th of n disjoint slices of the
realisations and writes their critical lambdas (a shard file, JSON) to --out (or stdout);
'dam merge part-*.json' then prints exactly what the unsharded run prints. With --out, each
finished realisation is journaled in <out>.journal: after SIGTERM (scancel, a time limit) or
Ctrl-C (exit 143 / 130) the same command resumes from it. With Slurm, this recipe (shipped as
slurm/crossover-array.sbatch in @dam/cli):

<recipe>
Patterns: --patterns streaming holds one tile of patterns at a time (same numbers);
--patterns order-statistics (spherical, gaussian) draws the --explicit-patterns K (default 2048)
largest overlaps with xi^1 exactly and the rest in conditional expectation: time and memory
independent of P, an approximation validated against the exact mode (see @dam/dynamics README).

Examples:
  $ dam simulate --ensemble spherical --alpha 0.2 --N 20,25,30
  $ dam simulate --ensemble spherical --alpha 0.2 --N 50,100,200,400 --patterns order-statistics
  $ dam simulate --ensemble spherical --alpha 0.2 --N 20,30,40,45 --samples 64 --seed 7 --json
  $ dam simulate --ensemble gaussian --alpha 0.1 --N 15 --samples 16 --backend reference
  $ dam simulate --ensemble spherical --alpha 0.2 --N 20,30,40 --shard 1/2 --out part-1.json
`;

/** The human-readable report: a table of the sizes (a `censored` column when one is), then the fit and the theory. */
export function formatSimulateTable(report: SimulateReport): string {
  const header = `${report.ensemble} patterns, alpha = ${report.alpha}, ${report.samples} samples, seed ${report.seed}\n`;
  const censored = report.points.filter((p) => p.censored !== null).map((p) => p.N);
  const rows = report.points.map((p) => ({
    ...p,
    stderr: p.censored === null ? p.stderr : undefined,
    censored: p.censored === null ? '' : p.censored === 'below' ? 'below (<=)' : 'above (>=)',
  }));
  const columns = ['N', 'P', 'lambdaHalf', 'stderr', ...(censored.length > 0 ? (['censored'] as const) : []), 'lambdaTheory'] as const;
  const table = formatTable(
    rows.map((row) => ({ ...row, lambdaTheory: row.lambdaTheory ?? undefined })),
    columns,
  );
  const skipped = censored.length > 0 ? `; N = ${censored.join(', ')} censored, skipped` : '';
  const interval = (fit: SimulateFit): string =>
    `lambdaInf = ${formatNumber(fit.lambdaInf)}, 95% CI [${formatNumber(fit.ci[0])}, ${formatNumber(fit.ci[1])}]`;
  const fit =
    report.fit === null
      ? `fit (finite-size law): not available (needs 2 measured sizes and a derived law${skipped})\n`
      : `fit (finite-size law + b/N^2${skipped}): ${interval(report.fit)}\n`;
  const quadratic =
    report.fitQuadratic === null
      ? `fit (quadratic in 1/N, the paper's): needs at least 3 measured sizes${skipped}\n`
      : `fit (quadratic in 1/N, the paper's${skipped}): ${interval(report.fitQuadratic)}\n`;
  const law = report.theory.finiteSize;
  const lawLine =
    law === null
      ? ''
      : `; lambdaTheory = lambdaC + (${formatNumber(law.logCoefficient)} log N ${law.constant < 0 ? '−' : '+'} ${formatNumber(Math.abs(law.constant))})/N to order 1/N`;
  return `${header}${table}${fit}${quadratic}theory (N = ∞): lambdaC = ${formatNumber(report.theory.lambdaC)}${lawLine}\n`;
}

/** The CSV report: one row per size and a last row `N = inf` with the extrapolation and the theory. */
export function formatSimulateCsv(report: SimulateReport): string {
  const rows: Record<string, number | string | undefined>[] = report.points.map((p) => ({
    ...p,
    stderr: p.censored === null ? p.stderr : undefined,
    censored: p.censored ?? '',
    lambdaTheory: p.lambdaTheory ?? undefined,
  }));
  rows.push({
    N: Number.POSITIVE_INFINITY,
    lambdaHalf: report.fit?.lambdaInf,
    ciLow: report.fit?.ci[0],
    ciHigh: report.fit?.ci[1],
    lambdaC: report.theory.lambdaC,
    quadraticLambdaInf: report.fitQuadratic?.lambdaInf,
    quadraticCiLow: report.fitQuadratic?.ci[0],
    quadraticCiHigh: report.fitQuadratic?.ci[1],
  });
  return formatCsv(rows, [
    'N',
    'P',
    'lambdaHalf',
    'stderr',
    'censored',
    'lambdaTheory',
    'ciLow',
    'ciHigh',
    'lambdaC',
    'quadraticLambdaInf',
    'quadraticCiLow',
    'quadraticCiHigh',
  ]);
}

/** Adds `dam simulate` (the finite-size crossover of Fig. 1, bottom) to `program`. */
export function addSimulateCommand(program: Command, io: CliIo): Command {
  const command = program
    .command('simulate')
    .description('simulate the retrieval crossover lambda_1/2(alpha, N) and extrapolate it to N = infinity')
    .addOption(valueOption('--ensemble <name>', `pattern ensemble: ${ENSEMBLE_NAMES.join(', ')}`, `one of ${ENSEMBLE_NAMES.join(', ')}`))
    .addOption(
      valueOption('--alpha <A>', 'load alpha = log(P)/N, 0 < alpha <= 2 (e.g. --alpha 0.2)', 'a number in (0, 2]').argParser((v: string) =>
        parseSingleNumber('--alpha', v, (x) => x > 0 && x <= 2, 'a number in (0, 2]'),
      ),
    )
    .addOption(
      valueOption('--N <list>', 'sizes N, comma-separated (e.g. --N 20,25,30)', SIZES_EXPECTED).argParser((v: string) => parseSizes(v)),
    )
    .addOption(
      valueOption(
        '--shard <k/n>',
        'run only the k-th of n slices of the realisations; writes a shard file (see dam merge)',
        SHARD_EXPECTED,
      ).argParser(parseShardOption),
    )
    .addOption(valueOption('--out <file>', 'with --shard: write the shard file here (atomically) instead of stdout', 'a file path'));
  return addRunOptions(addPatternStorageOptions(command, 'spherical, gaussian'), 'realisations per size', 'print CSV')
    .addHelpText('after', () => HELP_AFTER.replace('<recipe>', `${indent(slurmRecipe())}\n`))
    .action(async (options: SimulateOptions) => {
      const ensemble = checkRunOptions(options, requireOption(options.ensemble, '--ensemble', `one of ${ENSEMBLE_NAMES.join(', ')}`));
      const alpha = requireOption(options.alpha, '--alpha', 'a number in (0, 2]');
      const Ns = requireOption(options.N, '--N', SIZES_EXPECTED);
      if (options.shard === undefined && options.out !== undefined) {
        throw new UsageError('--out: needs --shard (it writes a shard file); without --shard the report goes to stdout');
      }
      if (options.shard !== undefined && (options.json === true || options.csv === true)) {
        throw new UsageError(
          `--${options.json === true ? 'json' : 'csv'}: cannot be combined with --shard; a shard file is JSON already (print the report with dam merge)`,
        );
      }
      if (options.patterns === 'order-statistics' && ensemble === 'binary') {
        throw new UsageError(
          '--patterns: "order-statistics" supports --ensemble spherical and gaussian, not binary (discrete overlaps, no rotation invariance)',
        );
      }
      if (options.explicitPatterns !== undefined && options.patterns !== 'order-statistics') {
        throw new UsageError('--explicit-patterns: needs --patterns order-statistics');
      }
      const out = options.out === undefined ? undefined : checkWritableFile('--out', options.out);
      const machineReadable = options.json === true || options.csv === true || (options.shard !== undefined && out === undefined);
      const run = startRun(`simulate ${ensemble} alpha=${alpha}`, machineReadable);
      try {
        const parameters = {
          ensemble,
          alpha,
          Ns,
          ...experimentOptions(options, run),
          patterns: options.patterns,
          explicitPatterns: options.explicitPatterns,
          // Once the sizes have passed the library's memory check, before any realisation is drawn.
          onSizesAccepted: () => {
            const note = memoryNote(Ns, alpha, options.workers, options.patterns);
            if (note !== undefined) io.stderr(note);
          },
        };
        if (options.shard !== undefined) {
          const shard =
            out === undefined
              ? await simulateShard(parameters, options.shard)
              : await journaledShard(io, run, parameters, options.shard, out);
          run.close();
          if (out === undefined) io.stdout(shardToJson(shard));
          else {
            const [start, end] = shard.realisations;
            io.stdout(
              `shard ${shard.shard.index}/${shard.shard.count}: realisations ${start}..${end - 1} of ${shard.run.samples} at N = ${Ns.join(', ')} written to ${options.out}\n`,
            );
          }
          return;
        }
        const report = await simulate(parameters).catch((error: unknown) => {
          throw run.interrupted(error);
        });
        run.close();
        if (options.json === true) io.stdout(formatJson([report]));
        else if (options.csv === true) io.stdout(formatSimulateCsv(report));
        else io.stdout(formatSimulateTable(report));
      } finally {
        run.close();
      }
    });
}
