/**
 * Derivative of a smooth `f` at `x` by the five-point central stencil
 * `(−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h`, truncation error `O(h⁴)`, with
 * `h = 1e-3·max(1, |x|)`: about 1e-12 relative for the analytic laws of this package.
 */
export function derivative(f: (x: number) => number, x: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(x));
  return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
}
