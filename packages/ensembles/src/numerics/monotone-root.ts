import { brentRoot, type RootOptions } from './brent-root.js';

/**
 * Crossing point of a non-decreasing `f` on the open interval `(lower, upper)` (`upper` may be
 * `Infinity`), where `f` may be infinite or undefined at the ends themselves. Starting from the
 * midpoint (or `lower + 1` when unbounded), it probes points geometrically closer to the end the
 * root lies toward — halving the distance to a finite end, doubling towards infinity — until the
 * sign changes, then refines by Brent's method on a bracket `[x, 2x]`-like interval, so that
 * roots are found to relative precision even when they are tiny (`1e-150`) or huge. Returns
 * `lower` or `upper` when `f` keeps one sign up to that end (`upper` once past `limit`).
 */
export function monotoneRoot(f: (x: number) => number, lower: number, upper: number, limit = 1e15, options: RootOptions = {}): number {
  const bounded = Number.isFinite(upper);
  const start = bounded ? 0.5 * (lower + upper) : lower + 1;
  const atStart = f(start);
  if (atStart === 0) return start;
  let inner = start;
  if (atStart > 0) {
    for (let k = 1; ; k++) {
      const x = lower + (start - lower) * 2 ** -k;
      if (x <= lower) return lower;
      const value = f(x);
      if (value === 0) return x;
      if (value < 0) return brentRoot(f, x, inner, options);
      inner = x;
    }
  }
  for (let k = 1; ; k++) {
    const x = bounded ? upper - (upper - start) * 2 ** -k : lower + 2 ** k;
    if (bounded ? x >= upper : x > limit) return upper;
    const value = f(x);
    if (value === 0) return x;
    if (value > 0) return brentRoot(f, inner, x, options);
    inner = x;
  }
}
