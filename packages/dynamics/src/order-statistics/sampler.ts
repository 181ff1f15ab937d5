import { fillNormal, portableLog, rowStream, uniform } from '@dam/ensembles';
import { createMatrix, type Matrix } from '@dam/kernels';
import { inverseUpperTail, logUpperTail } from './special.js';

/** A seeded stream of `@dam/ensembles` (`rowStream`). */
type RandomGenerator = ReturnType<typeof rowStream>;

/** A standard exponential variate `−log(1 − U)` (`U` uniform on `[0, 1)`). */
function exponential(rng: RandomGenerator): number {
  return -portableLog(1 - uniform(rng));
}

/**
 * A `Gamma(shape, 1)` variate for `shape ≥ 1` by Marsaglia & Tsang (2000): `d = shape − ⅓`,
 * `v = (1 + x/√(9d))³` with `x` standard normal, accepted iff
 * `log U < x²/2 + d(log v − (v − 1)) + …` — written with `log1p` as `d·(log1p(w) − w) + x²/2`,
 * `w = v − 1`, which keeps full precision for any shape (a plain `1 − v + log v` loses all digits
 * for shapes like `e^{40}`).
 */
export function sampleGamma(rng: RandomGenerator, shape: number): number {
  if (!(shape >= 1) || !Number.isFinite(shape)) throw new RangeError(`gamma shape must be a finite number ≥ 1, got ${String(shape)}`);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const normal = new Float64Array(2);
  for (;;) {
    fillNormal(rng, normal);
    for (const x of normal) {
      const cx = c * x;
      if (cx <= -1) continue;
      const w = cx * (3 + cx * (3 + cx)); // (1 + cx)³ − 1
      const u = uniform(rng);
      if (u > 0 && portableLog(u) < 0.5 * x * x + d * (Math.log1p(w) - w)) return d * (1 + w);
    }
  }
}

/** The largest overlaps with `ξ^1` of a spherical realisation, drawn by {@link topOverlaps}. */
export interface TopOverlaps {
  /** `c_(1) ≥ c_(2) ≥ … ≥ c_(K)`: the `K` largest of the `P − 1` overlaps `ξ^1·ξ^μ/N`, `μ ≥ 2`. */
  readonly overlaps: Float64Array;
  /** `log Q(c_(k))` (upper-tail probability of each, in log space). */
  readonly logTails: Float64Array;
}

/**
 * The exact joint law of the `K` largest of `n = P − 1` i.i.d. overlaps with density
 * `∝ (1 − c²)^{(N−3)/2}`, without drawing the others (Rényi's representation of uniform order
 * statistics): with `E_i` i.i.d. Exp(1), `Γ_k = E_1 + … + E_k` and `G ~ Gamma(n + 1 − K)`
 * independent, the upper-tail probabilities of the `K` largest are `q_(k) = Γ_k/(Γ_K + G)`
 * (`Γ_{n+1} = Γ_K + G`), and `c_(k) = Q^{-1}(q_(k))` (see `inverseUpperTail`). `K` is clamped to
 * `n`; `n` may be any finite number (`P = e^{40}` is fine: only `K` values are drawn). All draws
 * come from the stream `rng`.
 */
export function topOverlaps(rng: RandomGenerator, N: number, P: number, K: number): TopOverlaps {
  const { logQ, log1mQ } = topTails(rng, P, K);
  const overlaps = logQ.map((q, i) => inverseUpperTail(q, log1mQ[i] as number, N));
  return { overlaps, logTails: overlaps.map((c) => logUpperTail(c, N)) };
}

/**
 * The upper-tail probabilities `q_(1) ≤ … ≤ q_(K)` of the `K` largest of `n = P − 1` i.i.d.
 * continuous variates, as `log q` and `log(1 − q)`, by Rényi's representation (see
 * {@link topOverlaps}): any law's top order statistics are its quantiles at these.
 */
export function topTails(rng: RandomGenerator, P: number, K: number): { logQ: Float64Array; log1mQ: Float64Array } {
  const n = P - 1;
  const k = Math.max(0, Math.min(K, Math.floor(n)));
  const gammas = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < k; i++) {
    sum += exponential(rng);
    gammas[i] = sum;
  }
  const g = k === 0 ? 0 : sampleGamma(rng, n + 1 - k);
  const total = sum + g;
  const logQ = gammas.map((gi) => Math.log(gi) - Math.log(total));
  const log1mQ = gammas.map((gi) => Math.log(total - gi) - Math.log(total));
  return { logQ, log1mQ };
}

/** The explicit patterns of an order-statistics realisation (see {@link drawExplicitPatterns}). */
export interface ExplicitPatterns {
  /** `(K + 1) × N` float32: row 0 is `ξ^1 = √N e_1`, row `k` the pattern with the `k`-th largest overlap. */
  readonly patterns: Matrix;
  /** The overlaps `c_(k)` of rows `1 … K` with `ξ^1` (divided by `N`). */
  readonly overlaps: Float64Array;
  /** `c_(K)`, the bound of the bulk (`1` when there are no explicit patterns besides `ξ^1`). */
  readonly cut: number;
  /** `log Q(c_(K))` (`−∞` when `K = 0`). */
  readonly logTailAtCut: number;
}

/**
 * The `K + 1` explicit patterns of a spherical realisation in the frame where `ξ^1 = √N e_1`
 * (rotation invariance): `ξ^μ = √N (c_μ e_1 + √(1 − c_μ²) u^μ)`, `c_μ` the top order statistics
 * of {@link topOverlaps} (stream `rowStream(seed, 0)`), `u^μ` uniform on the unit sphere of
 * `e_1^⊥` (a normalised standard normal vector from `rowStream(seed, k)` for row `k`). Rounded to
 * float32 like the materialised patterns. Deterministic from `seed`.
 *
 * With `startAngle = θ` (basins), the frame is that of the start instead: `e_1 = x̂_0`, the `K`
 * explicit patterns are those with the largest overlaps with the start (the same exact law: the
 * other patterns are uniform whatever `ξ^1` is), and `ξ^1 = √N(cos θ e_1 + sin θ e_2)` in row 0.
 */
export function drawExplicitPatterns(N: number, P: number, K: number, seed: number, startAngle?: number): ExplicitPatterns {
  const { overlaps, logTails } = topOverlaps(rowStream(seed, 0), N, P, K);
  const k = overlaps.length;
  const patterns = createMatrix(k + 1, N);
  const root = Math.sqrt(N);
  patterns.data[0] = startAngle === undefined ? root : root * Math.cos(startAngle);
  if (startAngle !== undefined) patterns.data[1] = root * Math.sin(startAngle);
  const u = new Float64Array(N - 1);
  for (let i = 0; i < k; i++) {
    fillNormal(rowStream(seed, i + 1), u);
    let norm2 = 0;
    for (let j = 0; j < u.length; j++) norm2 += (u[j] as number) ** 2;
    const c = overlaps[i] as number;
    const s = Math.sqrt((1 - c) * (1 + c));
    const scale = (root * s) / Math.sqrt(norm2);
    const offset = (i + 1) * N;
    patterns.data[offset] = root * c;
    for (let j = 0; j < u.length; j++) patterns.data[offset + 1 + j] = (u[j] as number) * scale;
  }
  return {
    patterns,
    overlaps,
    cut: k === 0 ? 1 : (overlaps[k - 1] as number),
    logTailAtCut: k === 0 ? Number.NEGATIVE_INFINITY : (logTails[k - 1] as number),
  };
}
