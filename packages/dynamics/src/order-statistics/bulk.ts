import { logOverlapDensity, logSphereMgf } from './special.js';

/** Gauss–Legendre nodes and weights on `[−1, 1]`, 8 points (exact for polynomials of degree 15). */
const GL_NODES = [
  -0.9602898564975362, -0.7966664774136267, -0.525532409916329, -0.18343464249564978, 0.18343464249564978, 0.525532409916329,
  0.7966664774136267, 0.9602898564975362,
];
const GL_WEIGHTS = [
  0.10122853629037706, 0.22238103445337443, 0.3137066458778869, 0.36268378337836166, 0.36268378337836166, 0.3137066458778869,
  0.22238103445337443, 0.10122853629037706,
];

/** Cells of the coarse grid that locates the peak of the integrand. */
export const DEFAULT_COARSE_CELLS = 128;
/** Gauss–Legendre panels (8 nodes each) over the region where the integrand matters. */
export const DEFAULT_PANELS = 32;
/** The region kept: where the log integrand is within this of its maximum (`e^{−46} ≈ 1e-20`). */
const LOG_CUTOFF = 46;

/** Quadrature resolution of {@link bulkIntegrals}. */
export interface QuadratureOptions {
  /** Cells of the coarse uniform grid (default {@link DEFAULT_COARSE_CELLS}). */
  readonly coarseCells?: number | undefined;
  /** Gauss–Legendre panels on the peak region (default {@link DEFAULT_PANELS}). */
  readonly panels?: number | undefined;
}

/** The three integrals over the bulk overlaps (see {@link bulkIntegrals}). */
export interface BulkIntegrals {
  /** `log ∫_{−1}^{cut} f(c) e^{λ√N c x_1} M_d(κ(c)) dc`. */
  readonly logIntegral: number;
  /** The tilted mean of `c`: `∫ c (…) / ∫ (…)`. */
  readonly meanC: number;
  /** The tilted mean of `s(c) M_d'(κ)/M_d(κ)`, `s = √(1 − c²)`. */
  readonly meanSR: number;
}

/**
 * The 1-D integrals over the overlap `c ∈ [−1, cut]` behind the bulk's partition function and
 * weighted sum, for a state `x = x_1 e_1 + x_⊥` with `‖x_⊥‖ = r` (`ξ^1 = √N e_1`, `d = N − 1`,
 * `s(c) = √(1 − c²)`, `κ(c) = λ√N s(c) r`, `f` the overlap density):
 * `log ∫ f(c) e^{λ√N c x_1} M_d(κ) dc` and the means of `c` and of `s M_d'/M_d` under that
 * weight. The integrand is exponentially peaked, so it is handled in log space: a coarse grid of
 * `coarseCells` midpoints locates the region where the log integrand is within 46 of its maximum
 * (widened by one cell on each side), then `panels` 8-point Gauss–Legendre panels integrate it
 * with a log-sum-exp. Outside the region the integrand is below `e^{−46}` of the peak.
 */
export function bulkIntegrals(
  N: number,
  cut: number,
  lambda: number,
  x1: number,
  r: number,
  options: QuadratureOptions = {},
): BulkIntegrals {
  const cells = options.coarseCells ?? DEFAULT_COARSE_CELLS;
  const panels = options.panels ?? DEFAULT_PANELS;
  const d = N - 1;
  const root = Math.sqrt(N);
  const tilt = lambda * root * x1;
  const spread = lambda * root * r;
  const logIntegrand = (c: number): { g: number; sr: number } => {
    const s = Math.sqrt(Math.max(0, (1 - c) * (1 + c)));
    const mgf = logSphereMgf(spread * s, d);
    return { g: logOverlapDensity(c, N) + tilt * c + mgf.log, sr: s * mgf.ratio };
  };
  const lower = -1;
  const h = (cut - lower) / cells;
  const coarse = new Float64Array(cells);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < cells; i++) {
    const g = logIntegrand(lower + (i + 0.5) * h).g;
    coarse[i] = g;
    if (g > peak) peak = g;
  }
  let first = cells;
  let last = -1;
  for (let i = 0; i < cells; i++) {
    if ((coarse[i] as number) >= peak - LOG_CUTOFF) {
      if (i < first) first = i;
      last = i;
    }
  }
  const a = lower + Math.max(0, first - 1) * h;
  const b = lower + Math.min(cells, last + 2) * h;
  const width = (b - a) / panels;
  const gs: number[] = [];
  const ws: number[] = [];
  const cs: number[] = [];
  const srs: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * width;
    for (let q = 0; q < GL_NODES.length; q++) {
      const c = mid + 0.5 * width * (GL_NODES[q] as number);
      const { g, sr } = logIntegrand(c);
      gs.push(g);
      ws.push(0.5 * width * (GL_WEIGHTS[q] as number));
      cs.push(c);
      srs.push(sr);
      if (g > max) max = g;
    }
  }
  let sum = 0;
  let sumC = 0;
  let sumSR = 0;
  for (let i = 0; i < gs.length; i++) {
    const w = (ws[i] as number) * Math.exp((gs[i] as number) - max);
    sum += w;
    sumC += w * (cs[i] as number);
    sumSR += w * (srs[i] as number);
  }
  return { logIntegral: max + Math.log(sum), meanC: sumC / sum, meanSR: sumSR / sum };
}

/** The bulk's contribution to one attention update (see {@link BulkModel}). */
export interface BulkStep {
  /** `log Z_B`, `Z_B = Σ_bulk e^{λ ξ^μ·x}` replaced by its conditional expectation. */
  readonly logZ: number;
  /** `W_B/Z_B` along `e_1`: `√N E_w[c]`. */
  readonly parallel: number;
  /** `W_B/Z_B` along `x̂_⊥`: `√N E_w[s M_d'/M_d]`. */
  readonly perpendicular: number;
}

/**
 * The patterns that are not explicit: `count = P − 1 − K` patterns, conditionally i.i.d. given the
 * explicit ones, with overlap `c < cut = c_(K)` of density `f(c)/(1 − Q(cut))` and an independent
 * uniform direction `u` in `e_1^⊥`. Their sums are replaced by conditional expectations
 * (the mean-field bulk of the order-statistics mode):
 * `Z_B = count · E[e^{λ√N c x_1} M_d(κ) | c < cut]`,
 * `W_B = count · E[e^{λ√N c x_1} (√N c M_d(κ) e_1 + √N s M_d'(κ) x̂_⊥) | c < cut]`,
 * `κ = λ√N s ‖x_⊥‖`, `M_d(κ) = ₀F₁(; d/2; κ²/4)`. Neglected: the fluctuations of the bulk sums
 * around these expectations, and their random component orthogonal to `e_1` and `x_⊥`.
 */
export class BulkModel {
  readonly N: number;
  readonly count: number;
  readonly cut: number;
  /** `log count − log(1 − Q(cut))`. */
  private readonly logScale: number;
  private readonly quadrature: QuadratureOptions;

  constructor(N: number, count: number, cut: number, logTailAtCut: number, quadrature: QuadratureOptions = {}) {
    this.N = N;
    this.count = count;
    this.cut = cut;
    this.logScale = Math.log(count) - Math.log1p(-Math.exp(logTailAtCut));
    this.quadrature = quadrature;
  }

  /** The bulk's `log Z_B` and `W_B/Z_B` at inverse temperature `λ` for `x_1 = x·e_1`, `r = ‖x_⊥‖`. */
  step(lambda: number, x1: number, r: number): BulkStep {
    if (this.count <= 0) return { logZ: Number.NEGATIVE_INFINITY, parallel: 0, perpendicular: 0 };
    const { logIntegral, meanC, meanSR } = bulkIntegrals(this.N, this.cut, lambda, x1, r, this.quadrature);
    const root = Math.sqrt(this.N);
    return { logZ: this.logScale + logIntegral, parallel: root * meanC, perpendicular: root * meanSR };
  }
}
