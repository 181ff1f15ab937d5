/**
 * Special functions of the order-statistics mode (spherical patterns): the upper tail of the
 * overlap `c = ξ^1·ξ^μ/N` of two independent uniform patterns of the sphere `‖ξ‖² = N`, whose
 * density is `f(c) = (1 − c²)^{(N−3)/2} / B(½, (N−1)/2)` on `[−1, 1]`, and the spherical moment
 * generating function `M_d(κ) = E_u[e^{κ u·v}] = ₀F₁(; d/2; κ²/4)` of a uniform unit vector `u` of
 * `R^d` along a unit vector `v`. Everything is computed in log space, so that tail probabilities
 * such as `e^{−40}` keep full relative precision.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** `log Γ(x)` for `x > 0` (Lanczos, g = 7, n = 9: relative error ≲ 1e-15 of `Γ`, absolute ≲ 1e-14 here). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${String(x)}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0] as number;
  const t = y + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** `log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b)`. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * The continued fraction of the regularised incomplete beta function (modified Lentz), so that
 * `I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · cf`; converges fast for `x < (a + 1)/(a + b + 2)`.
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return h;
  }
  throw new RangeError(`incomplete beta continued fraction did not converge (x = ${x}, a = ${a}, b = ${b})`);
}

/**
 * `log I_x(a, b)` (regularised incomplete beta) by the continued fraction, for
 * `x < (a + 1)/(a + b + 2)`; `log1mx = log(1 − x)` is passed separately for precision.
 */
function logIncompleteBetaCf(x: number, log1mx: number, a: number, b: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  return a * Math.log(x) + b * log1mx - Math.log(a) - logBeta(a, b) + Math.log(betaContinuedFraction(x, a, b));
}

/** `log f(c)`, the log density of the overlap `c` of two uniform spherical patterns in dimension `N`. */
export function logOverlapDensity(c: number, N: number): number {
  if (!(c > -1 && c < 1)) return N === 3 && Math.abs(c) === 1 ? -logBeta(0.5, 1) : Number.NEGATIVE_INFINITY;
  return 0.5 * (N - 3) * Math.log1p(-c * c) - logBeta(0.5, 0.5 * (N - 1));
}

/**
 * `log Q(c)`, `Q(c) = P(c_μ > c)` for the overlap of two uniform spherical patterns in dimension
 * `N ≥ 2`: for `c > 0`, `Q(c) = ½ I_{1−c²}((N−1)/2, ½)` (the squared overlap is Beta(½, (N−1)/2)),
 * evaluated by the continued fraction in log space where it converges (`c² > 1/(N+2)`), and as
 * `½(1 − I_{c²}(½, (N−1)/2))` near `c = 0`; for `c < 0`, `Q(c) = 1 − Q(−c)`.
 */
export function logUpperTail(c: number, N: number): number {
  if (c >= 1) return Number.NEGATIVE_INFINITY;
  if (c <= -1) return 0;
  const a = 0.5 * (N - 1);
  if (c < 0) return Math.log1p(-Math.exp(logUpperTail(-c, N)));
  const c2 = c * c;
  if (c2 * (N + 2) > 1) {
    const x = (1 - c) * (1 + c);
    return -Math.LN2 + logIncompleteBetaCf(x, Math.log(c2), a, 0.5);
  }
  const inner = Math.exp(logIncompleteBetaCf(c2, Math.log1p(-c2), 0.5, a));
  return -Math.LN2 + Math.log1p(-inner);
}

/**
 * The inverse of {@link logUpperTail}: the `c` with `Q(c) = q`, given `log q` and `log(1 − q)`
 * (either may carry the precision: tiny tails by `logQ`, `q` near 1 by `log1mQ`). Safeguarded
 * Newton on `log Q` (derivative `−f(c)/Q(c)`) inside a bisection bracket, to `|Δc| ≤ 4e-16`.
 */
export function inverseUpperTail(logQ: number, log1mQ: number, N: number): number {
  if (logQ === Number.NEGATIVE_INFINITY) return 1;
  if (log1mQ === Number.NEGATIVE_INFINITY) return -1;
  // Q(c) = q > ½ ⇔ Q(−c) = 1 − q < ½: solve on the positive side.
  if (logQ > -Math.LN2) return -inverseUpperTail(log1mQ, logQ, N);
  let lo = 0;
  let hi = 1;
  // Start from the Gaussian approximation c ≈ z/√N with a tail of q.
  let c = Math.min(0.999, Math.sqrt(Math.max(0, -2 * logQ) / Math.max(1, N - 1)));
  for (let iteration = 0; iteration < 200; iteration++) {
    const value = logUpperTail(c, N) - logQ;
    if (value > 0) lo = c;
    else hi = c;
    if (value === 0 || hi - lo <= 4e-16) return c;
    const slope = -Math.exp(logOverlapDensity(c, N) - logUpperTail(c, N));
    let next = c - value / slope;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = 0.5 * (lo + hi);
    if (Math.abs(next - c) <= 2e-16 * Math.max(1, Math.abs(c))) return next;
    c = next;
  }
  return c;
}

/** `log M_d(κ)` and the ratio `M_d'(κ)/M_d(κ)` (see {@link logSphereMgf}). */
export interface SphereMgf {
  /** `log ₀F₁(; d/2; κ²/4)`. */
  readonly log: number;
  /** `M_d'(κ)/M_d(κ) = E[u·v e^{κu·v}]/E[e^{κu·v}]`, in `[0, 1)` for `κ ≥ 0`. */
  readonly ratio: number;
}

const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/**
 * The moment generating function of the projection `t = u·v` of a uniform unit vector of `R^d` on
 * a fixed unit vector: `M_d(κ) = E[e^{κt}] = ₀F₁(; d/2; κ²/4) = Σ_k (κ²/4)^k / (k! (d/2)_k)`, and
 * `M_d'(κ) = (κ/d) ₀F₁(; d/2 + 1; κ²/4) = (κ/2) Σ_k t_k/(d/2 + k)` from the same terms `t_k`.
 * The series is summed from `k = 0` with rescaling (log space) until the terms past the peak fall
 * below `1e-17` of the sum: exact to rounding for any `κ ≥ 0`, in `O(κ)` terms at large `κ`.
 */
export function logSphereMgf(kappa: number, d: number): SphereMgf {
  if (!(kappa >= 0)) throw new RangeError(`kappa must be ≥ 0, got ${String(kappa)}`);
  if (kappa === 0) return { log: 0, ratio: 0 };
  const b = 0.5 * d;
  const z = 0.25 * kappa * kappa;
  let term = 1;
  let sum = 1;
  let sumShifted = 1 / b;
  let logScale = 0;
  for (let k = 0; k < 10_000_000; k++) {
    term *= z / ((k + 1) * (b + k));
    sum += term;
    sumShifted += term / (b + k + 1);
    if (sum > RESCALE) {
      term /= RESCALE;
      sum /= RESCALE;
      sumShifted /= RESCALE;
      logScale += LOG_RESCALE;
    }
    if ((k + 1) * (b + k) > z && term < 1e-17 * sum) break;
  }
  return { log: logScale + Math.log(sum), ratio: 0.5 * kappa * (sumShifted / sum) };
}
