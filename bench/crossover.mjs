// End to end: the spherical retrieval crossover of Fig. 1 (bottom) at α = 0.2 for N = 20, 30, 40,
// 45 with 64 realisations and λ resolved to 1e-3, by `finiteSizeScan` of @dam/dynamics (default
// backend, one worker per core), against the straightforward NumPy implementation of the paper's
// protocol in bench/numpy_crossover.py (fresh patterns per realisation and per λ of a 12-step
// bisection on the success rate over λ ∈ [0.01, 3], ≤ 100 float32 steps), timed in the same run.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { finiteSizeScan } from '@dam/dynamics';

export const title = 'Crossover scan λ_1/2(α = 0.2, N), spherical, N = 20,30,40,45, 64 samples: dam vs NumPy';

const NS = [20, 30, 40, 45];
const SAMPLES = 64;
const ALPHA = 0.2;

export const notes = [
  'dam: finiteSizeScan (per-realisation critical λ by bisection on the same patterns, tolerance 1e-3,',
  '  certified early stopping, worker threads); NumPy: bench/numpy_crossover.py (12-step bisection on the',
  '  success rate with fresh patterns per λ and realisation). speedup = NumPy time / dam time.',
];

function numpyBaseline() {
  const script = fileURLToPath(new URL('numpy_crossover.py', import.meta.url));
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3 with NumPy not found: baseline skipped' };
  const run = spawnSync('python3', [script, '--alpha', String(ALPHA), '--Ns', NS.join(','), '--samples', String(SAMPLES)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) return { skipped: `NumPy baseline failed: ${run.stderr.trim().split('\n').pop()}` };
  return JSON.parse(run.stdout);
}

export async function run() {
  const start = performance.now();
  const scan = await finiteSizeScan({ ensemble: 'spherical', alpha: ALPHA, Ns: NS, samples: SAMPLES, seed: 1, tolerance: 1e-3 });
  const damSeconds = (performance.now() - start) / 1000;
  const numpy = numpyBaseline();
  const rows = scan.points.map((point, i) => {
    const reference = numpy.points?.[i];
    return {
      N: point.N,
      P: point.P,
      'dam λ½': point.lambdaHalf.toFixed(4),
      'NumPy λ½': reference ? reference.lambdaHalf.toFixed(4) : '-',
      'NumPy s': reference ? reference.seconds.toFixed(2) : '-',
    };
  });
  rows.push({
    N: 'total',
    P: '',
    'dam λ½': `${damSeconds.toFixed(2)} s (${scan.backend})`,
    'NumPy λ½': numpy.seconds ? `${numpy.seconds.toFixed(2)} s` : numpy.skipped,
    'NumPy s': numpy.seconds ? `speedup ${(numpy.seconds / damSeconds).toFixed(1)}×` : '-',
  });
  return rows;
}
