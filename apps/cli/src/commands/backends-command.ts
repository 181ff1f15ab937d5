import { chooseAutoBackend, probeBackends } from '@dam/kernels';
import type { Command } from 'commander';
import { formatJson } from '../format/json.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';

const HELP_AFTER = `
Every backend is created and timed on one attention step (P = 4096, N = 64, lambda = 1):
'reference' (float64 loops), 'js' (typed arrays, one pass with an online softmax), 'wasm-simd'
(WebAssembly f32x4) and the gpu.js modes ('headlessgl' needs the gl package and an X display:
run under xvfb-run). 'auto' is the fastest one that works; simulate and basins use it unless
--backend says otherwise. gpu.js/cpu is listed but never chosen (it is slower than js by design).

Examples:
  $ dam backends
  $ xvfb-run -a dam backends --json
`;

/** Adds `dam backends`: what runs here, how fast, and what `auto` picks and why. */
export function addBackendsCommand(program: Command, io: CliIo): Command {
  return program
    .command('backends')
    .description('list the attention backends available here, their measured speed, and what auto picks')
    .option('--json', 'print JSON: {"auto":{"name","reason"},"backends":[{"name","available","reason","msPerStep","gflops"}]}')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: { json?: boolean }) => {
      const choice = await chooseAutoBackend();
      // auto skips the backends that cannot win and stops timing one after a step once it is
      // clearly slower; list every available backend with a full measurement instead, and
      // gpu.js/cpu too (auto never considers it).
      const available = choice.probes.filter((p) => p.available).map((p) => p.name);
      const full = await probeBackends({ names: [...available, 'gpu.js/cpu'] });
      const probes = [
        ...choice.probes.map((p) => full.find((f) => f.name === p.name) ?? p),
        ...full.filter((f) => f.name === 'gpu.js/cpu'),
      ];
      if (options.json === true) {
        io.stdout(formatJson([{ auto: { name: choice.name, reason: choice.reason }, backends: probes }]));
        return;
      }
      const rows = probes.map((p) => ({
        backend: p.name,
        available: p.available ? 'yes' : 'no',
        msPerStep: p.msPerStep,
        gflops: p.gflops,
        note: p.available ? (p.name === choice.name ? 'auto' : '') : p.reason.replace(/^gpu\.js mode "[^"]+" is not available here: /, ''),
      }));
      // The last column holds long reasons: no padding after it.
      const table = formatTable(rows, ['backend', 'available', 'msPerStep', 'gflops', 'note']).replace(/ +\n/g, '\n');
      io.stdout(`${table}auto: ${choice.name} — ${choice.reason}\n`);
    });
}
