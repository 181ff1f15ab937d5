import type { AttentionBackend, BatchStepResult, StepResult } from '../backend.js';
import { createMatrix, type Matrix } from '../matrix.js';
import { checkQueries, checkQuery, checkStep } from '../validate.js';
import {
  createHeadlessContext,
  createSharedCanvas,
  destroyHeadlessContext,
  GPU_JS_MODES,
  type GpuJsInstance,
  type GpuJsKernel,
  type GpuJsMode,
  type GpuJsModule,
  gpuJsModes,
  type HeadlessContext,
  loadGpuJs,
} from './gpu-js-module.js';
import { pieces, planTiles, queriesPerCall, reductionChunks, texelBudget } from './tiling.js';

/** Options of {@link createGpuJsBackend}. */
export interface GpuJsBackendOptions {
  /** The gpu.js mode: `gpu` (best WebGL here), `webgl2`, `webgl` (browsers), `headlessgl` (Node, optional `gl` package), `cpu`. */
  readonly mode: GpuJsMode;
  /**
   * Upper bound on the patterns per kernel call (a row tile). Defaults to the largest tile the
   * device allows (at most `maxTextureSize` rows, see {@link GpuJsBackend.maxTextureSize}); a small
   * value only makes sense to test the tiling.
   */
  readonly tileRows?: number;
  /** Upper bound on the coordinates per kernel call (a column block); defaults to the whole row whenever it fits. */
  readonly tileCols?: number;
  /**
   * Pretend the device's textures are at most this many texels a side (it can only lower the real
   * limit); tiles then shrink accordingly. For tests of the tiling on small inputs.
   */
  readonly maxTextureSize?: number;
}

/** A gpu.js {@link AttentionBackend}, with what it runs on and how it tiles. */
export interface GpuJsBackend extends AttentionBackend {
  /** `gpu.js/<mode>`, e.g. `gpu.js/headlessgl`. */
  readonly name: string;
  /** The mode it was created with. */
  readonly mode: GpuJsMode;
  /** The gpu.js kernel class that runs the kernels, e.g. `HeadlessGLKernel`, `WebGL2Kernel`, `CPUKernel`. */
  readonly kernelClass: string;
  /** Texture side limit used for tiling: the device's `MAX_TEXTURE_SIZE` (16384 for `cpu`), or the lower `maxTextureSize` option. */
  readonly maxTextureSize: number;
}

/** Kernel sources as strings, so that no transpiler (tsup, vitest) can rewrite what gpu.js parses. */
const SCORES_SOURCE = `function (xi, x) {
  let sum = 0;
  for (let j = 0; j < this.constants.cols; j++) {
    sum += xi[this.thread.x][j] * x[j];
  }
  return sum;
}`;

/** Output `[rows, 1, queries]`: thread (μ, 0, b) is `ξ^μ · x_b` over one column block. */
const BATCHED_SCORES_SOURCE = `function (xi, queries) {
  let sum = 0;
  for (let j = 0; j < this.constants.cols; j++) {
    sum += xi[this.thread.x][j] * queries[this.thread.z][j];
  }
  return sum;
}`;

/**
 * Output `[cols, count, queries]`: thread (j, k, b) sums `w_b[μ] ξ^μ_j` over the rows
 * `μ ∈ [k·chunk, (k+1)·chunk)` of the tile (the first stage of the reduction over μ).
 */
const WEIGHTED_SUM_SOURCE = `function (xi, w) {
  let sum = 0;
  const start = this.thread.y * this.constants.chunk;
  for (let i = 0; i < this.constants.chunk; i++) {
    const mu = start + i;
    if (mu < this.constants.rows) {
      sum += w[this.thread.z][mu] * xi[mu][this.thread.x];
    }
  }
  return sum;
}`;

/** Compiled kernels kept per shape (gpu.js bakes sizes and constants into each program). */
const KERNEL_CACHE_SIZE = 24;

/** Queries per group in `stepBatch`, so that the `B × P` scores of one group stay bounded. */
const STEP_BATCH_SCORES = 2 ** 24;

/** Nominal texture limit for the `cpu` mode, which has none: the same tiling code runs everywhere. */
const CPU_TEXTURE_SIZE = 16384;

function checkOptionalInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/**
 * Creates an {@link AttentionBackend} on gpu.js in the given mode, named `gpu.js/<mode>`.
 *
 * Async because gpu.js (CommonJS, and in Node the native `gl` addon it requires) is loaded only
 * here, on first use, never by importing `@dam/kernels`: `const b = await createGpuJsBackend({ mode: 'cpu' })`.
 * Rejects with the reason from {@link gpuJsModes} when the mode is unavailable here (e.g. `gl
 * package not installed`, or no X display for `headlessgl`). The backend's methods are
 * synchronous like every backend's.
 *
 * What runs where: the scores `Ξx` (P outputs, each a length-N dot product), the batched scores
 * and the weighted sum `Ξᵀw` (N outputs, a two-stage reduction: ≈√P partial sums per coordinate
 * on the device, summed in float64 on the host) are gpu.js kernels in single precision; the
 * max-shifted softmax and the log-sum-exp run in float64 on the host between the two passes.
 * Ξ is cut into row tiles (≤ `maxTextureSize` patterns) and, for enormous N, column blocks, so
 * that every texture a kernel reads or writes fits the device (see `tiling.ts`); any P and N work.
 * Results agree with the float64 reference well within the required 1e-4 relative (float32 dot
 * products; measured ≲ 1e-6 on `next` and ≲ 4e-6 on `logSumExp` on random and adversarial inputs).
 * It has no rounding model (`stepRounding`): device arithmetic is not specified closely enough to
 * derive one, so @dam/dynamics' certified early stop rests, for this backend, on that 1e-4
 * contract as checked by its tests, not on a proof (`earlyStop: false` runs without it).
 *
 * Every call uploads the tiles of Ξ it needs (nothing is cached between calls, so mutating
 * `patterns.data` in place is safe). Call `dispose()` to free the GL contexts.
 */
export async function createGpuJsBackend(options: GpuJsBackendOptions): Promise<GpuJsBackend> {
  const { mode } = options;
  if (!GPU_JS_MODES.includes(mode)) {
    throw new TypeError(`mode must be one of ${GPU_JS_MODES.join(', ')}; got ${String(mode)}`);
  }
  checkOptionalInteger('tileRows', options.tileRows, 1);
  checkOptionalInteger('tileCols', options.tileCols, 1);
  checkOptionalInteger('maxTextureSize', options.maxTextureSize, 8);
  const gpuJs = await loadGpuJs();
  const info = (await gpuJsModes()).find((entry) => entry.mode === mode);
  if (info === undefined || !info.available) {
    throw new Error(`gpu.js mode "${mode}" is not available here: ${info?.reason ?? 'unknown mode'}`);
  }
  const resolved = info.resolvesTo ?? mode;
  // One GL context for all the kernels of this backend (gpu.js would create one per kernel).
  let context: HeadlessContext | undefined;
  let gpu: GpuJsInstance;
  if (resolved === 'headlessgl') {
    context = createHeadlessContext();
    gpu = new gpuJs.GPU({ mode: resolved, context });
  } else if (resolved === 'cpu') {
    gpu = new gpuJs.GPU({ mode: resolved });
  } else {
    const canvas = createSharedCanvas();
    gpu = new gpuJs.GPU(canvas === undefined ? { mode: resolved } : { mode: resolved, canvas });
  }
  return new GpuJsAttention(gpuJs, gpu, mode, options, context);
}

type TileData = { readonly data: Float32Array; readonly rows: number; readonly cols: number };

/** Rows `[r0, r0 + rows)` × columns `[c0, c0 + cols)` of a row-major matrix: a view when whole rows, else a copy. */
function block(m: Matrix, r0: number, rows: number, c0: number, cols: number): TileData {
  if (c0 === 0 && cols === m.cols) return { data: m.data.subarray(r0 * m.cols, (r0 + rows) * m.cols), rows, cols };
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const from = (r0 + r) * m.cols + c0;
    data.set(m.data.subarray(from, from + cols), r * cols);
  }
  return { data, rows, cols };
}

class GpuJsAttention implements GpuJsBackend {
  readonly name: string;
  readonly mode: GpuJsMode;
  readonly kernelClass: string;
  readonly maxTextureSize: number;
  readonly #gpuJs: GpuJsModule;
  readonly #gpu: GpuJsInstance;
  readonly #request: { tileRows?: number | undefined; tileCols?: number | undefined };
  readonly #budget: number;
  readonly #settings: Record<string, unknown>;
  readonly #kernels = new Map<string, GpuJsKernel>();
  readonly #context: HeadlessContext | undefined;
  #disposed = false;

  constructor(gpuJs: GpuJsModule, gpu: GpuJsInstance, mode: GpuJsMode, options: GpuJsBackendOptions, context?: HeadlessContext) {
    this.#gpuJs = gpuJs;
    this.#context = context;
    this.#gpu = gpu;
    this.mode = mode;
    this.name = `gpu.js/${mode}`;
    this.kernelClass = gpu.Kernel.name;
    const isCpu = gpu.Kernel === gpuJs.CPUKernel;
    const device = isCpu ? CPU_TEXTURE_SIZE : (gpu.Kernel.features?.maxTextureSize ?? 4096);
    this.maxTextureSize = Math.min(device, options.maxTextureSize ?? device);
    this.#budget = texelBudget(this.maxTextureSize);
    this.#request = { tileRows: options.tileRows, tileCols: options.tileCols };
    const kernelClass = this.kernelClass;
    this.#settings = {
      precision: 'single',
      // highp everywhere: gpu.js would otherwise pick lowp/mediump for small outputs on some devices.
      tactic: 'precision',
      // A GL kernel that fails to build must not silently run on gpu.js's CPU kernel instead.
      onRequestFallback(this: { fallbackReason?: string | null }): never {
        throw new Error(`gpu.js ${kernelClass} could not run a kernel: ${this.fallbackReason ?? 'unknown reason'}`);
      },
    };
  }

  #alive(): void {
    if (this.#disposed) throw new Error(`${this.name} backend was disposed`);
  }

  /** The kernel for one shape, compiled on first use and kept in a small LRU cache. */
  #kernel(key: string, source: string, output: number[], constants: Record<string, number>, loop: number): GpuJsKernel {
    const cached = this.#kernels.get(key);
    if (cached !== undefined) {
      this.#kernels.delete(key);
      this.#kernels.set(key, cached);
      return cached;
    }
    const kernel = this.#gpu.createKernel(source, {
      ...this.#settings,
      output,
      constants,
      loopMaxIterations: Math.max(1, loop),
    });
    this.#kernels.set(key, kernel);
    if (this.#kernels.size > KERNEL_CACHE_SIZE) {
      const [oldestKey, oldest] = this.#kernels.entries().next().value as [string, GpuJsKernel];
      this.#kernels.delete(oldestKey);
      oldest.destroy();
    }
    return kernel;
  }

  #input(tile: TileData): unknown {
    return this.#gpuJs.input(tile.data, [tile.cols, tile.rows]);
  }

  /** `Ξx` accumulated in float64 over column blocks. */
  #scores(patterns: Matrix, x: Float32Array): Float64Array {
    const { rows: P, cols: N } = patterns;
    const out = new Float64Array(P);
    if (P === 0 || N === 0) return out;
    const { tileRows, tileCols } = planTiles(P, N, this.maxTextureSize, this.#request);
    for (const [r0, rows] of pieces(P, tileRows)) {
      for (const [c0, cols] of pieces(N, tileCols)) {
        const kernel = this.#kernel(`s:${rows}:${cols}`, SCORES_SOURCE, [rows], { cols }, cols);
        const result = kernel(this.#input(block(patterns, r0, rows, c0, cols)), x.subarray(c0, c0 + cols)) as Float32Array;
        for (let i = 0; i < rows; i++) out[r0 + i] = (out[r0 + i] as number) + (result[i] as number);
      }
    }
    return out;
  }

  /** `X Ξᵀ` (`B × P`, row b is the scores of query b) accumulated in float64 over column blocks. */
  #batchedScores(patterns: Matrix, queries: Matrix): Float64Array {
    const { rows: P, cols: N } = patterns;
    const B = queries.rows;
    const out = new Float64Array(B * P);
    if (P === 0 || N === 0 || B === 0) return out;
    const { tileRows, tileCols } = planTiles(P, N, this.maxTextureSize, this.#request);
    for (const [r0, rows] of pieces(P, tileRows)) {
      for (const [c0, cols] of pieces(N, tileCols)) {
        const tile = this.#input(block(patterns, r0, rows, c0, cols));
        const perCall = queriesPerCall(B, rows, cols, this.#budget);
        for (const [b0, count] of pieces(B, perCall)) {
          const kernel = this.#kernel(`b:${rows}:${cols}:${count}`, BATCHED_SCORES_SOURCE, [rows, 1, count], { cols }, cols);
          const result = kernel(tile, this.#input(block(queries, b0, count, c0, cols))) as Float32Array[][];
          for (let b = 0; b < count; b++) {
            const values = result[b]?.[0] as Float32Array;
            const base = (b0 + b) * P + r0;
            for (let i = 0; i < rows; i++) out[base + i] = (out[base + i] as number) + (values[i] as number);
          }
        }
      }
    }
    return out;
  }

  /**
   * `Σ_μ w_b[μ] ξ^μ` for each query b (weights row-major `B × P`, float32), in float64 (`B × N`):
   * per tile, `count` partial sums of `chunk` rows on the device, the rest on the host.
   */
  #weightedSums(patterns: Matrix, weights: Float32Array, B: number): Float64Array {
    const { rows: P, cols: N } = patterns;
    const out = new Float64Array(B * N);
    if (P === 0 || N === 0 || B === 0) return out;
    const { tileRows, tileCols } = planTiles(P, N, this.maxTextureSize, this.#request);
    const weightMatrix = createMatrix(B, P, weights);
    for (const [r0, rows] of pieces(P, tileRows)) {
      for (const [c0, cols] of pieces(N, tileCols)) {
        const tile = this.#input(block(patterns, r0, rows, c0, cols));
        const { chunk, count } = reductionChunks(rows, cols, this.#budget);
        const perCall = queriesPerCall(B, count * cols, rows, this.#budget);
        for (const [b0, queries] of pieces(B, perCall)) {
          const kernel = this.#kernel(
            `w:${rows}:${cols}:${chunk}:${count}:${queries}`,
            WEIGHTED_SUM_SOURCE,
            [cols, count, queries],
            { chunk, rows },
            chunk,
          );
          const w = this.#input(block(weightMatrix, b0, queries, r0, rows));
          const result = kernel(tile, w) as Float32Array[][];
          for (let b = 0; b < queries; b++) {
            const partials = result[b] as Float32Array[];
            const base = (b0 + b) * N + c0;
            for (let k = 0; k < count; k++) {
              const values = partials[k] as Float32Array;
              for (let j = 0; j < cols; j++) out[base + j] = (out[base + j] as number) + (values[j] as number);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The attention steps of `B` queries from their scores (row-major `B × P`): max-shifted softmax
   * and log-sum-exp in float64 on the host, weighted sums on the device.
   */
  #steps(patterns: Matrix, scores: Float64Array, B: number, lambda: number): { next: Float32Array; logSumExp: Float64Array } {
    const { rows: P, cols: N } = patterns;
    const weights = new Float32Array(B * P);
    const totals = new Float64Array(B);
    const logSumExp = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let mu = 0; mu < P; mu++) {
        const logit = lambda * (scores[b * P + mu] as number);
        if (logit > max) max = logit;
      }
      let total = 0;
      for (let mu = 0; mu < P; mu++) {
        const weight = Math.exp(lambda * (scores[b * P + mu] as number) - max);
        weights[b * P + mu] = weight;
        total += weight;
      }
      totals[b] = total;
      logSumExp[b] = max + Math.log(total);
    }
    const sums = this.#weightedSums(patterns, weights, B);
    const next = new Float32Array(B * N);
    for (let b = 0; b < B; b++) {
      const total = totals[b] as number;
      for (let j = 0; j < N; j++) next[b * N + j] = (sums[b * N + j] as number) / total;
    }
    return { next, logSumExp };
  }

  scores(patterns: Matrix, x: Float32Array): Float32Array {
    this.#alive();
    checkQuery(patterns, x);
    return Float32Array.from(this.#scores(patterns, x));
  }

  batchedScores(patterns: Matrix, queries: Matrix): Matrix {
    this.#alive();
    checkQueries(patterns, queries);
    const out = createMatrix(queries.rows, patterns.rows);
    out.data.set(this.#batchedScores(patterns, queries));
    return out;
  }

  step(patterns: Matrix, x: Float32Array, lambda: number): StepResult {
    this.#alive();
    checkQuery(patterns, x);
    checkStep(patterns, lambda);
    const { next, logSumExp } = this.#steps(patterns, this.#scores(patterns, x), 1, lambda);
    return { next, logSumExp: logSumExp[0] as number };
  }

  stepBatch(patterns: Matrix, queries: Matrix, lambda: number): BatchStepResult {
    this.#alive();
    checkQueries(patterns, queries);
    checkStep(patterns, lambda);
    const { rows: B, cols: N } = queries;
    const next = createMatrix(B, N);
    const logSumExp = new Float64Array(B);
    const group = Math.max(1, Math.floor(STEP_BATCH_SCORES / patterns.rows));
    for (const [b0, count] of pieces(B, group)) {
      const slice = block(queries, b0, count, 0, N);
      const scores = this.#batchedScores(patterns, createMatrix(count, N, slice.data));
      const result = this.#steps(patterns, scores, count, lambda);
      next.data.set(result.next, b0 * N);
      logSumExp.set(result.logSumExp, b0);
    }
    return { next, logSumExp };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const kernel of this.#kernels.values()) kernel.destroy();
    this.#kernels.clear();
    if (this.#context === undefined) {
      // gpu.js frees its context on a timer and reports failures through a promise.
      void Promise.resolve(this.#gpu.destroy()).catch(() => undefined);
    } else {
      destroyHeadlessContext(this.#context);
    }
  }
}
