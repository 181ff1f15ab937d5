/** Result of {@link quadraticFit}. */
export interface QuadraticFit {
  /** `[c0, c1, c2]` of `y ≈ c0 + c1·x + c2·x²`. */
  readonly coefficients: readonly [number, number, number];
  /** 3 × 3 covariance of the coefficients, `(XᵀWX)⁻¹` with `W = diag(1/σ²)`. */
  readonly covariance: readonly (readonly [number, number, number])[];
  /** `Σ ((y − fit)/σ)²` at the optimum. */
  readonly chi2: number;
  /** Degrees of freedom `n − 3` (0 when the fit interpolates three points exactly). */
  readonly dof: number;
  /** The standard deviations actually used (after the guard against `σ = 0`). */
  readonly sigmas: readonly number[];
}

/**
 * The standard deviations to weight with: each `σ_i` raised to at least `minSigma`; then a
 * remaining `σ_i = 0` is replaced by the smallest positive finite `σ` (or by 1 when there is
 * none), so that no point gets an infinite weight. `σ_i = Infinity` gives the point weight 0.
 */
function guardSigmas(sigmas: readonly number[], minSigma: number): number[] {
  const raised = sigmas.map((s) => Math.max(s, minSigma));
  const positive = raised.filter((s) => s > 0 && Number.isFinite(s));
  const fallback = positive.length > 0 ? Math.min(...positive) : 1;
  return raised.map((s) => (s > 0 ? s : fallback));
}

/** Inverse of a symmetric positive-definite 3 × 3 matrix by cofactors; throws when singular. */
function invert3(m: number[][]): [number, number, number][] {
  const a = (i: number, j: number): number => (m[i] as number[])[j] as number;
  const c00 = a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1);
  const c01 = a(1, 2) * a(2, 0) - a(1, 0) * a(2, 2);
  const c02 = a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0);
  const det = a(0, 0) * c00 + a(0, 1) * c01 + a(0, 2) * c02;
  const scale = Math.abs(a(0, 0) * a(1, 1) * a(2, 2)) || 1;
  if (!(Math.abs(det) > 1e-14 * scale)) {
    throw new RangeError('the quadratic fit is singular: it needs at least three distinct x values with finite sigmas');
  }
  const inv = (v: number): number => v / det;
  return [
    [inv(c00), inv(a(0, 2) * a(2, 1) - a(0, 1) * a(2, 2)), inv(a(0, 1) * a(1, 2) - a(0, 2) * a(1, 1))],
    [inv(c01), inv(a(0, 0) * a(2, 2) - a(0, 2) * a(2, 0)), inv(a(0, 2) * a(1, 0) - a(0, 0) * a(1, 2))],
    [inv(c02), inv(a(0, 1) * a(2, 0) - a(0, 0) * a(2, 1)), inv(a(0, 0) * a(1, 1) - a(0, 1) * a(1, 0))],
  ];
}

/**
 * Weighted least-squares fit of `y = c0 + c1·x + c2·x²` with weights `1/σ_i²` (Fig. 1 bottom of
 * the paper: "quadratic fits in 1/N", with `x = 1/N`). The point errors are treated as known
 * standard deviations: the covariance is `(XᵀWX)⁻¹`, not rescaled by `χ²/dof`. With exactly three
 * points the quadratic interpolates them and this covariance is exactly the propagation of the
 * three point errors through the interpolation. `σ = 0` is guarded (see `minSigma`): a zero
 * error is raised to `minSigma`, else replaced by the smallest positive error of the other points;
 * `σ = Infinity` gives a point no weight.
 * Throws a `RangeError` with fewer than three points, mismatched lengths, non-finite values or
 * fewer than three distinct `x` among the points of finite `σ`.
 */
export function quadraticFit(
  xs: readonly number[],
  ys: readonly number[],
  sigmas: readonly number[],
  options: { readonly minSigma?: number | undefined } = {},
): QuadraticFit {
  const n = xs.length;
  if (n < 3) throw new RangeError(`a quadratic fit needs at least 3 points, got ${n}`);
  if (ys.length !== n || sigmas.length !== n) {
    throw new RangeError(`xs, ys and sigmas must have the same length, got ${n}, ${ys.length}, ${sigmas.length}`);
  }
  for (const [name, list] of [
    ['xs', xs],
    ['ys', ys],
  ] as const) {
    if (!list.every(Number.isFinite)) throw new RangeError(`${name} must be finite numbers, got ${list.join(', ')}`);
  }
  if (!sigmas.every((s) => s >= 0)) throw new RangeError(`sigmas must be ≥ 0, got ${sigmas.join(', ')}`);
  const used = guardSigmas(sigmas, options.minSigma ?? 0);
  // Fit in u = x/s (s = max |x|) for conditioning, then map back: c_k = a_k/s^k.
  const s = Math.max(...xs.map(Math.abs)) || 1;
  const normal = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const rhs = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = (xs[i] as number) / s;
    const w = 1 / (used[i] as number) ** 2;
    const basis = [1, x, x * x];
    for (let a = 0; a < 3; a++) {
      rhs[a] = (rhs[a] as number) + w * (basis[a] as number) * (ys[i] as number);
      for (let b = 0; b < 3; b++) {
        const rowA = normal[a] as number[];
        rowA[b] = (rowA[b] as number) + w * (basis[a] as number) * (basis[b] as number);
      }
    }
  }
  const scaledCovariance = invert3(normal);
  const scale = [1, 1 / s, 1 / (s * s)] as const;
  const coefficients = scaledCovariance.map(
    (rowC, k) => (rowC[0] * (rhs[0] as number) + rowC[1] * (rhs[1] as number) + rowC[2] * (rhs[2] as number)) * scale[k as 0 | 1 | 2],
  ) as [number, number, number];
  const covariance = scaledCovariance.map((rowC, a) => rowC.map((value, b) => value * scale[a as 0 | 1 | 2] * scale[b as 0 | 1 | 2])) as [
    number,
    number,
    number,
  ][];
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const r = ((ys[i] as number) - (coefficients[0] + coefficients[1] * x + coefficients[2] * x * x)) / (used[i] as number);
    chi2 += r * r;
  }
  return { coefficients, covariance, chi2, dof: n - 3, sigmas: used };
}

/** Two-sided 95% normal quantile used for confidence intervals. */
export const Z95 = 1.959963984540054;
