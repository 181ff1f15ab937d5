// The Fig. 1 (bottom) crossover at α = 0.2 pushed to large N with the order-statistics mode
// (spherical patterns, K explicit patterns, the bulk in conditional expectation), then the
// dependence on K at the largest sizes. Run after `pnpm --filter @dam/dynamics build`:
//   node scripts/order-statistics-crossover.mjs > crossover.jsonl
import { finiteSizeScan, lambdaHalf } from '../dist/index.js';

const backend = process.env.BACKEND ?? 'wasm-simd';
const samples = Number(process.env.SAMPLES ?? 64);
const Ns = (process.env.NS ?? '30,40,50,60,80,100,150,200,300,400').split(',').map(Number);
const K = Number(process.env.K ?? 2048);
const tolerance = Number(process.env.TOL ?? 1e-3);

const t0 = performance.now();
const scan = await finiteSizeScan({
  ensemble: 'spherical',
  alpha: 0.2,
  Ns,
  samples,
  seed: 1,
  backend,
  patterns: 'order-statistics',
  explicitPatterns: K,
  tolerance,
});
const seconds = (performance.now() - t0) / 1000;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
for (const p of scan.points) {
  const sorted = [...p.criticalLambdas].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      kind: 'point',
      N: p.N,
      P: p.P,
      lambdaHalf: p.lambdaHalf,
      stderr: p.stderr,
      q25: quantile(sorted, 0.25),
      q75: quantile(sorted, 0.75),
    }),
  );
}
// Weighted least squares (weights 1/stderr²) of λ½ on the given functions of N; returns the
// intercept c0 with its 95% half-width (errors taken as known, as in the package's fit) and χ².
function wls(points, functions) {
  const m = functions.length;
  const A = Array.from({ length: m }, () => new Array(m).fill(0));
  const b = new Array(m).fill(0);
  for (const p of points) {
    const w = 1 / p.stderr ** 2;
    const x = functions.map((f) => f(p.N));
    for (let i = 0; i < m; i++) {
      b[i] += w * x[i] * p.lambdaHalf;
      for (let j = 0; j < m; j++) A[i][j] += w * x[i] * x[j];
    }
  }
  // Gauss–Jordan inverse of A.
  const inv = A.map((row, i) => [...row, ...Array.from({ length: m }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(inv[r][c]) > Math.abs(inv[pivot][c])) pivot = r;
    [inv[c], inv[pivot]] = [inv[pivot], inv[c]];
    const d = inv[c][c];
    for (let j = 0; j < 2 * m; j++) inv[c][j] /= d;
    for (let r = 0; r < m; r++)
      if (r !== c) {
        const f = inv[r][c];
        for (let j = 0; j < 2 * m; j++) inv[r][j] -= f * inv[c][j];
      }
  }
  const cov = inv.map((row) => row.slice(m));
  const coef = cov.map((row) => row.reduce((sum, v, j) => sum + v * b[j], 0));
  const chi2 = points.reduce(
    (sum, p) => sum + ((p.lambdaHalf - functions.reduce((s2, f, i) => s2 + coef[i] * f(p.N), 0)) / p.stderr) ** 2,
    0,
  );
  return { c0: coef[0], halfWidth95: 1.96 * Math.sqrt(cov[0][0]), chi2, dof: points.length - m, coefficients: coef };
}
const forms = {
  'c0 + c1/N + c2/N²': [() => 1, (N) => 1 / N, (N) => 1 / N ** 2],
  'c0 + c1 log(N)/N + c2/N': [() => 1, (N) => Math.log(N) / N, (N) => 1 / N],
  'c0 + c1 log(N)/N + c2/N + c3/N²': [() => 1, (N) => Math.log(N) / N, (N) => 1 / N, (N) => 1 / N ** 2],
};
for (const minN of [30, 50, 100]) {
  for (const [form, functions] of Object.entries(forms)) {
    console.log(
      JSON.stringify({
        kind: 'alt-fit',
        form,
        minN,
        ...wls(
          scan.points.filter((p) => p.N >= minN),
          functions,
        ),
      }),
    );
  }
}
console.log(
  JSON.stringify({
    kind: 'fit',
    K,
    samples,
    tolerance,
    backend: scan.backend,
    seconds,
    updates: scan.updates,
    fit: scan.fit,
    fitQuadratic: scan.fitQuadratic,
    theory: scan.theory,
  }),
);

if (process.env.KSWEEP !== '0') {
  for (const N of [100, 200]) {
    const runs = {};
    for (const k of [256, 1024, 4096]) {
      const start = performance.now();
      const r = await lambdaHalf({
        ensemble: 'spherical',
        N,
        alpha: 0.2,
        samples,
        seed: 5 + N,
        backend,
        tolerance,
        patterns: 'order-statistics',
        explicitPatterns: k,
      });
      runs[k] = r;
      console.log(
        JSON.stringify({ kind: 'K', N, K: k, lambdaHalf: r.lambdaHalf, stderr: r.stderr, seconds: (performance.now() - start) / 1000 }),
      );
    }
    // Same realisation seeds: the top overlaps share their exponential spacings and directions, so the
    // per-realisation differences of the critical λs isolate the effect of K.
    for (const k of [256, 1024]) {
      const a = runs[k].criticalLambdas;
      const b = runs[4096].criticalLambdas;
      const diffs = a.map((v, i) => v - b[i]);
      const mean = diffs.reduce((s, v) => s + v, 0) / diffs.length;
      const meanAbs = diffs.reduce((s, v) => s + Math.abs(v), 0) / diffs.length;
      const identical = diffs.filter((v) => v === 0).length;
      console.log(JSON.stringify({ kind: 'K-diff', N, K: k, versus: 4096, mean, meanAbs, identical, of: diffs.length }));
    }
  }
}
