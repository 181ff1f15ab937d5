import { gamma32, type Matrix } from '@dam/kernels';
import { instantiateWithMemory, type WasmMemory } from '@dam/kernels/internals';
import { CERTIFICATES_WASM_BASE64 } from '../wasm/certificates.generated.js';
import { type GapBins, gapBins, MAX_BINS, SLACK, type TargetGeometry } from './geometry.js';

/**
 * The certificates' WebAssembly kernels ({@link CertificateKernel}: target geometry as upper bounds,
 * and the weighted second moment) and the contraction certificate built on them.
 *
 * The contraction certificate: a provable early stop for runs that converge slowly to a fixed point
 * near `ξ^t` (the retrieving runs just above the critical λ, and, where the fixed point crosses the
 * success radius as λ falls, the failing runs just below it, which otherwise run until their float32
 * state stops changing, tens of updates).
 *
 * The exact update `F(x) = Ξᵀ softmax(λΞx)` (Eq. 2) has the Jacobian `DF(x) = λ Σ_μ a_μ(x)(ξ^μ − m)(ξ^μ − m)ᵀ`
 * (`a = softmax(λΞx)`, `m = F(x)`), symmetric and positive semi-definite. For `x` in the ball
 * `B(c, ρ)` and any centre `m̃`, `DF(x) ≼ λ Σ_μ a_μ(x)(ξ^μ − m̃)(ξ^μ − m̃)ᵀ` (the weighted covariance is
 * the smallest weighted second moment), and `a_μ(x) ≤ a_μ(c)·e^{2λρ·maxNorm}` (`λ(ξ^μ − ξ^ν)·(x − c)`
 * varies by at most `2λρ·max‖ξ‖`). So with computed weights `ã_μ` such that `a_μ(c) ≤ e^{η₀} ã_μ`,
 * `‖DF(x)‖₂ ≤ L(ρ) = λ e^{η₀ + 2λρ·maxNorm} λ_max(M̃)`, `M̃ = Σ_μ ã_μ(ξ^μ − m̃)(ξ^μ − m̃)ᵀ`.
 * If `‖F(c) − c‖ + L(ρ)ρ ≤ ρ − δ` (δ bounds the error of one computed update), every computed
 * update maps `B(c, ρ)` into itself; if moreover `B(c, ρ)` lies inside the success ball, the run
 * retrieves, and if it lies outside, the run fails, whatever happens later. See
 * {@link CertificateKernel.certifiedRadius}.
 */

interface CovarianceExports {
  geometry(
    pat: number,
    rows: number,
    cols: number,
    np: number,
    x: number,
    mask: number,
    target: number,
    gaps: number,
    dists: number,
    stats: number,
    g: number,
    norm2: number,
    tNorm: number,
  ): void;
  scores(pat: number, rows: number, cols: number, np: number, x: number, out: number): void;
  covariance(pat: number, rows: number, cols: number, np: number, w: number, m: number, y: number, acc: number): void;
  maxScore(p: number, rows: number): number;
  rootWeights(w: number, rows: number, sum: number): void;
  gapBins(gaps: number, dists: number, count: number, bins: number): number;
  eigenBound(acc: number, np: number, n: number, start: number, m: number, a: number, v: number, w: number): number;
}

/** Rows of `y` per chunk in certificates.wat (each float32 accumulator sums at most this many products). */
const CHUNK = 64;
const PAGE = 65_536;
const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Largest eigenvalue bound of a symmetric positive semi-definite matrix, see {@link largestEigenvalueBound}. */
function choleskySucceeds(a: Float64Array, n: number): boolean {
  // In-place Cholesky of the n × n row-major matrix (lower triangle); false at a non-positive pivot.
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) {
      const x = a[j * n + k] as number;
      d -= x * x;
    }
    if (!(d > 0)) return false;
    const r = Math.sqrt(d);
    a[j * n + j] = r;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / r;
    }
  }
  return true;
}

/**
 * A proven upper bound of the largest eigenvalue of the symmetric `n × n` matrix `m` (row-major,
 * float64), or `Infinity`. A power iteration (from `start` when given: a guess of the top eigenvector,
 * such as the last step of a converging run) estimates it (`θ`); the bound `τ = θ(1 + 10⁻³)` (then
 * `1.1θ`) is accepted when the floating-point Cholesky factorisation of `(τ − c)I − m` runs to the
 * end, with `c = 10⁻⁸(nτ + tr|m|)`: by Rump's criterion (Verification of positive definiteness,
 * BIT 46, 2006, Thm. 2.3: `c ≥ γ_{n+1}/(1 − γ_{n+1})·tr` plus an underflow term suffices, here by
 * orders of magnitude for n < 10⁶), `τI − m` is then positive definite, so `λ_max(m) < τ`.
 */
export function largestEigenvalueBound(m: Float64Array, n: number, start?: ArrayLike<number>): number {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += Math.abs(m[i * n + i] as number);
  if (!(trace > 0)) return trace === 0 ? 0 : Number.POSITIVE_INFINITY;
  // Power iteration from `start` plus the row of the largest diagonal entry (scaled to the same
  // norm), plus a constant: the row alone may miss the top eigenvector, the constant avoids
  // starting orthogonal to it.
  let v = new Float64Array(n);
  let best = 0;
  for (let i = 1; i < n; i++) if ((m[i * n + i] as number) > (m[best * n + best] as number)) best = i;
  let rowNorm2 = 0;
  let startNorm2 = 0;
  for (let j = 0; j < n; j++) {
    const r = m[best * n + j] as number;
    const s = start === undefined ? 0 : (start[j] as number);
    rowNorm2 += r * r;
    startNorm2 += s * s;
  }
  const weight = startNorm2 > 0 ? 0.01 : 1;
  const scale = startNorm2 > 0 ? Math.sqrt(rowNorm2 / startNorm2) : 0;
  for (let j = 0; j < n; j++) {
    v[j] = weight * (m[best * n + j] as number) + scale * (start === undefined ? 0 : (start[j] as number)) + (1e-3 * trace) / n;
  }
  let w = new Float64Array(n);
  let theta = 0;
  for (let iteration = 0; iteration < 60; iteration++) {
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      const x = v[j] as number;
      norm2 += x * x;
    }
    if (!(norm2 > 0)) break;
    let vmv = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (m[i * n + j] as number) * (v[j] as number);
      w[i] = s;
      vmv += s * (v[i] as number);
    }
    const next = vmv / norm2;
    // The Rayleigh quotient's error is quadratic in the angle to the top eigenvector: once it moves
    // by less than 10⁻⁶ relative, it is well within the 10⁻³ of the first bound tried.
    const converged = Math.abs(next - theta) <= 1e-6 * next;
    theta = next;
    [v, w] = [w, v];
    if (converged) break;
  }
  const a = new Float64Array(n * n);
  for (const factor of [1 + 1e-3, 1.1]) {
    const tau = theta * factor + 1e-12 * trace;
    const c = 1e-8 * (n * tau + trace);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i * n + j] = -(m[i * n + j] as number);
      a[i * n + i] = (a[i * n + i] as number) + (tau - c);
    }
    if (choleskySucceeds(a, n)) return tau;
  }
  return Number.POSITIVE_INFINITY;
}

/** What {@link CertificateKernel.jacobianBound} proves about the Jacobian on balls around `c`. */
export interface JacobianBound {
  /** `λ·λ_max(M̃)` rounded up, with the rounding of `M̃`'s computation included. */
  readonly scale: number;
  /** `tr M̃` rounded up (`e^η tr M̃` bounds `Σ_μ a_μ(x)‖ξ^μ − F(x)‖²` on the ball). */
  readonly trace: number;
  /** `η₀`: `a_μ(c) ≤ e^{η₀} ã_μ` for the computed weights. */
  readonly eta0: number;
}

/**
 * The WebAssembly side of the certificates for one thread: a copy of one realisation's patterns
 * (row-major) in its own memory, loaded on first use per pattern matrix, and the kernels of
 * certificates.wat: the target geometry of the retrieval and failure certificates, and the scores and
 * weighted second moment of the contraction certificate.
 */
export class CertificateKernel {
  private readonly memory: WasmMemory;
  private readonly exports: CovarianceExports;
  private loaded: Float32Array | undefined;
  private rows = 0;
  private cols = 0;
  private np = 0;
  private offsets = { pat: 0, x: 0, mask: 0, out: 0, w: 0, m: 0, y: 0, acc: 0, bins: 0, start: 0, dense: 0, chol: 0, v: 0, v2: 0, end: 0 };
  /** The Jacobian bound of the last {@link certifiedRadius} call (`undefined` if it computed none), for schedulers. */
  lastBound: JacobianBound | undefined;

  private constructor(memory: WasmMemory, exports: CovarianceExports) {
    this.memory = memory;
    this.exports = exports;
  }

  /** A kernel for this thread, or `undefined` where WebAssembly SIMD is unavailable. */
  static create(): CertificateKernel | undefined {
    const instance = instantiateWithMemory<CovarianceExports>(CERTIFICATES_WASM_BASE64);
    return instance === null ? undefined : new CertificateKernel(instance.memory, instance.exports);
  }

  /** Forgets the loaded copy if it is that of `patterns` (whose array may then be reused). */
  forget(patterns: Matrix): void {
    if (this.loaded === patterns.data) this.loaded = undefined;
  }

  /**
   * Copies `patterns` into the kernel's memory (as they are, row-major, plus 8 zero floats: see
   * certificates.wat) unless they are the ones loaded (by array identity and shape).
   */
  private load(patterns: Matrix): void {
    if (this.loaded === patterns.data && this.rows === patterns.rows && this.cols === patterns.cols) return;
    const { rows, cols, data } = patterns;
    const np = Math.ceil(cols / 8) * 8;
    const o = { pat: 64, x: 0, mask: 0, out: 0, w: 0, m: 0, y: 0, acc: 0, bins: 0, start: 0, dense: 0, chol: 0, v: 0, v2: 0, end: 0 };
    o.x = o.pat + align((rows * cols + 8) * 4);
    o.mask = o.x + align(np * 4);
    o.out = o.mask + align(np * 4);
    o.w = o.out + align(rows * 16 + 16); // scores (4·P bytes), or the geometry: 2 × 8·(P − 1) + 16
    o.m = o.w + align(rows * 4);
    o.y = o.m + align(np * 4);
    o.acc = o.y + align(CHUNK * np * 4);
    o.bins = o.acc + align(np * np * 8); // gapBins: 3 × MAX_BINS float64
    o.start = o.bins + align(3 * MAX_BINS * 8); // eigenBound: the start vector, two n × n matrices, two vectors
    o.dense = o.start + align(np * 8);
    o.chol = o.dense + align(np * np * 8);
    o.v = o.chol + align(np * np * 8);
    o.v2 = o.v + align(np * 8);
    o.end = o.v2 + align(np * 8);
    const have = this.memory.buffer.byteLength;
    if (o.end > have) this.memory.grow(Math.ceil((o.end - have) / PAGE));
    const pat = new Float32Array(this.memory.buffer, o.pat, rows * cols + 8);
    pat.set(data);
    pat.fill(0, rows * cols);
    const mask = new Int32Array(this.memory.buffer, o.mask, np);
    mask.fill(-1, 0, cols);
    mask.fill(0, cols);
    this.loaded = data;
    this.rows = rows;
    this.cols = cols;
    this.np = np;
    this.offsets = o;
  }

  /**
   * {@link TargetGeometry} of target row `t` from float32 sums in WebAssembly (certificates.wat
   * `geometry`), as upper bounds, which is all the certificates need (every sum they take grows
   * with `G_μ` and `D_μ`): with `g = γ_{np/4+4}` bounding each float32 sum's error relative to the
   * sum of its absolute terms, `‖ξ^μ‖² ≤ ñ²_μ/(1 − g)`, `D²_μ ≤ d̃²_μ/(1 − g)` and
   * `G_μ ≤ d̃ot_μ + g·‖ξ^μ‖‖ξ^t‖ − ‖ξ^t‖²` (with `‖ξ^t‖²` in float64); `maxAbs` is exact. About five
   * times faster than the float64 `targetGeometry` in JavaScript, for bounds larger by ~1e-6
   * relative.
   */
  targetGeometry(patterns: Matrix, target: number): TargetGeometry {
    this.load(patterns);
    const { rows, cols, np } = this;
    const o = this.offsets;
    const buffer = this.memory.buffer;
    const x = new Float32Array(buffer, o.x, np);
    const xi = patterns.data.subarray(target * cols, (target + 1) * cols);
    x.fill(0);
    x.set(xi);
    let norm2 = 0;
    for (let j = 0; j < cols; j++) norm2 += (xi[j] as number) ** 2;
    const g = gamma32(np / 4 + 4) * (1 + 1e-6);
    const others = Math.max(0, rows - 1);
    const stats = o.out + 16 * others;
    const tNorm = Math.sqrt(norm2) * (1 + cols * 2 ** -52); // rounded up: the float64 sum of N squares
    this.exports.geometry(o.pat, rows, cols, np, o.x, o.mask, target, o.out, o.out + 8 * others, stats, g, norm2, tNorm);
    const gaps = new Float64Array(buffer, o.out, others).slice();
    const dists = new Float64Array(buffer, o.out + 8 * others, others).slice();
    const [maxOtherNorm2, maxAbs] = new Float64Array(buffer, stats, 2);
    const maxNorm2 = Math.max(norm2, maxOtherNorm2 as number);
    return {
      target,
      norm2,
      gaps,
      dists,
      maxNorm: Math.sqrt(maxNorm2) * (1 + SLACK),
      maxAbs: maxAbs as number,
      bins: others > MAX_BINS ? this.geometryBins(others) : gapBins(gaps, dists),
    };
  }

  /**
   * {@link largestEigenvalueBound} of the symmetric `n × n` matrix `m` (row-major, float64; only its
   * upper triangle is read), computed in WebAssembly: the same operations in the same order, so the
   * same bound. (The contraction certificate calls it on the covariance in place.)
   */
  largestEigenvalueBound(m: Float64Array, n: number, start?: ArrayLike<number>): number {
    const base = this.scratch(n * n * 8 * 3 + n * 8 * 3);
    const buffer = this.memory.buffer;
    new Float64Array(buffer, base, n * n).set(m.subarray(0, n * n));
    const v = new Float64Array(buffer, base + n * n * 8, n);
    v.fill(0);
    if (start !== undefined) for (let j = 0; j < n; j++) v[j] = start[j] as number;
    const dense = base + n * n * 8 + n * 8;
    return this.exports.eigenBound(
      base,
      n,
      n,
      base + n * n * 8,
      dense,
      dense + n * n * 8,
      dense + 2 * n * n * 8,
      dense + 2 * n * n * 8 + n * 8,
    );
  }

  /**
   * {@link gapBins} of `(gaps, dists)` computed in WebAssembly when there are more than
   * {@link MAX_BINS} (the same operations in the same order, so the same bins), else by `gapBins`.
   */
  binGaps(gaps: Float64Array, dists: Float64Array): GapBins {
    const count = gaps.length;
    if (count <= MAX_BINS) return gapBins(gaps, dists);
    const base = this.scratch(count * 16 + 3 * MAX_BINS * 8);
    const buffer = this.memory.buffer;
    new Float64Array(buffer, base, count).set(gaps);
    new Float64Array(buffer, base + count * 8, count).set(dists.subarray(0, count));
    return this.readBins(this.exports.gapBins(base, base + count * 8, count, base + count * 16), base + count * 16);
  }

  /** The offset of `bytes` of scratch memory past the loaded patterns' layout (grown as needed). */
  private scratch(bytes: number): number {
    const base = align(Math.max(64, this.offsets.end));
    const have = this.memory.buffer.byteLength;
    if (base + bytes > have) this.memory.grow(Math.ceil((base + bytes - have) / PAGE));
    return base;
  }

  /** The first `used` of the 3 × MAX_BINS bins at `at` (gaps, dists, counts), copied out. */
  private readBins(used: number, at: number): GapBins {
    const buffer = this.memory.buffer;
    return {
      gaps: new Float64Array(buffer, at, used).slice(),
      dists: new Float64Array(buffer, at + 8 * MAX_BINS, used).slice(),
      counts: new Float64Array(buffer, at + 16 * MAX_BINS, used).slice(),
    };
  }

  /**
   * `gapBins` in WebAssembly (the same operations, so the same bins) of the `count > MAX_BINS` gaps
   * and distances that `geometry` left at `offsets.out`.
   */
  private geometryBins(count: number): GapBins {
    const o = this.offsets;
    return this.readBins(this.exports.gapBins(o.out, o.out + 8 * count, count, o.bins), o.bins);
  }

  /**
   * The Jacobian bound of the ball around `c` at inverse temperature λ, with `m̃ = centre` (the
   * computed update of `c` is a good one: it is the weighted mean at `c`): the scores `Ξc` (float32
   * in WebAssembly), the weights `ã_μ = w_μ²` with `w_μ` the float32 square root of the softmax
   * (its exponentials rounded to float32 before the float64 division; floored at 10⁻³⁰, above every
   * weight that underflows), `M̃` accumulated by
   * certificates.wat, and its largest eigenvalue bounded by {@link largestEigenvalueBound}.
   *
   * `η₀` collects the rounding between `a_μ(c)` and `ã_μ`: the scores (`≤ (np/4 + 3)·2^-24·maxNorm·‖c‖`
   * each, counted twice through the normalisation), the float64 exponent, exponential, sum and
   * quotient (`≤ λ·maxNorm·‖c‖·2^-50 + (P + 4)·2^-52`), and the float32 rounding of the exponential
   * and of the square root (about `3·2^-24` together, counted as `2^-21`).
   * `M̂` (computed) differs from `M̃` by at most `(CHUNK + 6)·2^-24·Σ_μ‖y_μ‖²` in Frobenius norm
   * (see certificates.wat), with `Σ_μ ‖y_μ‖² ≤ 1.01·tr M̂`.
   */
  jacobianBound(patterns: Matrix, c: Float32Array, centre: Float32Array, lambda: number, maxNorm: number): JacobianBound | undefined {
    this.load(patterns);
    const { rows, cols, np } = this;
    const o = this.offsets;
    const buffer = this.memory.buffer;
    const x = new Float32Array(buffer, o.x, np);
    x.fill(0);
    x.set(c);
    let cNorm2 = 0;
    for (let j = 0; j < cols; j++) cNorm2 += (c[j] as number) ** 2;
    this.exports.scores(o.pat, rows, cols, np, o.x, o.out);
    const scores = new Float32Array(buffer, o.out, rows);
    const top = this.exports.maxScore(o.out, rows);
    if (!Number.isFinite(top)) return undefined;
    const w = new Float32Array(buffer, o.w, rows);
    let sum = 0;
    for (let mu = 0; mu < rows; mu++) {
      const e = Math.exp(lambda * ((scores[mu] as number) - top));
      w[mu] = e;
      sum += e;
    }
    this.exports.rootWeights(o.w, rows, sum); // w_μ = fl32(√max(w_μ/sum, 10⁻³⁰))
    const m = new Float32Array(buffer, o.m, np);
    m.fill(0);
    m.set(centre);
    const acc = new Float64Array(buffer, o.acc, np * np);
    acc.fill(0);
    this.exports.covariance(o.pat, rows, cols, np, o.w, o.m, o.y, o.acc);
    let trace = 0;
    for (let i = 0; i < cols; i++) trace += acc[i * np + i] as number;
    // largestEigenvalueBound in WebAssembly (the same operations: the same bound), from the step.
    const start = new Float64Array(buffer, o.start, cols);
    for (let j = 0; j < cols; j++) start[j] = (centre[j] as number) - (c[j] as number);
    const tau = this.exports.eigenBound(o.acc, np, cols, o.start, o.dense, o.chol, o.v, o.v2);
    if (!Number.isFinite(tau)) return undefined;
    const cNorm = Math.sqrt(cNorm2) * (1 + 1e-12);
    const scoreError = (np / 4 + 3) * 2 ** -24 * 1.01 * maxNorm * cNorm;
    const eta0 = 2 * lambda * scoreError + lambda * maxNorm * cNorm * 2 ** -50 + (rows + 4) * 2 ** -52 + 2 ** -21;
    // Relative rounding (see certificates.wat) plus float32 underflow (products below 2^-126,
    // at most 2^-149 each, P per entry, N² entries: negligible next to the floor of the weights).
    const matrixError = (CHUNK + 6) * 2 ** -24 * 1.01 * 1.01 * trace + rows * cols * 2 ** -149;
    return { scale: lambda * (tau + matrixError) * (1 + 1e-12), trace: (trace + matrixError) * (1 + 1e-12), eta0 };
  }

  /**
   * A radius `ρ ≤ room` such that the computed updates provably keep every later state in `B(c, ρ)`,
   * or `−Infinity` when none was found: `c = x_t` is the state, `next = x_{t+1}` its computed update,
   * `maxNorm ≥ max_μ ‖ξ^μ‖`, and `deltaFor(norm, spread)` bounds the error of one computed update
   * for states of norm `≤ norm` whose `Σ_μ a_μ‖ξ^μ − F(x)‖ ≤ spread` (on the ball: `√(e^η tr M̃)`,
   * by Cauchy–Schwarz and `Cov ≼ e^η M̃`). The caller chooses `room` so that the ball lies where it
   * decides the outcome (inside or outside the success ball). Tries the radii of
   * {@link contractionRadii} for the condition `‖x_{t+1} − x_t‖ ≤ contractionMargin(ρ)`, i.e.
   * `‖x_{t+1} − x_t‖ + 2δ + L(ρ)ρ ≤ ρ` (see the module comment). The bound it computed is kept in
   * {@link lastBound}.
   */
  certifiedRadius(
    patterns: Matrix,
    c: Float32Array,
    next: Float32Array,
    room: number,
    lambda: number,
    maxNorm: number,
    deltaFor: (norm: number, spread: number) => number,
  ): number {
    this.lastBound = undefined;
    const n = c.length;
    let step2 = 0;
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      step2 += ((next[j] as number) - (c[j] as number)) ** 2;
      norm2 += (c[j] as number) ** 2;
    }
    const slack = 1 + 1e-12 + n * 2 ** -52;
    const step = Math.sqrt(step2) * slack;
    if (!(room > step)) return Number.NEGATIVE_INFINITY;
    const bound = this.jacobianBound(patterns, c, next, lambda, maxNorm);
    if (bound === undefined) return Number.NEGATIVE_INFINITY;
    this.lastBound = bound;
    return contractionRadius(bound, { room, norm: Math.sqrt(norm2) * slack, lambda, maxNorm, deltaFor }, step);
  }
}

/** The ball of a contraction attempt: its room inside the success ball and what δ depends on. */
export interface ContractionBall {
  /** The largest radius allowed (e.g. `rMax − ‖c − ξ‖` for a ball inside the success ball). */
  readonly room: number;
  /** `≥ ‖c‖`. */
  readonly norm: number;
  readonly lambda: number;
  /** `≥ max_μ ‖ξ^μ‖`. */
  readonly maxNorm: number;
  /** δ for states of norm `≤ norm` and weighted spread `≤ spread` (see {@link CertificateKernel.certifiedRadius}). */
  readonly deltaFor: (norm: number, spread: number) => number;
}

/**
 * The largest step `‖F̃(c) − c‖` for which the contraction condition holds on `B(c, ρ)`:
 * `ρ(1 − 10⁻¹²) − 2δ − L(ρ)ρ`, with `L(ρ) = scale·e^{η₀ + 2λρ·maxNorm}` (module comment) and δ for
 * the states of the ball (norm `‖c‖ + ρ`, spread `√(e^{η₀ + 2λρ·maxNorm} tr M̃)`).
 */
export function contractionMargin(bound: JacobianBound, ball: ContractionBall, rho: number): number {
  const growth = Math.exp(bound.eta0 + 2 * ball.lambda * rho * ball.maxNorm) * (1 + 1e-12);
  const delta = ball.deltaFor(ball.norm + rho, Math.sqrt(growth * bound.trace));
  return rho * (1 - 1e-12) - 2 * delta - bound.scale * growth * rho;
}

/**
 * The first of the radii `ρ > step` of {@link contractionRadii} for which `step ≤ contractionMargin(ρ)`,
 * i.e. the computed update maps `B(c, ρ)` into itself for this bound, or `−Infinity` when none does.
 */
export function contractionRadius(bound: JacobianBound, ball: ContractionBall, step: number): number {
  for (const rho of contractionRadii(bound, ball)) {
    if (rho > step && step <= contractionMargin(bound, ball, rho)) return rho;
  }
  return Number.NEGATIVE_INFINITY;
}

/**
 * The radii a contraction attempt tries, largest first: nine on a grid of ratio `2^{1/4}` around
 * `ρ* = u/(2λ·maxNorm)`, where `e^u(1 + u) = e^{−η₀}/scale` maximises `ρ(1 − L(ρ))` (the margin
 * without δ), capped at `room`. Empty when `scale·e^{η₀} ≥ 1` (no ball contracts).
 */
export function contractionRadii(bound: JacobianBound, ball: ContractionBall): number[] {
  const target = Math.exp(-bound.eta0) / bound.scale;
  if (!(target > 1)) return [];
  // Newton on f(u) = e^u(1 + u) − target from u = (target − 1)/2 (f is convex and increasing on u ≥ 0: converges from above).
  let u = Math.min(1, (target - 1) / 2);
  for (let k = 0; k < 4; k++) u -= (Math.exp(u) * (1 + u) - target) / (Math.exp(u) * (2 + u));
  const best = u / (2 * ball.lambda * ball.maxNorm);
  // Decreasing radii, capped at room (the capped ones collapse into one).
  const radii: number[] = [];
  let last = Number.POSITIVE_INFINITY;
  for (let j = 4; j >= -4; j--) {
    const rho = Math.min(best * 2 ** (j / 4), ball.room);
    if (rho < last) radii.push(rho);
    last = rho;
  }
  return radii;
}
