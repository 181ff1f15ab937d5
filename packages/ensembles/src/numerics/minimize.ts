const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** The minimum found by {@link minimizeOnInterval}: where and how low. */
export interface Minimum {
  readonly x: number;
  readonly value: number;
}

/**
 * Global minimum of `f` on `[lower, upper]`: a scan over `gridPoints` equally spaced points,
 * then golden-section refinement between the neighbours of the best point. Robust to kinks and
 * jumps (it only compares values); exact for functions unimodal between grid neighbours.
 * Returns the lowest value seen at any evaluation.
 */
export function minimizeOnInterval(f: (x: number) => number, lower: number, upper: number, gridPoints = 48, xTolerance = 1e-13): Minimum {
  let best: Minimum = { x: lower, value: f(lower) };
  const consider = (x: number): number => {
    const value = f(x);
    if (value < best.value) best = { x, value };
    return value;
  };
  if (upper <= lower) return best;
  const h = (upper - lower) / (gridPoints - 1);
  let bestIndex = 0;
  for (let i = 1; i < gridPoints; i++) {
    const before = best.value;
    consider(i === gridPoints - 1 ? upper : lower + i * h);
    if (best.value < before) bestIndex = i;
  }
  let a = lower + Math.max(0, bestIndex - 1) * h;
  let b = Math.min(upper, lower + (bestIndex + 1) * h);
  let x1 = b - INV_PHI * (b - a);
  let x2 = a + INV_PHI * (b - a);
  let f1 = consider(x1);
  let f2 = consider(x2);
  while (b - a > xTolerance * (1 + Math.abs(a) + Math.abs(b))) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - INV_PHI * (b - a);
      f1 = consider(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + INV_PHI * (b - a);
      f2 = consider(x2);
    }
  }
  return best;
}
