import { checkLambda } from './validate.js';

/**
 * Principal branch `W_0(x)` of the Lambert W function (`w e^w = x`) for `x ≥ −1/e`, by Halley's
 * iteration from a log-based or branch-point start; accurate to a few ulps.
 */
export function lambertW0(x: number): number {
  if (!(x >= -1 / Math.E)) throw new RangeError(`lambertW0 needs x ≥ −1/e, got ${String(x)}`);
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return x;
  let w: number;
  if (x < 1) {
    const p = Math.sqrt(2 * (Math.E * x + 1));
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else {
    const l = Math.log(x);
    w = l - Math.log(l + 1) * (l > 1 ? 1 : 0.5);
  }
  for (let i = 0; i < 64; i++) {
    const ew = Math.exp(w);
    const f = w * ew - x;
    const step = f / (ew * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    w -= step;
    if (Math.abs(step) <= 4 * Number.EPSILON * (1 + Math.abs(w))) break;
  }
  return w;
}

/** The pieces of Theorem 3 of Ramsauer et al. (2021) at finite N, see {@link ramsauerCapacity}. */
export interface RamsauerCapacity {
  /** `c = b / W_0(exp(a + log b))`. */
  readonly c: number;
  /** Guaranteed `log P / N`: `(log √p + ((N − 1)/4) log c) / N` (−∞ if the theorem does not apply). */
  readonly alpha: number;
  /** Whether the theorem's condition `c ≥ (2/√p)^{4/(N−1)}` holds. */
  readonly applies: boolean;
}

/**
 * Theorem 3 of Ramsauer et al., "Hopfield networks is all you need" (ICLR 2021): with
 * probability `1 − p`, `P ≥ √p c^{(d−1)/4}` random patterns on the sphere of radius
 * `M = K√(d−1)` are stored, where `a = 2(1 + log(2βK²p(d−1)))/(d−1)`, `b = 2K²β/5`,
 * `c = b/W_0(exp(a + log b))`, provided `c ≥ (2/√p)^{4/(d−1)}`.
 * Mapping to Eq. (1): `d = N`, and rescaling patterns and state by `M/√N` turns their update
 * `softmax(β Xᵀξ)` into ours with `λ = βK²(N−1)/N`, so `βK² = λN/(N−1)`.
 * (Check: β = 1, K = 3, d = 20, p = 0.001 gives their c ≈ 3.1546.)
 */
export function ramsauerCapacity(lambda: number, N: number, p: number): RamsauerCapacity {
  checkLambda(lambda);
  if (!(Number.isInteger(N) && N >= 2)) throw new RangeError(`N must be an integer ≥ 2, got ${String(N)}`);
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1], got ${String(p)}`);
  const betaK2 = (lambda * N) / (N - 1);
  const a = (2 / (N - 1)) * (1 + Math.log(2 * betaK2 * p * (N - 1)));
  const b = (2 * betaK2) / 5;
  const c = b / lambertW0(Math.exp(a + Math.log(b)));
  const applies = c >= (2 / Math.sqrt(p)) ** (4 / (N - 1));
  const alpha = applies ? (0.5 * Math.log(p) + ((N - 1) / 4) * Math.log(c)) / N : Number.NEGATIVE_INFINITY;
  return { c, alpha, applies };
}

/**
 * Ramsauer et al.'s rigorous capacity bound extrapolated to large N (the dashed line of
 * Fig. 1): as `N → ∞` at fixed λ and p, `a → 0` and the condition becomes `c ≥ 1`, so
 * `log P / N → ¼ log c` with `c = b/W_0(b) = e^{W_0(b)}`, `b = 2λ/5`:
 * `α_R(λ) = W_0(2λ/5) / 4`. It grows like `¼ log λ`, half the rate of `α_c ≈ ½ log λ`.
 */
export function ramsauerLowerBound(lambda: number): number {
  checkLambda(lambda);
  return lambertW0((2 * lambda) / 5) / 4;
}
