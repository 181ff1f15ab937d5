// Validation of the order-statistics mode against the exact (materialised) mode:
// λ_1/2(N) at α = 0.2 and 0.3, N = 30…50, and success rates at fixed λ, same number of
// realisations. Run after `pnpm --filter @dam/dynamics build`:
//   node scripts/order-statistics-validation.mjs > validation.jsonl
import { lambdaHalf, successRate } from '../dist/index.js';

const samples = Number(process.env.SAMPLES ?? 64);
const backend = process.env.BACKEND ?? 'wasm-simd';
const seed = 2024;
const modes = [
  { name: 'exact', options: {} },
  { name: 'os-256', options: { patterns: 'order-statistics', explicitPatterns: 256 } },
  { name: 'os-2048', options: { patterns: 'order-statistics', explicitPatterns: 2048 } },
];
const plan = [
  { alpha: 0.2, Ns: [30, 35, 40, 45, 50] },
  { alpha: 0.3, Ns: [25, 30, 35, 40, 45] },
];
for (const { alpha, Ns } of plan) {
  for (const N of Ns) {
    for (const mode of modes) {
      const t0 = performance.now();
      const r = await lambdaHalf({ ensemble: 'spherical', N, alpha, samples, seed: seed + N, backend, ...mode.options });
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
for (const lambda of [0.3, 0.315, 0.33]) {
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
