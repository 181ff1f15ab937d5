// Attention-step benchmark for @dam/kernels (run after a build: `pnpm --filter @dam/kernels bench`,
// or through the root `pnpm bench`, which imports this file via bench/attention.mjs).
//
// Measures, at P = 22026 = ⌈e^{αN}⌉ patterns (α = 0.2, N = 50) and λ = 1, the fused step of Eq. (2)
// `x' = Ξᵀ softmax(λΞx)` for one query and for a batch of B = 64 queries, on the backends
// 'reference' (float64 loops), 'js' and 'wasm-simd': median wall time after warm-up, GFLOP/s
// counting 4·P·N flops per query (scores 2PN + weighted sum 2PN), and the ratio to 'js' (the
// baseline measured in the same run). When python3 with NumPy is available, bench/numpy_attention.py
// times NumPy float32 `softmax(λ Ξ x) @ Ξ` (max-shifted) on the same sizes, and the table adds
// our time / NumPy's time. Prints only; asserts nothing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { medianMs } from '../../../bench/measure.mjs';
import { createJsBackend, createMatrix, createReferenceBackend, createWasmSimdBackend, wasmSimdAvailable } from '../dist/index.js';

const ALPHA = 0.2;
const N = 50;
const P = Math.round(Math.exp(ALPHA * N)); // 22026 = e^{10} rounded
const LAMBDA = 1;
const BATCH = 64;
const FLOPS = 4 * P * N;

export const title = `Attention step (Eq. 2): P = ${P} (α = ${ALPHA}), N = ${N}, λ = ${LAMBDA}; single query and batch of ${BATCH}`;

/** Seeded standard normals (xorshift32 + Box–Muller), so that every run times the same data. */
function gaussians(count, seed) {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(t);
    if (i + 1 < count) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/**
 * NumPy timings from numpy_attention.py, or a reason why there are none. NumPy runs twice, with
 * OpenBLAS's default threads and single-threaded (its threads fight any other load on a small
 * machine), and the faster time of each operation is the baseline: the strongest NumPy here.
 */
function numpyTimes() {
  const script = fileURLToPath(new URL('numpy_attention.py', import.meta.url));
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skip: 'NumPy comparison skipped: python3 with numpy is not available' };
  const runs = [];
  for (const threads of [undefined, '1']) {
    const env = { ...process.env };
    if (threads !== undefined) Object.assign(env, { OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads });
    const run = spawnSync('python3', [script, String(P), String(N), String(BATCH), String(LAMBDA)], { encoding: 'utf8', env });
    if (run.status !== 0) return { skip: `NumPy comparison skipped: numpy_attention.py failed: ${run.stderr.trim()}` };
    runs.push(JSON.parse(run.stdout));
  }
  const best = (key) => runs.reduce((a, b) => (b[key] < a[key] ? b : a));
  const single = best('single_ms');
  const batched = best('batched_ms');
  return {
    numpy: single.numpy,
    blas: single.blas,
    single_ms: single.single_ms,
    single_threads: single.threads,
    batched_ms: batched.batched_ms,
    batched_threads: batched.threads,
    all: runs,
  };
}

/** Filled by run(): printed after the table. */
export const notes = [];

export function run() {
  const numpy = numpyTimes();
  notes.push(
    `ms: median per call (the batch rows: per call of ${BATCH} queries), min ms: fastest sample; GFLOP/s from the median, counting 4·P·N flops per query (2PN for the scores Ξx, 2PN for the weighted sum Ξᵀw).`,
    "× js: the backend's time over 'js' (smaller is faster); ÷ numpy: our time over NumPy float32's on the same sizes (≤ 1 means at least as fast), from medians and from fastest samples.",
    `err vs ref: largest relative error of the ${BATCH} batch results against the float64 reference (max |Δ| / max |ref| per row; the contract is ≤ 1e-4).`,
    numpy.skip ??
      `NumPy ${numpy.numpy} float32 (${numpy.blas}), best of default threads and 1 thread: step ${numpy.single_ms.toFixed(3)} ms (${numpy.single_threads} thread(s)), batch ${numpy.batched_ms.toFixed(2)} ms (${numpy.batched_threads} thread(s)); all runs: ${numpy.all.map((r) => `${r.threads} thr ${r.single_ms.toFixed(3)} / ${r.batched_ms.toFixed(2)} ms`).join(', ')}.`,
    `wasm-simd: ${wasmSimdAvailable().reason}.`,
  );
  const patterns = createMatrix(P, N, gaussians(P * N, 1));
  // Queries near stored patterns (a retrieval run), as in numpy_attention.py.
  const noise = gaussians(BATCH * N, 2);
  const queries = createMatrix(BATCH, N);
  for (let i = 0; i < BATCH * N; i++) queries.data[i] = patterns.data[i] + 0.5 * noise[i];
  const x = queries.data.slice(0, N);

  const reference = createReferenceBackend();
  const expected = reference.stepBatch(patterns, queries, LAMBDA);
  /** Largest relative error of a batch result against the reference (max over rows of max|Δ| / max|ref|). */
  const error = (result) => {
    let worst = 0;
    for (let b = 0; b < BATCH; b++) {
      let diff = 0;
      let scale = 0;
      for (let j = 0; j < N; j++) {
        diff = Math.max(diff, Math.abs(result.next.data[b * N + j] - expected.next.data[b * N + j]));
        scale = Math.max(scale, Math.abs(expected.next.data[b * N + j]));
      }
      worst = Math.max(worst, diff / scale);
    }
    return worst;
  };

  const backends = [reference, createJsBackend()];
  if (wasmSimdAvailable().available) backends.push(createWasmSimdBackend());
  const measured = backends.map((backend) => {
    const slow = backend.name === 'reference';
    const single = medianMs(() => backend.step(patterns, x, LAMBDA), slow ? { warmup: 1, runs: 5 } : { warmup: 3, runs: 15 });
    const batch = medianMs(() => backend.stepBatch(patterns, queries, LAMBDA), { warmup: slow ? 1 : 2, runs: slow ? 3 : 9 });
    const err = error(batch.result);
    backend.dispose();
    return { name: backend.name, single: single.ms, singleMin: single.minMs, batch: batch.ms, batchMin: batch.minMs, err };
  });
  const js = measured.find((m) => m.name === 'js');
  const rows = [];
  const row = (backend, op, ms, minMs, queriesPerCall, jsMs, numpyMs, numpyMinMs, err) => ({
    backend,
    op,
    ms: ms.toFixed(3),
    'min ms': minMs.toFixed(3),
    'GFLOP/s': ((FLOPS * queriesPerCall) / (ms * 1e6)).toFixed(2),
    '× js': (ms / jsMs).toFixed(3),
    '÷ numpy': numpyMs === undefined ? 'n/a' : (ms / numpyMs).toFixed(2),
    '÷ numpy (min)': numpyMinMs === undefined ? 'n/a' : (minMs / numpyMinMs).toFixed(2),
    'err vs ref': err === undefined ? '' : err.toExponential(1),
  });
  const batchOp = `stepBatch ×${BATCH}`;
  const npSingle = numpy.skip === undefined ? numpy.all.find((r) => r.single_ms === numpy.single_ms) : undefined;
  const npBatch = numpy.skip === undefined ? numpy.all.find((r) => r.batched_ms === numpy.batched_ms) : undefined;
  for (const m of measured) {
    rows.push(row(m.name, 'step', m.single, m.singleMin, 1, js.single, npSingle?.single_ms, npSingle?.single_min_ms));
    rows.push(row(m.name, batchOp, m.batch, m.batchMin, BATCH, js.batch, npBatch?.batched_ms, npBatch?.batched_min_ms, m.err));
  }
  if (npSingle !== undefined && npBatch !== undefined) {
    rows.push(
      row('numpy f32', 'step', npSingle.single_ms, npSingle.single_min_ms, 1, js.single, npSingle.single_ms, npSingle.single_min_ms),
    );
    rows.push(
      row('numpy f32', batchOp, npBatch.batched_ms, npBatch.batched_min_ms, BATCH, js.batch, npBatch.batched_ms, npBatch.batched_min_ms),
    );
  }
  return rows;
}

// Run directly: print the table (the root bench/run.mjs prints it otherwise).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = run();
  const keys = Object.keys(rows[0]);
  const cells = [keys, ...rows.map((row) => keys.map((k) => String(row[k])))];
  const widths = keys.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const line = (r) => r.map((c, j) => (j < 2 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  console.log(`${title}\n`);
  console.log([line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n'));
  for (const note of notes) console.log(note);
}
