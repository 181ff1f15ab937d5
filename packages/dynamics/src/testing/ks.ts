// Test helper: the two-sample Kolmogorov–Smirnov statistic.

/** Two-sample Kolmogorov–Smirnov statistic `sup |F_a − F_b|`. */
export function ksStatistic(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** The `K` largest of `P − 1` overlaps `z_1/‖z‖` of uniform directions of R^N (brute force), decreasing. */
