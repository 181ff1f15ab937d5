// One timed run of the crossover benchmark's dam side, in a fresh process (spawned by
// crossover.mjs): `finiteSizeScan` from call to result, printed as one JSON line.
// Usage: node bench/crossover-run.mjs <alpha> <Ns comma-separated> <samples>
import { performance } from 'node:perf_hooks';
import { finiteSizeScan } from '@dam/dynamics';

const [alpha, Ns, samples] = process.argv.slice(2);
const start = performance.now();
const scan = await finiteSizeScan({
  ensemble: 'spherical',
  alpha: Number(alpha),
  Ns: String(Ns).split(',').map(Number),
  samples: Number(samples),
  seed: 1,
  tolerance: 1e-3,
});
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({ seconds, backend: scan.backend, points: scan.points.map((p) => ({ N: p.N, P: p.P, lambdaHalf: p.lambdaHalf })) }),
);
