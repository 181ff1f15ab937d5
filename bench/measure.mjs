// Timing helper shared by the benchmarks: median wall time of a function after warm-up.
import { performance } from 'node:perf_hooks';

/**
 * Median wall time in milliseconds of one call of `fn()`, over `runs` samples taken after
 * `warmup` untimed calls. A fast `fn` is repeated within each sample until the sample lasts at
 * least `minSampleMs`, so that sub-millisecond work is not lost in timer and JIT noise.
 * Returns the fastest sample (`minMs`) and the last result too, so that the work cannot be
 * optimised away and can be checked.
 */
export function medianMs(fn, { warmup = 1, runs = 5, minSampleMs = 25 } = {}) {
  let result;
  for (let i = 0; i < warmup; i++) result = fn();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) result = fn();
    const elapsed = performance.now() - start;
    if (elapsed >= minSampleMs) break;
    calls = Math.ceil((calls * 1.2 * minSampleMs) / Math.max(elapsed, 0.01));
  }
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    for (let j = 0; j < calls; j++) result = fn();
    times.push((performance.now() - start) / calls);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const ms = times.length % 2 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
  return { ms, minMs: times[0], result };
}
