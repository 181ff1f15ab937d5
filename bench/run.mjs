// Runs every benchmark in bench/ (each file exporting `title`, `run()` → table rows, optional `notes`) and
// prints one table per file. Benchmarks only print; they never assert times.
// Usage: `pnpm bench` (builds first), or `node bench/run.mjs [name-filter]` after a build.
import { readdirSync } from 'node:fs';
import os from 'node:os';

const HELPERS = new Set(['run.mjs', 'measure.mjs', 'crossover-run.mjs']);
const filter = process.argv[2] ?? '';
const files = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.mjs') && !HELPERS.has(f) && f.includes(filter))
  .sort();

/** Plain-text table with right-aligned columns (left-aligned first column). */
function table(rows) {
  const keys = Object.keys(rows[0]);
  const cells = [keys, ...rows.map((row) => keys.map((k) => String(row[k])))];
  const widths = keys.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const line = (r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}\n`);
for (const file of files) {
  const bench = await import(new URL(file, import.meta.url).href);
  console.log(`${bench.title}\n`);
  console.log(table(await bench.run()));
  for (const note of bench.notes ?? []) console.log(note);
  console.log();
}
