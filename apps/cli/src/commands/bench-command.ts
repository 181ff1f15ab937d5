import { BACKEND_NAMES, type BackendName, probeBackends } from '@dam/kernels';
import type { Command } from 'commander';
import { formatJson } from '../format/json.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { valueOption } from '../options.js';
import { notAllowed, UsageError } from '../parse.js';
import { parsePositiveInteger } from '../parse-run.js';

/** The options of `dam bench` after commander has parsed them. */
interface BenchOptions {
  readonly P: number;
  readonly N: number;
  readonly repeats: number;
  readonly backends?: BackendName[];
  readonly json?: boolean;
}

const HELP_AFTER = `
Times the fused attention step x <- Xi^T softmax(lambda Xi x) (Eq. 2; one query, lambda = 1) on
random P x N patterns with each backend: the median of --repeats timed steps after one warm-up,
in ms and GFLOP/s (4PN flops per step). The default problem is the issue's: P = 22026, N = 50
(alpha = 0.2). The repository's 'pnpm bench' compares with NumPy and runs the end-to-end
crossover; this command measures what runs on your machine. gpu.js/headlessgl needs an X display
(xvfb-run).

Examples:
  $ dam bench
  $ dam bench --P 100000 --N 64 --backends wasm-simd,js --json
`;

/** Parses `--backends`: backend names of @dam/kernels, comma-separated. */
function parseBackends(value: string): BackendName[] {
  const expected = `backend names separated by commas, from ${BACKEND_NAMES.join(', ')}`;
  const names = value.split(',').map((item) => item.trim());
  for (const name of names) {
    if (!BACKEND_NAMES.some((known) => known === name)) throw new UsageError(notAllowed('--backends', name, expected));
  }
  return names as BackendName[];
}

/** Adds `dam bench`: the attention step on every backend, timed here. */
export function addBenchCommand(program: Command, io: CliIo): Command {
  return program
    .command('bench')
    .description('time the fused attention step on every backend here (ms and GFLOP/s)')
    .addOption(
      valueOption('--P <n>', 'number of patterns (default 22026 = round(e^(0.2*50)))', 'an integer between 1 and 100000000')
        .argParser((v: string) => parsePositiveInteger('--P', v, 1, 1e8))
        .default(22026),
    )
    .addOption(
      valueOption('--N <n>', 'dimension (default 50)', 'an integer between 1 and 100000')
        .argParser((v: string) => parsePositiveInteger('--N', v, 1, 1e5))
        .default(50),
    )
    .addOption(
      valueOption('--repeats <n>', 'timed steps per backend (default 20)', 'an integer between 1 and 100000')
        .argParser((v: string) => parsePositiveInteger('--repeats', v, 1, 1e5))
        .default(20),
    )
    .addOption(
      valueOption('--backends <list>', 'backends to time (default: all)', 'backend names separated by commas').argParser(parseBackends),
    )
    .option('--json', 'print JSON: {"P","N","repeats","backends":[{"name","available","reason","msPerStep","gflops"}]}')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: BenchOptions) => {
      if (options.P * options.N > 2 ** 28) {
        throw new UsageError(
          `--P: ${options.P} x --N ${options.N} = ${options.P * options.N} floats is too large for one matrix; expected P x N <= 2^28`,
        );
      }
      const probes = await probeBackends({
        P: options.P,
        N: options.N,
        repeats: options.repeats,
        names: options.backends ?? BACKEND_NAMES,
      });
      if (options.json === true) {
        io.stdout(formatJson([{ P: options.P, N: options.N, repeats: options.repeats, backends: probes }]));
        return;
      }
      const rows = probes.map((p) => ({ backend: p.name, msPerStep: p.msPerStep, gflops: p.gflops, note: p.available ? '' : p.reason }));
      const table = formatTable(rows, ['backend', 'msPerStep', 'gflops', 'note']).replace(/ +\n/g, '\n');
      io.stdout(`attention step, P = ${options.P}, N = ${options.N}, median of ${options.repeats}\n${table}`);
    });
}
