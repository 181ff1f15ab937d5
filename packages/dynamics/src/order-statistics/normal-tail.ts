/** `log(2π)/2`. */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** `log φ(x)`, the standard normal density. */
export function logNormalDensity(x: number): number {
  return -0.5 * x * x - HALF_LOG_2PI;
}

/**
 * `log Q(x)`, `Q(x) = P(g > x)` for a standard normal `g`, to about 1e-14 relative for every `x`:
 * for `x ≥ 3` from the Mills ratio `Q = φ(x)·R(x)` by its continued fraction
 * `R = 1/(x + 1/(x + 2/(x + 3/(x + …))))` (Lentz), for `|x| < 3` from the series of `erf` with
 * positive terms `erf z = (2/√π) e^{−z²} Σ 2ⁿ z^{2n+1}/(2n+1)!!` (`z = x/√2`), and for `x ≤ −3`
 * as `log(1 − Q(−x))`.
 */
export function logNormalUpperTail(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 3) return logNormalDensity(x) + Math.log(millsRatio(x));
  if (x <= -3) return Math.log1p(-Math.exp(logNormalUpperTail(-x)));
  const z = x / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * z * z) / (2 * n + 1);
    sum += term;
  }
  const erf = (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z) * sum;
  return Math.log(0.5) + Math.log1p(-erf);
}

/** `R(x) = Q(x)/φ(x)` for `x ≥ 3` by the continued fraction `1/(x + 1/(x + 2/(x + …)))` (modified Lentz). */
function millsRatio(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    d = x + k * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + k / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/**
 * The `x` with `log Q(x) = logQ` (and `log(1 − Q(x)) = log1mQ`, the same number given on its other
 * side so that both tails keep their precision): for `logQ ≤ log ½` Newton's method on
 * `log Q(x) − logQ` (slope `−φ(x)/Q(x)`, concave in `x`, so the iterates from the left approach the
 * root monotonically) from the asymptotic `√(−2 logQ − log(−4π logQ))`; for the lower half,
 * `−x` of the mirrored tail.
 */
export function inverseNormalUpperTail(logQ: number, log1mQ: number): number {
  if (logQ > log1mQ) return -inverseNormalUpperTail(log1mQ, logQ);
  if (logQ === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  const t = -2 * logQ;
  let x = t > 2 ? Math.sqrt(Math.max(0, t - Math.log(2 * Math.PI * t))) : 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    const value = logNormalUpperTail(x);
    const slope = -Math.exp(logNormalDensity(x) - value);
    const step = (value - logQ) / slope;
    // Never step left of 0 (the root is ≥ 0 here): halve towards it instead.
    const next = x - step < 0 ? x / 2 : x - step;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
