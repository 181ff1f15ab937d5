import type { Matrix } from '@dam/kernels';

/**
 * Geometry of the patterns seen from one target pattern `ξ^t`, computed once per realisation
 * and target (one pass over `Ξ`, the cost of one attention step) and reused for every λ:
 * `G_μ = (ξ^μ − ξ^t)·ξ^t` and `D_μ = ‖ξ^μ − ξ^t‖` for `μ ≠ t`.
 */
export interface TargetGeometry {
  /** Index `t` of the target row. */
  readonly target: number;
  /** `‖ξ^t‖²`. */
  readonly norm2: number;
  /** `G_μ` for the `P − 1` other patterns. */
  readonly gaps: Float64Array;
  /** `D_μ` for the same patterns. */
  readonly dists: Float64Array;
  /** `max_μ ‖ξ^μ‖` over all patterns, rounded up (bounds every state after one update). */
  readonly maxNorm: number;
  /** `max_{μ,j} |ξ^μ_j|` over all patterns (bounds `‖x‖_∞` of every state after one update). */
  readonly maxAbs: number;
  /** The `(G_μ, D_μ)` the bounds sum over, grouped into bins (see {@link GapBins}). */
  readonly bins: GapBins;
}

/**
 * The patterns `μ ≠ t` as weighted points `(G_k, D_k, c_k)` such that every sum the certificates
 * take, `Σ_μ f(G_μ, D_μ)` with `f ≥ 0` non-decreasing in both arguments (`D e^{λ(G + D r)}`,
 * `e^{λ(G + D ρ)}` for `λ, r, ρ ≥ 0`), is at most `Σ_k c_k f(G_k, D_k)`: either every pattern
 * alone (`c_k = 1`, exact), or, for many patterns, bins of `G` of equal width, each standing for
 * its `c_k` patterns by the largest `G` and the largest `D` among them. The bounds then cost
 * {@link MAX_BINS} exponentials instead of `P`, and stay upper bounds (so the certificates stay
 * valid), looser by at most `e^{λ(h + ΔD·r)}` with `h` the bin width and `ΔD` the spread of `D`
 * in a bin (for spherical patterns `D` is nearly a function of `G`).
 */
export interface GapBins {
  readonly gaps: Float64Array;
  readonly dists: Float64Array;
  readonly counts: Float64Array;
}

/** Largest number of points in {@link GapBins}: below it every pattern is kept exactly. */
export const MAX_BINS = 256;

/** Computes {@link TargetGeometry} in float64 from the float32 patterns. */
export function targetGeometry(patterns: Matrix, target: number): TargetGeometry {
  const { rows, cols, data } = patterns;
  const base = target * cols;
  const xi = new Float64Array(cols);
  let norm2 = 0;
  for (let j = 0; j < cols; j++) {
    const v = data[base + j] as number;
    xi[j] = v;
    norm2 += v * v;
  }
  const gaps = new Float64Array(Math.max(0, rows - 1));
  const dists = new Float64Array(Math.max(0, rows - 1));
  let maxNorm2 = norm2;
  let highest = 0;
  let lowest = 0;
  const even = cols & ~1;
  let k = 0;
  for (let mu = 0; mu < rows; mu++) {
    if (mu === target) continue;
    const offset = mu * cols;
    // Two coordinates per iteration, each with its own sums (shorter dependency chains).
    let dot0 = 0;
    let dot1 = 0;
    let n20 = 0;
    let n21 = 0;
    let d20 = 0;
    let d21 = 0;
    let j = 0;
    for (; j < even; j += 2) {
      const a0 = data[offset + j] as number;
      const a1 = data[offset + j + 1] as number;
      const c0 = a0 - (xi[j] as number);
      const c1 = a1 - (xi[j + 1] as number);
      dot0 += a0 * (xi[j] as number);
      dot1 += a1 * (xi[j + 1] as number);
      n20 += a0 * a0;
      n21 += a1 * a1;
      d20 += c0 * c0;
      d21 += c1 * c1;
      highest = Math.max(highest, a0, a1);
      lowest = Math.min(lowest, a0, a1);
    }
    if (j < cols) {
      const a = data[offset + j] as number;
      const c = a - (xi[j] as number);
      dot0 += a * (xi[j] as number);
      n20 += a * a;
      d20 += c * c;
      highest = Math.max(highest, a);
      lowest = Math.min(lowest, a);
    }
    const n2 = n20 + n21;
    if (n2 > maxNorm2) maxNorm2 = n2;
    gaps[k] = dot0 + dot1 - norm2;
    dists[k] = Math.sqrt(d20 + d21);
    k += 1;
  }
  let maxAbs = Math.max(highest, -lowest);
  for (let j = 0; j < cols; j++) maxAbs = Math.max(maxAbs, Math.abs(xi[j] as number));
  // Rounded up: the float64 sums of squares carry a relative error ≤ N·2^-53 ≪ SLACK.
  return { target, norm2, gaps, dists, maxNorm: Math.sqrt(maxNorm2) * (1 + SLACK), maxAbs, bins: gapBins(gaps, dists) };
}

/**
 * {@link GapBins} of the `(G_μ, D_μ)`: exact when there are at most {@link MAX_BINS}, else that many
 * bins of `G`. The same operations as `gapBins` of certificates.wat (tested bit for bit); this copy
 * serves {@link targetGeometry}, the path where WebAssembly SIMD is unavailable.
 */
export function gapBins(gaps: Float64Array, dists: Float64Array): GapBins {
  const count = gaps.length;
  if (count <= MAX_BINS) return { gaps, dists, counts: new Float64Array(count).fill(1) };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) {
    const g = gaps[k] as number;
    if (g < lo) lo = g;
    if (g > hi) hi = g;
  }
  const binGap = new Float64Array(MAX_BINS).fill(Number.NEGATIVE_INFINITY);
  const binDist = new Float64Array(MAX_BINS);
  const binCount = new Float64Array(MAX_BINS);
  // A NaN gap or distance (non-finite patterns) makes its bin's bound NaN for good (Math.max keeps
  // NaN), so the binned sums are NaN, as the exact ones, and no certificate fires.
  const scale = hi > lo ? MAX_BINS / (hi - lo) : 0;
  for (let k = 0; k < count; k++) {
    const g = gaps[k] as number;
    const d = dists[k] as number;
    const b = Math.min(MAX_BINS - 1, Math.floor((g - lo) * scale)) | 0;
    const i = b >= 0 ? b : MAX_BINS - 1;
    binCount[i] = (binCount[i] as number) + 1;
    binGap[i] = Math.max(binGap[i] as number, g);
    binDist[i] = Math.max(binDist[i] as number, d);
  }
  let used = 0;
  for (let i = 0; i < MAX_BINS; i++) if ((binCount[i] as number) > 0) used += 1;
  const bins: GapBins = { gaps: new Float64Array(used), dists: new Float64Array(used), counts: new Float64Array(used) };
  let k = 0;
  for (let i = 0; i < MAX_BINS; i++) {
    if ((binCount[i] as number) === 0) continue;
    bins.gaps[k] = binGap[i] as number;
    bins.dists[k] = binDist[i] as number;
    bins.counts[k] = binCount[i] as number;
    k += 1;
  }
  return bins;
}

/**
 * Relative slack on the float64 bounds below: covers the rounding of `G_μ`, `D_μ` (relative
 * error ≤ N·2^-52 of `‖ξ^μ‖‖ξ^t‖`, `D_μ r`), of the exponents and of the sums, for N, P ≲ 10^6
 * (larger P is covered by the explicit `P·2^-52` terms).
 */
export const SLACK = 1e-9;

/**
 * Additive slack on the exponents `λ(G_μ + D_μ r)`: their absolute float64 error is at most
 * `λ·N·2^-52·maxNorm·(maxNorm + r)` plus a few ulps of their size, both ≤ this for N ≲ 10^6.
 */
export function exponentShift(geometry: TargetGeometry, lambda: number, r: number): number {
  return lambda * SLACK * (geometry.maxNorm * (geometry.maxNorm + r) + geometry.norm2 + 1);
}

/** Relative slack on a float64 sum of `count` positive terms (`count·2^-52`, plus {@link SLACK}). */
export function sumSlack(count: number): number {
  return 1 + SLACK + count * 2 ** -52;
}

/** `max_μ (G_μ + D_μ ρ)` (`−Infinity` for a single pattern): the λ-independent part of the shift in {@link ballEnergyLowerBound}. */
export function largestGap(geometry: TargetGeometry, rho: number): number {
  const { gaps, dists } = geometry.bins;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < gaps.length; k++) {
    const value = (gaps[k] as number) + (dists[k] as number) * rho;
    if (value > max) max = value;
  }
  return max;
}
