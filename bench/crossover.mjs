// End to end: the spherical retrieval crossover of Fig. 1 (bottom) at α = 0.2 for N = 20, 30, 40,
// 45 with 64 realisations and λ resolved to 1e-3, by `finiteSizeScan` of @dam/dynamics (default
// backend, one worker per core), against the straightforward NumPy implementation of the paper's
// protocol in bench/numpy_crossover.py (fresh patterns per realisation and per λ of a 12-step
// bisection on the success rate over λ ∈ [0.01, 3], ≤ 100 float32 steps), timed in the same run.
// Each side runs RUNS times, each run in a fresh process (crossover-run.mjs for dam: so that no
// run inherits another's warm state, e.g. the cached `auto` choice), and the medians are compared.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const title = 'Crossover scan λ_1/2(α = 0.2, N), spherical, N = 20,30,40,45, 64 samples: dam vs NumPy';

const NS = [20, 30, 40, 45];
const SAMPLES = 64;
const ALPHA = 0.2;
/** Runs of each side (fresh processes); the ratio is of the medians. */
const RUNS = 3;

export const notes = [
  'dam: finiteSizeScan (per-realisation critical λ by bisection on the same patterns, tolerance 1e-3,',
  '  certified early stopping, worker threads); NumPy: bench/numpy_crossover.py (12-step bisection on the',
  `  success rate with fresh patterns per λ and realisation). Each side runs ${RUNS} times, each in a fresh`,
  '  process; times are medians (all runs listed below); speedup = NumPy median / dam median.',
];

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** One run of `command args`: its JSON output, or `{ skipped }` with the reason it failed. */
function runJson(command, args, what) {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return { skipped: `${what} failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}` };
  return JSON.parse(run.stdout);
}

function damRuns() {
  const script = fileURLToPath(new URL('crossover-run.mjs', import.meta.url));
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = runJson(process.execPath, [script, String(ALPHA), NS.join(','), String(SAMPLES)], 'dam run');
    if (run.skipped) throw new Error(run.skipped);
    runs.push(run);
  }
  return runs;
}

function numpyRuns() {
  const script = fileURLToPath(new URL('numpy_crossover.py', import.meta.url));
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3 with NumPy not found: baseline skipped' };
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = runJson(
      'python3',
      [script, '--alpha', String(ALPHA), '--Ns', NS.join(','), '--samples', String(SAMPLES)],
      'NumPy baseline',
    );
    if (run.skipped) return run;
    runs.push(run);
  }
  return { runs };
}

export async function run() {
  const dam = damRuns();
  const numpy = numpyRuns();
  const damSeconds = median(dam.map((r) => r.seconds));
  const numpySeconds = numpy.runs ? median(numpy.runs.map((r) => r.seconds)) : undefined;
  const [first] = dam;
  const rows = first.points.map((point, i) => {
    const reference = numpy.runs?.[0]?.points[i];
    return {
      N: point.N,
      P: point.P,
      'dam λ½': point.lambdaHalf.toFixed(4),
      'NumPy λ½': reference ? reference.lambdaHalf.toFixed(4) : '-',
      'NumPy s': numpy.runs ? median(numpy.runs.map((r) => r.points[i].seconds)).toFixed(2) : '-',
    };
  });
  rows.push({
    N: 'total',
    P: '',
    'dam λ½': `${damSeconds.toFixed(2)} s (${first.backend})`,
    'NumPy λ½': numpySeconds ? `${numpySeconds.toFixed(2)} s` : numpy.skipped,
    'NumPy s': numpySeconds ? `speedup ${(numpySeconds / damSeconds).toFixed(1)}×` : '-',
  });
  notes.push(
    `runs: dam ${dam.map((r) => r.seconds.toFixed(2)).join(', ')} s; NumPy ${numpy.runs ? `${numpy.runs.map((r) => r.seconds.toFixed(2)).join(', ')} s` : '-'}`,
  );
  return rows;
}
