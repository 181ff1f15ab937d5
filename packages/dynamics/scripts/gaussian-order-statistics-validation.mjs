// Validation of the order-statistics mode for Gaussian patterns against the exact (materialised)
// mode: λ_1/2(N) at α = 0.1, 0.2, 0.3 with the same number of realisations, as z-scores, then the
// large-N scan at α = 0.2 with its extrapolation beside the theory's λ_c = 1 − √(1 − 2α). This is
// the table of the README (seed 5, 256 realisations; `dam simulate` uses the same seeds). Run after
// `pnpm --filter @dam/dynamics build`:
//   node scripts/gaussian-order-statistics-validation.mjs > gaussian-validation.jsonl
import { deriveSeed, finiteSizeScan, lambdaHalf } from '../dist/index.js';
import { SALT_SIZE } from '../dist/internals.js';

const samples = Number(process.env.SAMPLES ?? 256);
const backend = process.env.BACKEND ?? 'wasm-simd';
const seed = 5;
const plan = [
  { alpha: 0.1, Ns: [20, 30, 40, 50, 60] },
  { alpha: 0.2, Ns: [20, 25, 30, 35, 40] },
  { alpha: 0.3, Ns: [15, 20, 25, 30] },
];
for (const { alpha, Ns } of plan) {
  for (const N of Ns) {
    // The seed of size N in a scan (`dam simulate --seed 5`): deriveSeed(seed, N, SALT_SIZE).
    const options = { ensemble: 'gaussian', N, alpha, samples, seed: deriveSeed(seed, N, SALT_SIZE), backend };
    const exact = await lambdaHalf(options);
    const drawn = await lambdaHalf({ ...options, patterns: 'order-statistics' });
    const z = (drawn.lambdaHalf - exact.lambdaHalf) / Math.hypot(drawn.stderr, exact.stderr);
    console.log(
      JSON.stringify({
        kind: 'validation',
        alpha,
        N,
        P: exact.P,
        exact: [exact.lambdaHalf, exact.stderr],
        orderStatistics: [drawn.lambdaHalf, drawn.stderr],
        z,
      }),
    );
  }
}
const scan = await finiteSizeScan({
  ensemble: 'gaussian',
  alpha: 0.2,
  Ns: [100, 200, 400, 800],
  samples: 64,
  seed: 1,
  backend,
  patterns: 'order-statistics',
});
console.log(
  JSON.stringify({
    kind: 'large-N',
    alpha: 0.2,
    points: scan.points.map((p) => ({ N: p.N, lambdaHalf: p.lambdaHalf, stderr: p.stderr, lambdaTheory: p.lambdaTheory })),
    // The derived finite-size law's extrapolation, and the paper's quadratic in 1/N.
    lambdaInf: scan.fit?.lambdaInf,
    ci: scan.fit?.ci,
    quadratic: { lambdaInf: scan.fitQuadratic.lambdaInf, ci: scan.fitQuadratic.ci },
    lambdaC: scan.theory.lambdaC,
  }),
);
