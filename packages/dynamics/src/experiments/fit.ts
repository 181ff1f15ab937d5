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

/** Result of {@link linearFit}. */
export interface LinearFit {
  /** `c` of `y ≈ Σ_k c_k·f_k`. */
  readonly coefficients: readonly number[];
  /** Covariance of the coefficients, `(XᵀWX)⁻¹` with `W = diag(1/σ²)`. */
  readonly covariance: readonly (readonly number[])[];
  /** `Σ ((y − fit)/σ)²` at the optimum. */
  readonly chi2: number;
  /** Degrees of freedom `n − k`. */
  readonly dof: number;
  /** The standard deviations actually used (after the guard against `σ = 0`). */
  readonly sigmas: readonly number[];
}

/** Inverse of a symmetric positive-definite matrix by Gauss–Jordan with partial pivoting; throws when singular. */
function invertSymmetric(m: readonly (readonly number[])[], what: string): number[][] {
  const k = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...m.map((row, i) => Math.abs(row[i] as number))) || 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let row = col + 1; row < k; row++) {
      if (Math.abs((a[row] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = row;
    }
    const pivotRow = a[pivot] as number[];
    if (!(Math.abs(pivotRow[col] as number) > 1e-14 * scale)) {
      throw new RangeError(`the ${what} is singular: it needs at least ${k} distinct x values with finite sigmas`);
    }
    [a[col], a[pivot]] = [pivotRow, a[col] as number[]];
    const current = a[col] as number[];
    const p = current[col] as number;
    for (let j = 0; j < 2 * k; j++) current[j] = (current[j] as number) / p;
    for (let row = 0; row < k; row++) {
      if (row === col) continue;
      const target = a[row] as number[];
      const factor = target[col] as number;
      for (let j = 0; j < 2 * k; j++) target[j] = (target[j] as number) - factor * (current[j] as number);
    }
  }
  return a.map((row) => row.slice(k));
}

/**
 * Weighted least squares `y ≈ Σ_k c_k·f_k(point)` with weights `1/σ_i²`: `design[i]` lists the basis
 * values `f_k` at point `i`. The point errors are treated as known standard deviations: the
 * covariance is `(XᵀWX)⁻¹`, not rescaled by `χ²/dof`. `σ = 0` is guarded (see `minSigma`): a zero
 * error is raised to `minSigma`, else replaced by the smallest positive error of the other points;
 * `σ = Infinity` gives a point no weight. Throws a `RangeError` with fewer points than basis
 * functions, mismatched lengths, non-finite values or a singular system; `what` names the fit in
 * the messages.
 */
export function linearFit(
  design: readonly (readonly number[])[],
  ys: readonly number[],
  sigmas: readonly number[],
  options: { readonly minSigma?: number | undefined; readonly what?: string | undefined } = {},
): LinearFit {
  const what = options.what ?? 'linear fit';
  const n = design.length;
  const k = design[0]?.length ?? 0;
  if (n < k || k === 0) throw new RangeError(`a ${what} needs at least ${k} points, got ${n}`);
  if (ys.length !== n || sigmas.length !== n || !design.every((row) => row.length === k)) {
    throw new RangeError(`xs, ys and sigmas must have the same length, got ${n}, ${ys.length}, ${sigmas.length}`);
  }
  if (!ys.every(Number.isFinite)) throw new RangeError(`ys must be finite numbers, got ${ys.join(', ')}`);
  if (!sigmas.every((s) => s >= 0)) throw new RangeError(`sigmas must be ≥ 0, got ${sigmas.join(', ')}`);
  const used = guardSigmas(sigmas, options.minSigma ?? 0);
  const normal = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rhs = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const basis = design[i] as readonly number[];
    const w = 1 / (used[i] as number) ** 2;
    for (let a = 0; a < k; a++) {
      rhs[a] = (rhs[a] as number) + w * (basis[a] as number) * (ys[i] as number);
      const rowA = normal[a] as number[];
      for (let b = 0; b < k; b++) rowA[b] = (rowA[b] as number) + w * (basis[a] as number) * (basis[b] as number);
    }
  }
  const covariance = invertSymmetric(normal, what);
  const coefficients = covariance.map((row) => row.reduce((sum, value, b) => sum + value * (rhs[b] as number), 0));
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    const basis = design[i] as readonly number[];
    const fitted = coefficients.reduce((sum, c, a) => sum + c * (basis[a] as number), 0);
    chi2 += (((ys[i] as number) - fitted) / (used[i] as number)) ** 2;
  }
  return { coefficients, covariance, chi2, dof: n - k, sigmas: used };
}

/**
 * Weighted least-squares fit of `y = c0 + c1·x + c2·x²` with weights `1/σ_i²` (Fig. 1 bottom of
 * the paper: "quadratic fits in 1/N", with `x = 1/N`): {@link linearFit} with the basis
 * `1, x, x²`. With exactly three points the quadratic interpolates them and the covariance is
 * exactly the propagation of the three point errors through the interpolation.
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
  if (!xs.every(Number.isFinite)) throw new RangeError(`xs must be finite numbers, got ${xs.join(', ')}`);
  // Fit in u = x/s (s = max |x|) for conditioning, then map back: c_k = a_k/s^k.
  const s = Math.max(...xs.map(Math.abs)) || 1;
  const design = xs.map((x) => [1, x / s, (x / s) ** 2]);
  const fit = linearFit(design, ys, sigmas, { minSigma: options.minSigma, what: 'quadratic fit' });
  const scale = [1, 1 / s, 1 / (s * s)];
  const coefficients = fit.coefficients.map((c, k) => c * (scale[k] as number)) as [number, number, number];
  const covariance = fit.covariance.map((row, a) => row.map((value, b) => value * (scale[a] as number) * (scale[b] as number))) as [
    number,
    number,
    number,
  ][];
  return { coefficients, covariance, chi2: fit.chi2, dof: fit.dof, sigmas: fit.sigmas };
}

/** Two-sided 95% normal quantile used for confidence intervals. */
export const Z95 = 1.959963984540054;
