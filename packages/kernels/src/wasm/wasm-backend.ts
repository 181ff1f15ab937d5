import type { AttentionBackend, BatchStepResult, StepResult } from '../backend.js';
import { checkFinite, createJsBackend } from '../js/js-backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import type { StepRounding } from '../rounding.js';
import { checkOut, checkQueries, checkQuery, checkStep } from '../validate.js';
import { kernel, wasmSimdAvailable } from './availability.js';
import { WasmHeap } from './heap.js';
import { wasmSimdRounding } from './rounding-model.js';
import { align64, chunkSuperBlocks, FLUSH_EVERY_CHUNKS, layoutAt, paddedCols, type StepLayout, stepLayout } from './step-layout.js';
import { type WasmMemory, wasmApi } from './wasm-api.js';

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

let compiledModule: object | undefined;

/** Where a pattern matrix lives in the wasm memory, in the super-block layout of kernel.wat. */
interface PackedPatterns {
  readonly offset: number;
  readonly bytes: number;
  readonly rows: number;
  readonly cols: number;
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

/** Rows packed per call of kernel.wat's `pack` (a multiple of 16: whole super-blocks). */
const PACK_BLOCK_ROWS = 16 * 4096;

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
    // Row-major into scratch memory, then into the super-block layout by kernel.wat's pack, one
    // block of whole super-blocks at a time (the layout is per super-block, so the bits are those of
    // one call), so that the scratch stays small next to a matrix of gigabytes.
    const blockRows = Math.min(rows, PACK_BLOCK_ROWS);
    withScratch(blockRows * cols * 4, (src) => {
      for (let first = 0; first < rows; first += blockRows) {
        const count = Math.min(blockRows, rows - first);
        new Float32Array(alive().memory.buffer, src, count * cols).set(data.subarray(first * cols, (first + count) * cols));
        exports.pack(src, offset + (first / 16) * np * 64, count, cols, np);
      }
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

  /**
   * Scratch of the single-query step ({@link stepInto}), kept across calls for one padded width
   * `np` (reallocated when it changes), with typed-array views over it that are rebuilt whenever
   * the memory has grown (growth detaches the old buffer).
   */
  interface OneQuery extends StepLayout {
    readonly np: number;
    /** Start of the scratch; the offsets of the {@link StepLayout} are absolute here. */
    readonly offset: number;
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
      const layout = stepLayout(np, 1);
      const offset = h.alloc(layout.bytes);
      const empty32 = new Float32Array(0);
      const empty64 = new Float64Array(0);
      one = {
        ...layoutAt(layout, offset),
        np,
        offset,
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
    const layout = stepLayout(np, count);
    withScratch(layout.bytes, (base) => {
      const { xs, scr, wscr, cacc, acc, st, chunkSb } = layoutAt(layout, base);
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
