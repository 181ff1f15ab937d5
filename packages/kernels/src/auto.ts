import type { AttentionBackend } from './backend.js';
import { glModesUnavailable } from './gpu/gpu-js-module.js';
import { createMatrix } from './matrix.js';
import { BACKEND_NAMES, type BackendName, createBackend } from './registry.js';

/** What {@link probeBackends} found out about one backend here. */
export interface BackendProbe {
  readonly name: BackendName;
  /** Whether the backend can be created and runs a step here. */
  readonly available: boolean;
  /** Why it is unavailable, or what was measured. */
  readonly reason: string;
  /** Median milliseconds of one attention step on the probe problem (when measured). */
  readonly msPerStep?: number;
  /** Throughput of that step, counting `4PN` flops (scores and weighted sum). */
  readonly gflops?: number;
}

/** The probe problem: `P × N` patterns, one query, λ = 1 (about 1 MFLOP per step). */
export interface ProbeOptions {
  readonly P?: number;
  readonly N?: number;
  /** Timed steps per backend after one warm-up step (default 5). */
  readonly repeats?: number;
  /** Backends to probe (default: all of `BACKEND_NAMES`). */
  readonly names?: readonly BackendName[];
}

/**
 * A deterministic pseudo-random fill in [−1, 1) (LCG) of the first 4096 entries, repeated: probe
 * data needs no statistics, only the memory traffic of its size (the loop runs cold, so the
 * repeat saves the probe a few milliseconds).
 */
function fill(data: Float32Array, seed: number): void {
  let state = seed >>> 0;
  const distinct = Math.min(data.length, 4096);
  for (let i = 0; i < distinct; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2 ** 31 - 1;
  }
  for (let filled = distinct; filled < data.length; filled *= 2) data.copyWithin(filled, 0, filled);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : 0.5 * ((sorted[mid - 1] as number) + (sorted[mid] as number));
}

/**
 * Times one backend: a warm-up step, then `repeats` timed steps. When the warm-up step alone takes
 * longer than `cutoffMs` (a multiple of a faster backend's time), that step is the measurement:
 * timing it further would only confirm that it loses.
 */
async function probe(name: BackendName, P: number, N: number, repeats: number, cutoffMs = Number.POSITIVE_INFINITY): Promise<BackendProbe> {
  let backend: AttentionBackend | undefined;
  try {
    backend = await createBackend(name);
    const patterns = createMatrix(P, N);
    fill(patterns.data, 1);
    const x = new Float32Array(N);
    fill(x, 2);
    const warm = performance.now();
    backend.step(patterns, x, 1);
    const warmMs = performance.now() - warm;
    if (warmMs > cutoffMs) {
      const gflops = (4 * P * N) / (warmMs * 1e6);
      return {
        name,
        available: true,
        reason: `${warmMs.toFixed(3)} ms for one step (${gflops.toFixed(2)} GFLOP/s; not timed further: over 3× a faster backend)`,
        msPerStep: warmMs,
        gflops,
      };
    }
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      backend.step(patterns, x, 1);
      times.push(performance.now() - start);
    }
    const msPerStep = median(times);
    const gflops = (4 * P * N) / (msPerStep * 1e6);
    return { name, available: true, reason: `${msPerStep.toFixed(3)} ms per step (${gflops.toFixed(2)} GFLOP/s)`, msPerStep, gflops };
  } catch (error) {
    return { name, available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    backend?.dispose();
  }
}

/**
 * Tries every backend on a probe problem (default `P = 4096`, `N = 64`): whether it can be
 * created and run here (and why not), and how long one attention step (Eq. 2) takes.
 */
export async function probeBackends(options: ProbeOptions = {}): Promise<BackendProbe[]> {
  const { P = 4096, N = 64, repeats = 5, names = BACKEND_NAMES } = options;
  const probes: BackendProbe[] = [];
  for (const name of names) probes.push(await probe(name, P, N, repeats));
  return probes;
}

/** The backend `auto` resolves to, why, and everything that was measured to decide it. */
export interface AutoChoice {
  readonly name: BackendName;
  readonly reason: string;
  readonly probes: readonly BackendProbe[];
}

/**
 * Backends that run another backend's algorithm more slowly, so that `auto` times them only when
 * that one is not available: `js` is wasm-simd's algorithm without SIMD (over 10× slower, as
 * `dam backends` shows; its one cold step took ~10 ms of every probe), and the float64 `reference`
 * is the `js` algorithm without its unrolling.
 */
const SLOWER_TWIN: Partial<Record<BackendName, { readonly of: BackendName; readonly reason: string }>> = {
  js: { of: 'wasm-simd', reason: 'not timed: wasm-simd runs the same algorithm with SIMD' },
  reference: { of: 'js', reason: 'not timed: the js backend runs the same algorithm faster' },
};

let cachedChoice: Promise<AutoChoice> | undefined;

/**
 * What `auto` picks: the fastest available backend on the probe problem, measured once per
 * process (the result is cached). gpu.js's `cpu` mode is left out — it runs gpu.js's JavaScript
 * translation of the kernels, never faster than the `js` backend — so the candidates are the
 * CPU backends and the gpu.js GPU modes that work here (in Node without a GL context, these are
 * reported unavailable without loading gpu.js). The `js` backend is timed only when `wasm-simd`
 * does not work (it runs the same algorithm without SIMD), and the float64 `reference` only when
 * neither works (it runs the `js` algorithm without its tuning): neither can win.
 */
export function chooseAutoBackend(): Promise<AutoChoice> {
  cachedChoice ??= (async () => {
    const names = BACKEND_NAMES.filter((name) => name !== 'gpu.js/cpu');
    // In Node without a usable GL context no gpu.js GL mode can run: say so without loading gpu.js
    // (a large module whose import alone costs ~0.2 s).
    const noGl = glModesUnavailable();
    // Timed one by one in BACKEND_NAMES order; a backend whose first step already takes over 3× the
    // fastest median so far is not timed further, and one with an available faster twin not at all.
    const measured: BackendProbe[] = [];
    for (const name of names) {
      if (noGl !== undefined && name.startsWith('gpu.js/')) continue;
      const twin = SLOWER_TWIN[name];
      if (twin !== undefined && measured.some((p) => p.name === twin.of && p.available)) {
        measured.push({ name, available: true, reason: twin.reason });
        continue;
      }
      const fastest = Math.min(...measured.map((p) => p.msPerStep ?? Number.POSITIVE_INFINITY));
      measured.push(await probe(name, 4096, 64, 5, 3 * fastest));
    }
    const probes = names.map(
      (name): BackendProbe =>
        measured.find((p) => p.name === name) ?? {
          name,
          available: false,
          reason: `gpu.js mode "${name.slice('gpu.js/'.length)}" is not available here: ${noGl ?? ''}`,
        },
    );
    const available = probes.filter((p) => p.available && p.msPerStep !== undefined);
    const best = available.reduce<BackendProbe | undefined>(
      (fastest, p) => (fastest === undefined || (p.msPerStep as number) < (fastest.msPerStep as number) ? p : fastest),
      undefined,
    );
    if (best === undefined) throw new Error(`no attention backend works here: ${probes.map((p) => `${p.name}: ${p.reason}`).join('; ')}`);
    const others = available.filter((p) => p !== best).map((p) => `${p.name} ${(p.msPerStep as number).toFixed(3)} ms`);
    const untimed = probes.filter((p) => p.available && p.msPerStep === undefined).map((p) => p.name);
    const reason =
      `fastest available on a ${4096}×${64} step: ${(best.msPerStep as number).toFixed(3)} ms${others.length ? ` (vs ${others.join(', ')})` : ''}` +
      (untimed.length ? `; ${untimed.join(' and ')} not timed: the same algorithm without SIMD or tuning` : '');
    return { name: best.name, reason, probes };
  })();
  return cachedChoice;
}
