// End to end: the spherical retrieval crossover of Fig. 1 (bottom) at α = 0.2, 64 realisations, λ
// resolved to 1e-3, as whole processes (start-up included): `dam simulate` (the built CLI, default
// backend, one worker per core) against two NumPy baselines run in the same session:
// - strong (bench/numpy_strong_crossover.py): dam's own estimator written plainly — each
//   realisation's critical λ by 12 halvings on its own patterns, the median over realisations,
//   float32 steps stopped at a fixed point, realisations in chunks of 8 over one process per core;
// - naive (bench/numpy_crossover.py): the paper's protocol as written — a bisection on the success
//   rate with fresh patterns for every realisation and every λ, one core (first row only: it takes
//   tens of seconds on the second).
// Each side runs RUNS times, interleaved, each run a fresh process; ratios are of the medians.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const title = 'Crossover λ_1/2(α = 0.2, N), spherical, 64 samples, whole processes: dam simulate vs NumPy (strong and naive)';

const ROWS = [
  { Ns: [20, 30, 40, 45], naive: true },
  { Ns: [45, 50], naive: false },
];
const SAMPLES = 64;
const ALPHA = 0.2;
/** Runs of each side (fresh processes); ratios are of the medians. */
const RUNS = 3;

export const notes = [
  'dam: `dam simulate --json` (per-realisation critical λ on the same patterns, guided search, certified early stop,',
  '  worker threads). strong NumPy: the same estimator written plainly (bench/numpy_strong_crossover.py, a process',
  '  per core). naive NumPy: bisection on the success rate with fresh patterns per λ (bench/numpy_crossover.py).',
  `  Wall time of whole processes, ${RUNS} interleaved runs each, medians; ratio = NumPy median / dam median.`,
];

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** Runs `command args` as a whole process: wall seconds and its JSON output, or `{ skipped }`. */
function timed(command, args, what) {
  const start = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) return { skipped: `${what} failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}` };
  return { seconds, output: JSON.parse(run.stdout) };
}

const hasNumpy = () => spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

export async function run() {
  const numpy = hasNumpy();
  const rows = [];
  for (const row of ROWS) {
    const sizes = row.Ns.join(',');
    const sides = {
      dam: () =>
        timed(
          process.execPath,
          [
            here('../apps/cli/dist/bin.js'),
            'simulate',
            '--ensemble',
            'spherical',
            '--alpha',
            String(ALPHA),
            '--N',
            sizes,
            '--samples',
            String(SAMPLES),
            '--seed',
            '1',
            '--json',
          ],
          'dam simulate',
        ),
      strong: () =>
        timed(
          'python3',
          [here('numpy_strong_crossover.py'), '--alpha', String(ALPHA), '--Ns', sizes, '--samples', String(SAMPLES)],
          'strong NumPy',
        ),
      naive: () =>
        timed(
          'python3',
          [here('numpy_crossover.py'), '--alpha', String(ALPHA), '--Ns', sizes, '--samples', String(SAMPLES)],
          'naive NumPy',
        ),
    };
    const wanted = ['dam', ...(numpy ? ['strong'] : []), ...(numpy && row.naive ? ['naive'] : [])];
    const runs = Object.fromEntries(wanted.map((side) => [side, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const side of wanted) {
        const result = sides[side]();
        if (result.skipped) throw new Error(result.skipped);
        runs[side].push(result);
      }
    }
    const seconds = (side) => (runs[side] ? median(runs[side].map((r) => r.seconds)) : undefined);
    const ratio = (side) => (seconds(side) === undefined ? '-' : `${(seconds(side) / seconds('dam')).toFixed(2)}×`);
    const lambdas = (side, pick) =>
      runs[side]
        ? pick(runs[side][0].output)
            .map((v) => v.toFixed(4))
            .join(' ')
        : '-';
    rows.push({
      N: sizes,
      'dam s': seconds('dam').toFixed(2),
      'strong NumPy s': seconds('strong')?.toFixed(2) ?? (numpy ? '-' : 'no NumPy'),
      'vs strong': ratio('strong'),
      'naive NumPy s': seconds('naive')?.toFixed(2) ?? '-',
      'vs naive': ratio('naive'),
      'dam λ½': lambdas('dam', (o) => o.points.map((p) => p.lambdaHalf)),
      'strong λ½': lambdas('strong', (o) => o.points.map((p) => p.lambdaHalf)),
    });
    notes.push(`N = ${sizes}: ${wanted.map((side) => `${side} ${runs[side].map((r) => r.seconds.toFixed(2)).join(', ')} s`).join('; ')}`);
  }
  if (!numpy) notes.push('python3 with NumPy not found: the NumPy baselines were skipped');
  return rows;
}
