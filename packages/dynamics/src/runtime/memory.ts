import { MAX_MATRIX_ENTRIES } from '@dam/kernels';
import { DEFAULT_EXPLICIT_PATTERNS } from '../order-statistics/runner.js';

const GIB = 2 ** 30;

/** `P = round(e^{αN})`, the number of patterns of the paper's protocol (`Infinity` when it overflows). */
export function patternCount(N: number, alpha: number): number {
  return Math.round(Math.exp(alpha * N));
}

/** Bytes per pattern of {@link realisationBytes} (and the fixed part), for the size checks. */
function perPatternBytes(N: number): number {
  return 4 * N + 4 * (N + (N & 1)) + 36;
}

/**
 * Bytes one worker holds while it runs a realisation of the exact mode: the `P × N` float32
 * patterns twice (drawn into the certificate kernel's memory, and the attention backend's packed
 * copy with `N` rounded up to even columns), and per pattern the certificate geometry's float64
 * gap and distance (in WebAssembly and in JavaScript) and a float32 weight.
 */
export function realisationBytes(N: number, P: number): number {
  return P * perPatternBytes(N) + 64 * N + 1024;
}

/**
 * Bytes one worker holds while it runs a realisation in streaming mode: one tile of `rows × N`
 * float32 patterns and the backend's float64 scores of its rows, plus the states and the float64
 * accumulator of the merge.
 */
export function streamingBytes(N: number, rows: number): number {
  return 4 * rows * N + 24 * rows + 80 * N;
}

/**
 * Bytes one worker holds while it runs a realisation in order-statistics mode: the `(K + 1) × N`
 * float32 explicit patterns and the backend's float64 scores of their rows, plus the ring of
 * states and scratch vectors — `O(K·N)`, independent of `P`.
 */
export function orderStatisticsBytes(N: number, K: number): number {
  return 4 * (K + 1) * N + 24 * (K + 1) + 120 * N;
}

function gib(bytes: number): string {
  const value = bytes / GIB;
  return `${value >= 1e4 ? value.toExponential(2) : value.toPrecision(3)} GiB`;
}

/** Whether a realisation of size `(N, α)` fits: under `MAX_MATRIX_ENTRIES` and `budget` bytes. */
function fits(N: number, alpha: number, budget: number): boolean {
  const P = patternCount(N, alpha);
  return Number.isFinite(P) && P * N <= MAX_MATRIX_ENTRIES && realisationBytes(N, P) <= budget;
}

/**
 * Refuses, before anything is allocated, a protocol size whose pattern matrix would not fit: it
 * throws a `RangeError` when `P·N` float32 entries exceed `MAX_MATRIX_ENTRIES` of `@dam/kernels`
 * (one `Float32Array`), or when one realisation needs more than `memoryBudget / workers` bytes
 * (every worker holds one realisation at a time). The message states the size needed in GiB, the
 * limit, the largest N (at this α) and α (at this N) that would fit, and the streaming mode.
 * With `storage.mode === 'streaming'` it checks one tile of `min(tileRows, P)` rows instead of
 * the `P × N` matrix (and that `P` is a safe integer); with `'order-statistics'` it checks the
 * `(K + 1) × N` explicit patterns, `K = min(explicitPatterns, P − 1)` (and that `P` is finite).
 * Returns `P`.
 */
export function checkExperimentSize(
  N: number,
  alpha: number,
  workers: number,
  memoryBudget: number,
  storage?: {
    readonly mode: 'materialized' | 'streaming' | 'order-statistics';
    readonly tileRows: number;
    readonly explicitPatterns?: number | undefined;
  },
): number {
  const P = patternCount(N, alpha);
  const perWorker = memoryBudget / Math.max(1, workers);
  if (storage?.mode === 'streaming') return checkStreamingSize(N, alpha, P, storage.tileRows, workers, memoryBudget);
  if (storage?.mode === 'order-statistics') {
    return checkOrderStatisticsSize(N, alpha, P, storage.explicitPatterns ?? DEFAULT_EXPLICIT_PATTERNS, workers, memoryBudget);
  }
  const entries = P * N;
  const bytes = realisationBytes(N, P);
  const overEntries = !Number.isFinite(P) || entries > MAX_MATRIX_ENTRIES;
  if (!overEntries && bytes <= perWorker) return P;

  const budget = perWorker;
  let nMax = Math.min(N, Math.floor(budget / 4) + 1, MAX_MATRIX_ENTRIES + 1);
  if (alpha > 0) nMax = Math.min(nMax, Math.ceil(Math.log(MAX_MATRIX_ENTRIES) / alpha) + 1);
  while (nMax > 1 && !fits(nMax, alpha, budget)) nMax -= 1;
  // Largest α at this N: e^{αN} ≤ min(MAX_MATRIX_ENTRIES/N, budget/(bytes per pattern)).
  const pMax = Math.min(MAX_MATRIX_ENTRIES / N, (budget - 64 * N - 1024) / perPatternBytes(N));
  const alphaMax = pMax >= 1 ? Math.floor((Math.log(pMax) / N) * 1000) / 1000 : 0;
  const sizeText = Number.isFinite(P)
    ? `P = round(e^{αN}) = ${P.toExponential(3)} patterns of dimension N = ${N} need ${gib(bytes)} (${entries.toExponential(3)} float32 entries) per realisation`
    : `P = e^{αN} = e^${(alpha * N).toFixed(1)} patterns of dimension N = ${N} overflow any memory`;
  const limitText = overEntries
    ? `more than one Float32Array can hold (MAX_MATRIX_ENTRIES = ${MAX_MATRIX_ENTRIES} entries, ${gib(MAX_MATRIX_ENTRIES * 4)})`
    : `more than the memory budget of ${gib(perWorker)} per worker (memoryBudget ${gib(memoryBudget)} shared by ${workers} worker${workers === 1 ? '' : 's'})`;
  const fewer = !overEntries && workers > 1 && bytes <= memoryBudget ? `, run with fewer workers (workers: 1 fits)` : '';
  const suggestion =
    nMax > 1 || fits(1, alpha, budget)
      ? `choose a smaller N (at alpha = ${alpha} the largest that fits is N = ${nMax}) or a smaller alpha (at N = ${N}, alpha ≤ ${alphaMax})${fewer}`
      : `choose a smaller alpha (at N = ${N}, alpha ≤ ${alphaMax})${fewer}`;
  const streaming = Number.isSafeInteger(P)
    ? `; or stream the patterns (patterns: 'streaming', one tile of tileRows patterns at a time: memory O(tileRows·N) instead of O(P·N))`
    : '';
  throw new RangeError(`N = ${N}, alpha = ${alpha}: ${sizeText}, ${limitText}; ${suggestion}${streaming}`);
}

/**
 * The streaming-mode check: `P` must be a safe integer (the tiles are indexed), and one tile of
 * `min(tileRows, P)` rows must fit in one Float32Array and in `memoryBudget / workers` bytes.
 */
function checkStreamingSize(N: number, alpha: number, P: number, tileRows: number, workers: number, memoryBudget: number): number {
  if (!Number.isSafeInteger(P)) {
    throw new RangeError(
      `N = ${N}, alpha = ${alpha}: P = e^{αN} = e^${(alpha * N).toFixed(1)} patterns are more than can be indexed (Number.MAX_SAFE_INTEGER), even streamed; choose a smaller N or alpha`,
    );
  }
  const rows = Math.min(tileRows, P);
  const perWorker = memoryBudget / Math.max(1, workers);
  const bytes = streamingBytes(N, rows);
  if (rows * N <= MAX_MATRIX_ENTRIES && bytes <= perWorker) return P;
  const rowsMax = Math.floor(Math.min(MAX_MATRIX_ENTRIES / N, (perWorker - 80 * N) / (4 * N + 24)));
  const limit =
    rows * N > MAX_MATRIX_ENTRIES
      ? `more than one Float32Array can hold (MAX_MATRIX_ENTRIES = ${MAX_MATRIX_ENTRIES} entries)`
      : `more than the memory budget of ${gib(perWorker)} per worker (memoryBudget ${gib(memoryBudget)} shared by ${workers} worker${workers === 1 ? '' : 's'})`;
  throw new RangeError(
    `N = ${N}, alpha = ${alpha}: a streaming tile of ${rows} patterns of dimension N = ${N} needs ${gib(bytes)}, ${limit}; ${
      rowsMax >= 1 ? `choose tileRows ≤ ${rowsMax}` : 'choose a smaller N'
    }`,
  );
}

/**
 * The order-statistics check: `P` must be finite, and the `(K + 1) × N` explicit patterns
 * (`K = min(explicitPatterns, P − 1)`) must fit in one Float32Array and in `memoryBudget / workers`.
 */
function checkOrderStatisticsSize(
  N: number,
  alpha: number,
  P: number,
  explicitPatterns: number,
  workers: number,
  memoryBudget: number,
): number {
  if (!Number.isFinite(P)) {
    throw new RangeError(
      `N = ${N}, alpha = ${alpha}: P = e^{αN} = e^${(alpha * N).toFixed(1)} overflows a double, even in order-statistics mode; choose a smaller N or alpha`,
    );
  }
  const K = Math.max(0, Math.min(explicitPatterns, P - 1));
  const perWorker = memoryBudget / Math.max(1, workers);
  const bytes = orderStatisticsBytes(N, K);
  if ((K + 1) * N <= MAX_MATRIX_ENTRIES && bytes <= perWorker) return P;
  const kMax = Math.floor(Math.min(MAX_MATRIX_ENTRIES / N, (perWorker - 120 * N) / (4 * N + 24))) - 1;
  throw new RangeError(
    `N = ${N}, alpha = ${alpha}: ${K} explicit patterns of dimension N = ${N} need ${gib(bytes)}, more than ${
      (K + 1) * N > MAX_MATRIX_ENTRIES ? 'one Float32Array can hold' : `the memory budget of ${gib(perWorker)} per worker`
    }; ${kMax >= 1 ? `choose explicitPatterns ≤ ${kMax}` : 'choose a smaller N'}`,
  );
}
