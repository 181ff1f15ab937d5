// Validation of the order-statistics mode against the exact (materialised) mode:
// λ_1/2(N) at α = 0.2 and 0.3, N = 30…50, and success rates at fixed λ, same number of
// realisations, both bisected to 1e-3. Run after `pnpm --filter @dam/dynamics build`:
//   node scripts/order-statistics-validation.mjs > validation.jsonl
// EXTENDED=1 runs the larger sizes instead (α = 0.2: N = 55, 60, 70, 80; α = 0.3: N = 50, 55;
// K = 2048 only, no success rates; with SAMPLES=32 about 45 minutes on two cores, most of it the
// exact mode at N = 80 (P = 8.9e6) and α = 0.3, N = 55 (P = 1.5e7), about 6 GiB per worker).
// SIZES="0.2:70,80;0.3:50" runs only those sizes.
import { lambdaHalf, successRate } from '../dist/index.js';

const extended = process.env.EXTENDED === '1';
const samples = Number(process.env.SAMPLES ?? 64);
const backend = process.env.BACKEND ?? 'wasm-simd';
const tolerance = 1e-3;
const seed = 2024;
const modes = [
  { name: 'exact', options: {} },
  ...(extended ? [] : [{ name: 'os-256', options: { patterns: 'order-statistics', explicitPatterns: 256 } }]),
  { name: 'os-2048', options: { patterns: 'order-statistics', explicitPatterns: 2048 } },
];
const sizes = process.env.SIZES?.split(';').map((part) => {
  const [alpha, Ns] = part.split(':');
  return { alpha: Number(alpha), Ns: Ns.split(',').map(Number) };
});
const plan = sizes
  ? sizes
  : extended
    ? [
        { alpha: 0.2, Ns: [55, 60, 70, 80] },
        { alpha: 0.3, Ns: [50, 55] },
      ]
    : [
        { alpha: 0.2, Ns: [30, 35, 40, 45, 50] },
        { alpha: 0.3, Ns: [25, 30, 35, 40, 45] },
      ];
for (const { alpha, Ns } of plan) {
  for (const N of Ns) {
    for (const mode of modes) {
      const t0 = performance.now();
      const r = await lambdaHalf({ ensemble: 'spherical', N, alpha, samples, seed: seed + N, backend, tolerance, ...mode.options });
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        JSON.stringify({
          kind: 'lambdaHalf',
          alpha,
          N,
          P: r.P,
          mode: mode.name,
          lambdaHalf: r.lambdaHalf,
          stderr: r.stderr,
          updates: r.updates,
          seconds,
        }),
      );
    }
  }
}
for (const lambda of extended ? [] : [0.3, 0.315, 0.33]) {
  for (const mode of modes) {
    const r = await successRate({ ensemble: 'spherical', N: 40, alpha: 0.2, lambda, samples: 128, seed: 77, backend, ...mode.options });
    console.log(
      JSON.stringify({
        kind: 'successRate',
        alpha: 0.2,
        N: 40,
        lambda,
        mode: mode.name,
        rate: r.rate,
        stderr: r.stderr,
        samples: r.samples,
      }),
    );
  }
}
