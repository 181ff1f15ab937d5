import { gamma32, type Matrix } from '@dam/kernels';
import { instantiateWithMemory, type WasmMemory } from '@dam/kernels/internals';
import { CERTIFICATES_WASM_BASE64 } from '../wasm/certificates.generated.js';
import { contractionRadius, type JacobianBound } from './contraction.js';
import { type GapBins, gapBins, MAX_BINS, SLACK, type TargetGeometry } from './geometry.js';
import { type CertificateLayout, CHUNK, certificateLayout, PAGE } from './kernel-layout.js';

/** The exports of certificates.wat (offsets into the kernel's memory, see {@link certificateLayout}). */
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
  private offsets: CertificateLayout = certificateLayout(0, 0);
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
   * A `rows × cols` row-major array where {@link load} expects the patterns of that shape, so that
   * a realisation drawn into it is never copied (at P·N of gigabytes, the copy would be a third of a
   * worker's memory). It stays valid while the memory does not grow: until a matrix of another shape
   * is loaded or asked for here (a detached array has length 0).
   */
  patternArray(rows: number, cols: number): Float32Array {
    const o = certificateLayout(rows, cols);
    this.reserve(o.end);
    this.loaded = undefined; // its contents are about to be overwritten
    return new Float32Array(this.memory.buffer, o.pat, rows * cols);
  }

  private reserve(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
  }

  /**
   * Copies `patterns` into the kernel's memory (as they are, row-major, plus 8 zero floats: see
   * certificates.wat) unless they are the ones loaded (by array identity and shape) or already in
   * place (an array from {@link patternArray} of this shape).
   */
  private load(patterns: Matrix): void {
    if (this.loaded === patterns.data && this.rows === patterns.rows && this.cols === patterns.cols) return;
    const { rows, cols, data } = patterns;
    const o = certificateLayout(rows, cols);
    const { np } = o;
    if (data.length < rows * cols)
      throw new Error(`CertificateKernel: a ${rows} × ${cols} matrix over ${data.length} floats (a detached array?)`);
    const inPlace = data.buffer === this.memory.buffer;
    if (inPlace && (data.byteOffset !== o.pat || o.end > this.memory.buffer.byteLength)) {
      throw new Error(`CertificateKernel: an array from patternArray() used as a ${rows} × ${cols} matrix, not the shape it was made for`);
    }
    this.reserve(o.end);
    const pat = new Float32Array(this.memory.buffer, o.pat, rows * cols + 8);
    if (!inPlace) pat.set(data);
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
   * A proven upper bound of the largest eigenvalue of the symmetric `n × n` matrix `m` (row-major,
   * float64; only its upper triangle is read), or `Infinity` (certificates.wat `eigenBound`; the
   * contraction certificate calls it on the second moment in place). A power iteration (from `start`
   * when given: a guess of the top eigenvector, such as the last step of a converging run) estimates
   * it (`θ`); the bound `τ = θ(1 + 10⁻³)` (then `1.1θ`) is accepted when the floating-point Cholesky
   * factorisation of `(τ − c)I − m` runs to the end, with `c = 10⁻⁸(nτ + tr|m|)`: by Rump's criterion
   * (Verification of positive definiteness, BIT 46, 2006, Thm. 2.3: `c ≥ γ_{n+1}/(1 − γ_{n+1})·tr`
   * plus an underflow term suffices, here by orders of magnitude for n < 10⁶), `τI − m` is then
   * positive definite, so `λ_max(m) < τ`.
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
   * {@link MAX_BINS} (the same operations in the same order, so the same bins), else by `gapBins`
   * (which then only counts each pattern once).
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
    const base = this.offsets.end;
    this.reserve(base + bytes);
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
   * certificates.wat, and its largest eigenvalue bounded by {@link CertificateKernel.largestEigenvalueBound}.
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
    // The eigenvalue bound (largestEigenvalueBound) on the second moment in place, from the step.
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
