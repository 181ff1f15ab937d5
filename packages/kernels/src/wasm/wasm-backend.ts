import type { AttentionBackend, BatchStepResult, StepResult } from '../backend.js';
import { checkFinite, createJsBackend } from '../js/js-backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import { gamma32, type StepRounding } from '../rounding.js';
import { checkOut, checkQueries, checkQuery, checkStep } from '../validate.js';
import { WasmHeap } from './heap.js';
import { KERNEL_WASM_BASE64 } from './kernel.generated.js';
import { decodeBase64, type WasmMemory, wasmApi } from './wasm-api.js';

/** Exports of kernel.wat (pointers are byte offsets into the memory). */
interface KernelExports {
  splat(x: number, count: number, xs: number): void;
  pack(src: number, dst: number, rows: number, cols: number, n: number): void;
  scoresBatch(pat: number, n: number, nsbTotal: number, nq: number, xs: number, out: number, stride: number, chunkSb: number): void;
  attend(
    pat: number,
    n: number,
    rows: number,
    nq: number,
    xs: number,
    lambda: number,
    scr: number,
    wscr: number,
    cacc: number,
    acc: number,
    st: number,
    chunkSb: number,
    flushEvery: number,
  ): void;
}

/**
 * Bytes of Ξ per chunk: a chunk is scored, weighted and summed while it sits in the L2 cache, for
 * every query of a batch, so Ξ streams from memory once per call. 96 KiB (480 rows at N = 50)
 * measured best on a 512 KiB-L2 core (P = 22026, N = 50: 8–64 super-blocks per chunk within 6%,
 * 2–4 up to 20% slower from per-chunk overhead, 128 slower again as chunks spill L2).
 */
const CHUNK_BYTES = 96 * 1024;
/** Flush the f32 partial sums into the f64 accumulators after every chunk (≤ chunk/4 rows per f32 lane). */
const FLUSH_EVERY_CHUNKS = 1;

/** Super-blocks (16 rows of n floats) per chunk: about {@link CHUNK_BYTES}, between 1 and 64. */
function chunkSuperBlocks(np: number): number {
  return Math.max(1, Math.min(64, Math.floor(CHUNK_BYTES / (np * 64))));
}

/**
 * A tiny module that uses a SIMD instruction: `(func (result v128) (v128.const i32x4 0 0 0 0))`.
 * `WebAssembly.validate` accepts it exactly when the engine supports fixed-width SIMD.
 */
const SIMD_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type section: () -> v128
  0x03,
  0x02,
  0x01,
  0x00, // function section: one function of type 0
  0x0a,
  0x16,
  0x01,
  0x14,
  0x00, // code section: one body of 20 bytes, no locals
  0xfd,
  0x0c,
  ...new Array<number>(16).fill(0), // v128.const 0
  0x0b, // end
]);

let kernelBytes: Uint8Array | undefined;
function kernel(): Uint8Array {
  kernelBytes ??= decodeBase64(KERNEL_WASM_BASE64);
  return kernelBytes;
}

/** Whether the `wasm-simd` backend can run here, and why (or why not). */
export interface WasmSimdAvailability {
  /** `true` when WebAssembly with fixed-width SIMD (f32x4) is supported. */
  readonly available: boolean;
  /** A one-line explanation, e.g. what is missing. */
  readonly reason: string;
}

/**
 * Reports whether WebAssembly SIMD (f32x4/f64x2) is available in this runtime, by
 * `WebAssembly.validate` on a tiny SIMD module and then on the kernel itself.
 */
export function wasmSimdAvailable(): WasmSimdAvailability {
  const api = wasmApi();
  if (api === undefined || typeof api.validate !== 'function') {
    return { available: false, reason: 'WebAssembly is not available in this runtime' };
  }
  try {
    if (!api.validate(SIMD_PROBE)) {
      return { available: false, reason: 'this WebAssembly engine does not support fixed-width SIMD (v128)' };
    }
    if (!api.validate(kernel())) {
      return { available: false, reason: 'this WebAssembly engine rejects the SIMD attention kernel (missing SIMD instructions)' };
    }
  } catch (error) {
    return { available: false, reason: `WebAssembly validation failed: ${String(error)}` };
  }
  return { available: true, reason: 'WebAssembly fixed-width SIMD (f32x4, f64x2) is supported' };
}

let compiledModule: object | undefined;

/** Where a pattern matrix lives in the wasm memory, in the super-block layout of kernel.wat. */
interface PackedPatterns {
  readonly offset: number;
  readonly bytes: number;
  readonly rows: number;
  readonly cols: number;
}

/** Columns in the wasm layout: N rounded up to even (the kernels take two coordinates per step). */
function paddedCols(cols: number): number {
  return cols + (cols & 1);
}

/** The `wasm-simd` backend: an {@link AttentionBackend} with explicit control of its pattern cache. */
export interface WasmSimdBackend extends AttentionBackend {
  /** {@link AttentionBackend.stepInto}, always provided here (single-query scratch kept across calls). */
  stepInto(patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number;
  /**
   * Drops the cached copy of `patterns` in WebAssembly memory. Call it after mutating
   * `patterns.data` in place: the backend copies a pattern array in once, on first use, and assumes
   * its contents do not change afterwards (the cache is keyed by the `data` array's identity).
   */
  invalidate(patterns: Matrix): void;
  /** Bytes of WebAssembly memory reserved so far (patterns cache plus scratch), for diagnostics. */
  readonly memoryBytes: number;
  /** {@link AttentionBackend.stepRounding}, always provided here (see {@link wasmSimdRounding}). */
  stepRounding(P: number, N: number, queries?: number): StepRounding;
}

/**
 * The rounding model of the wasm-simd step (kernel.wat) for `P` patterns of dimension `N`, computed
 * `queries` at a time (`n = N` rounded up to even columns, chunks of `c` super-blocks,
 * `K = ⌈⌈P/16⌉/c⌉` chunks):
 * - scores: float32 dot products, one per lane. A single query (`$scores`) adds the products of two
 *   coordinates, then that pair into the lane's sum, `n/2` times: each term goes through its
 *   product, its pair and at most `n/2` additions, `γ_{n/2+2}`. Pairs of queries (`$scores2`, in
 *   batches of two or more) add one product per coordinate: at most `n + 1` roundings, `γ_{n+2}`;
 *   plus `2^-50` for the float64 exponent `β·s̃ − m`: the constant log2(e) (`2^-56`), `β = λ·log2(e)`
 *   and each product `β·s̃` are rounded, `≤ 2.2·2^-53·β|s̃|` in the exponent, a score error below
 *   `2^-51·|s̃| ≤ 2^-50·Σ_j |ξ_j x_j|` (`m` is one of those products, so its own rounding cancels
 *   between the weights and `m·ln 2`; the subtraction, `≤ 2^-53·128`, is within the weights' margin);
 * - weights: `2^{β s − m}` by a float64 range reduction and a float32 polynomial: its minimax error
 *   is 1.0e−7 with the coefficients rounded to float32, and its float32 evaluation (f rounded to
 *   float32, five operations by Estrin's scheme, the scaling by 2^k exact) adds at most about
 *   5·2^-24 ≈ 3e−7, so ≤ 4e−7 (measured: ≤ 2.05e−7 on a dense grid, kernel.test.ts); counted as
 *   `10⁻⁶` per exponential, and each weight goes through at most `K` rescales of the online softmax
 *   (each an exponential of the same kind): `(K + 1)·10⁻⁶`;
 * - weighted sums: each float32 lane adds, per chunk, at most `c` four-term sums (three roundings
 *   each) before the float64 flush: `γ_{c+3}`, plus `K·2^-52` for the float64 flushes;
 * - normalisation: the float32 pairwise sum of the weights then float64 (`2^-24 + P·2^-53`), the
 *   float64 division (`2^-52`), the float32 result (`2^-24`), and the weights below `2^-126` of the
 *   largest that underflow to 0 (`P·2^-125` of `maxNorm`, counted here relatively);
 * - underflow of float32 products (at most `2^-149` each): `(n + 2)·2^-149` on a score, and on the
 *   result at most `P·2^-149` per coordinate (weights ≤ 1 and their sum ≥ 1 in the kernel's
 *   scaling), `√N·P·2^-149` in the 2-norm.
 */
export function wasmSimdRounding(P: number, N: number, queries = 1): StepRounding {
  const np = paddedCols(N);
  const chunk = chunkSuperBlocks(np);
  const chunks = Math.ceil(Math.ceil(P / 16) / chunk);
  return {
    score: gamma32(queries === 1 ? np / 2 + 2 : np + 2) + 2 ** -50,
    weight: (chunks + 1) * 1e-6,
    accumulate: gamma32(chunk + 3) + chunks * 2 ** -52,
    normalise: 2 * 2 ** -24 + (P + 8) * 2 ** -53 + P * 2 ** -125,
    scoreAbsolute: (np + 2) * 2 ** -149,
    outputAbsolute: Math.sqrt(N) * P * 2 ** -149,
  };
}

/**
 * Creates the WebAssembly SIMD backend (`wasm-simd`): hand-written f32x4 kernels (kernel.wat) for
 * the scores `Ξx` and the fused step of Eq. (2) — float32 dot products and weighted sums, an
 * online softmax in float64 (exp by a float64 range reduction and a float32 minimax polynomial on
 * four lanes, relative error < 3e-7; sums of weights in float64) and float64 accumulation across
 * chunks of Ξ; one pass over Ξ per call, for one query or a whole batch. Pattern matrices are
 * copied once into WebAssembly memory (padded to 16 rows and an even number of columns) and cached
 * by the identity of their `data` array: do not mutate a pattern array after handing it to this
 * backend, or call `invalidate(patterns)` when you do.
 * Memory grows as needed up to 4 GiB; `dispose()` releases it. Throws an `Error` with the reason
 * when {@link wasmSimdAvailable} says SIMD is unavailable.
 */
export function createWasmSimdBackend(): WasmSimdBackend {
  const availability = wasmSimdAvailable();
  const api = wasmApi();
  if (!availability.available || api === undefined) {
    throw new Error(`wasm-simd backend unavailable: ${availability.reason}`);
  }
  compiledModule ??= new api.Module(kernel());
  let memory: WasmMemory | undefined = new api.Memory({ initial: 16, maximum: 65_536 });
  let heap: WasmHeap | undefined = new WasmHeap(memory);
  const exports = new api.Instance(compiledModule, { env: { memory } }).exports as KernelExports;
  const fallback = createJsBackend(); // N = 0: nothing for SIMD to do

  // Pattern cache: keyed by the data array, so that a new Matrix over the same array reuses it.
  // The FinalizationRegistry returns a collected array's bytes to the heap.
  let cache = new WeakMap<Float32Array, PackedPatterns>();
  const live = new Set<PackedPatterns>();
  const registry = new FinalizationRegistry<PackedPatterns>((entry) => {
    if (heap !== undefined && live.delete(entry)) heap.release(entry.offset, entry.bytes);
  });

  const alive = (): WasmHeap => {
    if (heap === undefined) throw new Error('wasm-simd backend has been disposed');
    return heap;
  };

  const drop = (data: Float32Array, entry: PackedPatterns): void => {
    cache.delete(data);
    registry.unregister(entry);
    if (live.delete(entry)) alive().release(entry.offset, entry.bytes);
  };

  /** Runs `body` with `bytes` of scratch memory, released afterwards. */
  const withScratch = <T>(bytes: number, body: (offset: number) => T): T => {
    const h = alive();
    const offset = h.alloc(bytes);
    try {
      return body(offset);
    } finally {
      h.release(offset, bytes);
    }
  };

  /** Copies `patterns` into the super-block layout (row μ, column j at (μ>>4)·n·16 + j·16 + (μ&15) floats). */
  const pack = (patterns: Matrix): PackedPatterns => {
    const h = alive();
    const { rows, cols, data } = patterns;
    const np = paddedCols(cols);
    const superBlocks = Math.ceil(rows / 16);
    const bytes = superBlocks * np * 64;
    let offset: number;
    try {
      offset = h.alloc(bytes);
    } catch (error) {
      // Memory full: drop every other cached matrix and try once more.
      if (!(error instanceof RangeError) || live.size === 0) throw error;
      for (const entry of live) h.release(entry.offset, entry.bytes);
      for (const entry of live) registry.unregister(entry);
      live.clear();
      cache = new WeakMap();
      offset = h.alloc(bytes);
    }
    // Row-major into scratch memory (a copy), then into the super-block layout by kernel.wat's pack.
    withScratch(rows * cols * 4, (src) => {
      new Float32Array(alive().memory.buffer, src, rows * cols).set(data.subarray(0, rows * cols));
      exports.pack(src, offset, rows, cols, np);
    });
    const entry: PackedPatterns = { offset, bytes, rows, cols };
    cache.set(data, entry);
    live.add(entry);
    registry.register(data, entry, entry);
    return entry;
  };

  const packed = (patterns: Matrix): PackedPatterns => {
    const entry = cache.get(patterns.data);
    if (entry !== undefined) {
      if (entry.rows === patterns.rows && entry.cols === patterns.cols) return entry;
      drop(patterns.data, entry);
    }
    return pack(patterns);
  };

  const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;

  /**
   * Scratch of the single-query step ({@link stepInto}), kept across calls for one padded width
   * `np` (reallocated when it changes), with typed-array views over it that are rebuilt whenever
   * the memory has grown (growth detaches the old buffer).
   */
  interface OneQuery {
    readonly np: number;
    readonly offset: number;
    readonly bytes: number;
    readonly xs: number;
    readonly scr: number;
    readonly wscr: number;
    readonly cacc: number;
    readonly acc: number;
    readonly st: number;
    readonly chunkSb: number;
    buffer: ArrayBuffer | undefined;
    x: Float32Array;
    caccView: Float32Array;
    accView: Float64Array;
    stView: Float64Array;
  }
  let one: OneQuery | undefined;

  const oneQuery = (np: number): OneQuery => {
    const h = alive();
    if (one === undefined || one.np !== np) {
      if (one !== undefined) h.release(one.offset, one.bytes);
      one = undefined;
      const chunkSb = chunkSuperBlocks(np);
      const xBytes = align64(np * 4);
      const xsBytes = align64(np * 16);
      const chunkBytes = 2 * chunkSb * 16 * 4;
      const caccBytes = align64(np * 16);
      const accBytes = align64(np * 8);
      const bytes = xBytes + xsBytes + 2 * chunkBytes + caccBytes + accBytes + 64;
      const offset = h.alloc(bytes);
      const xs = offset + xBytes;
      const scr = xs + xsBytes;
      const wscr = scr + chunkBytes;
      const cacc = wscr + chunkBytes;
      const acc = cacc + caccBytes;
      const st = acc + accBytes;
      const empty32 = new Float32Array(0);
      const empty64 = new Float64Array(0);
      one = {
        np,
        offset,
        bytes,
        xs,
        scr,
        wscr,
        cacc,
        acc,
        st,
        chunkSb,
        buffer: undefined,
        x: empty32,
        caccView: empty32,
        accView: empty64,
        stView: empty64,
      };
    }
    const buffer = h.memory.buffer;
    if (one.buffer !== buffer) {
      one.buffer = buffer;
      one.x = new Float32Array(buffer, one.offset, np);
      one.caccView = new Float32Array(buffer, one.cacc, np * 4);
      one.accView = new Float64Array(buffer, one.acc, np);
      one.stView = new Float64Array(buffer, one.st, 2);
    }
    return one;
  };

  /**
   * The fused step of one query into `out`: the same kernel calls and the same arithmetic as
   * {@link stepsOf} with one query (so the same bits), with a persistent scratch instead of a
   * fresh one per call and no allocation.
   */
  const stepOne = (patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number => {
    const entry = packed(patterns); // may grow the memory: views are taken afterwards
    const n = patterns.cols;
    const np = paddedCols(n);
    const q = oneQuery(np);
    q.x.set(x);
    if (np !== n) q.x[n] = 0;
    exports.splat(q.offset, np, q.xs);
    q.caccView.fill(0);
    q.accView.fill(0);
    const state = q.stView;
    state[0] = Number.NEGATIVE_INFINITY;
    state[1] = 0;
    exports.attend(entry.offset, np, patterns.rows, 1, q.xs, lambda, q.scr, q.wscr, q.cacc, q.acc, q.st, q.chunkSb, FLUSH_EVERY_CHUNKS);
    const m = state[0] as number; // base 2 (kernel.wat): logSumExp = m·ln 2 + log s
    const s = state[1] as number;
    const logSumExp = m * Math.LN2 + Math.log(s);
    checkFinite(logSumExp, lambda);
    const inverse = 1 / s;
    const sums = q.accView;
    for (let j = 0; j < n; j++) out[j] = (sums[j] as number) * inverse;
    return logSumExp;
  };

  /** Writes `count` queries of N floats into wasm memory at `base` with row stride n (zero padding), then splats them to `xs`. */
  const loadQueries = (queries: Float32Array, count: number, n: number, np: number, base: number, xs: number): void => {
    const view = new Float32Array(alive().memory.buffer, base, count * np);
    if (np === n) view.set(queries.subarray(0, count * n));
    else
      for (let b = 0; b < count; b++) {
        view.set(queries.subarray(b * n, (b + 1) * n), b * np);
        view[b * np + n] = 0;
      }
    exports.splat(base, count * np, xs);
  };

  /** Scores of `count` queries (rows of `queries`, `count × N`) into `out` (`count × P`). */
  const scoresOf = (patterns: Matrix, queries: Float32Array, count: number, out: Float32Array): void => {
    const entry = packed(patterns);
    const n = patterns.cols;
    const np = paddedCols(n);
    const superBlocks = Math.ceil(patterns.rows / 16);
    const stride = superBlocks * 16;
    const xBytes = align64(count * np * 4);
    const xsBytes = align64(count * np * 16);
    const outBytes = count * stride * 4;
    withScratch(xBytes + xsBytes + outBytes, (base) => {
      const xs = base + xBytes;
      const res = xs + xsBytes;
      loadQueries(queries, count, n, np, base, xs);
      exports.scoresBatch(entry.offset, np, superBlocks, count, xs, res, stride, chunkSuperBlocks(np));
      const view = new Float32Array(alive().memory.buffer, res, count * stride);
      for (let b = 0; b < count; b++) out.set(view.subarray(b * stride, b * stride + patterns.rows), b * patterns.rows);
    });
  };

  /** Fused steps of `count` queries: next rows into `next` (`count × N`), log-sum-exps into `lse`. */
  const stepsOf = (patterns: Matrix, queries: Float32Array, count: number, lambda: number, next: Float32Array, lse: Float64Array): void => {
    const entry = packed(patterns);
    const n = patterns.cols;
    const np = paddedCols(n);
    const xBytes = align64(count * np * 4);
    const xsBytes = align64(count * np * 16);
    const chunkSb = chunkSuperBlocks(np);
    const chunkBytes = 2 * chunkSb * 16 * 4; // scores (and weights) of the two queries in flight
    const caccBytes = align64(count * np * 16);
    const accBytes = align64(count * np * 8);
    const stBytes = align64(count * 16);
    withScratch(xBytes + xsBytes + 2 * chunkBytes + caccBytes + accBytes + stBytes, (base) => {
      const xs = base + xBytes;
      const scr = xs + xsBytes;
      const wscr = scr + chunkBytes;
      const cacc = wscr + chunkBytes;
      const acc = cacc + caccBytes;
      const st = acc + accBytes;
      loadQueries(queries, count, n, np, base, xs);
      const buffer = alive().memory.buffer;
      new Float32Array(buffer, cacc, count * np * 4).fill(0);
      new Float64Array(buffer, acc, count * np).fill(0);
      const state = new Float64Array(buffer, st, count * 2);
      for (let b = 0; b < count; b++) {
        state[2 * b] = Number.NEGATIVE_INFINITY;
        state[2 * b + 1] = 0;
      }
      exports.attend(entry.offset, np, patterns.rows, count, xs, lambda, scr, wscr, cacc, acc, st, chunkSb, FLUSH_EVERY_CHUNKS);
      const sums = new Float64Array(alive().memory.buffer, acc, count * np);
      const result = new Float64Array(alive().memory.buffer, st, count * 2);
      for (let b = 0; b < count; b++) {
        const m = result[2 * b] as number; // base 2 (kernel.wat)
        const s = result[2 * b + 1] as number;
        const logSumExp = m * Math.LN2 + Math.log(s);
        checkFinite(logSumExp, lambda);
        lse[b] = logSumExp;
        const inverse = 1 / s;
        for (let j = 0; j < n; j++) next[b * n + j] = (sums[b * np + j] as number) * inverse;
      }
    });
  };

  return {
    name: 'wasm-simd',
    get memoryBytes(): number {
      return memory === undefined ? 0 : memory.buffer.byteLength;
    },
    scores(patterns: Matrix, x: Float32Array): Float32Array {
      checkQuery(patterns, x);
      alive();
      if (patterns.cols === 0 || patterns.rows === 0) return fallback.scores(patterns, x);
      const out = new Float32Array(patterns.rows);
      scoresOf(patterns, x, 1, out);
      return out;
    },
    batchedScores(patterns: Matrix, queries: Matrix): Matrix {
      checkQueries(patterns, queries);
      alive();
      if (patterns.cols === 0 || patterns.rows === 0 || queries.rows === 0) return fallback.batchedScores(patterns, queries);
      const out = createMatrix(queries.rows, patterns.rows);
      scoresOf(patterns, queries.data, queries.rows, out.data);
      return out;
    },
    step(patterns: Matrix, x: Float32Array, lambda: number): StepResult {
      checkQuery(patterns, x);
      checkStep(patterns, lambda);
      alive();
      if (patterns.cols === 0) return fallback.step(patterns, x, lambda);
      const next = new Float32Array(patterns.cols);
      const lse = new Float64Array(1);
      stepsOf(patterns, x, 1, lambda, next, lse);
      return { next, logSumExp: lse[0] as number };
    },
    stepInto(patterns: Matrix, x: Float32Array, lambda: number, out: Float32Array): number {
      checkQuery(patterns, x);
      checkStep(patterns, lambda);
      checkOut(patterns, out);
      alive();
      if (patterns.cols === 0) return fallback.step(patterns, x, lambda).logSumExp;
      // x is copied into WebAssembly memory before out is written, so out may be x.
      return stepOne(patterns, x, lambda, out);
    },
    stepBatch(patterns: Matrix, queries: Matrix, lambda: number): BatchStepResult {
      checkQueries(patterns, queries);
      checkStep(patterns, lambda);
      alive();
      if (patterns.cols === 0 || queries.rows === 0) return fallback.stepBatch(patterns, queries, lambda);
      const next = createMatrix(queries.rows, patterns.cols);
      const logSumExp = new Float64Array(queries.rows);
      stepsOf(patterns, queries.data, queries.rows, lambda, next.data, logSumExp);
      return { next, logSumExp };
    },
    stepRounding(P: number, N: number, queries = 1): StepRounding {
      return wasmSimdRounding(P, N, queries);
    },
    invalidate(patterns: Matrix): void {
      const entry = cache.get(patterns.data);
      if (entry !== undefined) drop(patterns.data, entry);
    },
    dispose(): void {
      one = undefined;
      for (const entry of live) registry.unregister(entry);
      live.clear();
      cache = new WeakMap();
      heap = undefined;
      memory = undefined;
      fallback.dispose();
    },
  };
}
