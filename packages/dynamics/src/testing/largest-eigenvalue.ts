// Test oracle: the float64 JavaScript twin of certificates.wat `eigenBound` (same operations, same order),
// against which the WebAssembly bound is tested bit for bit.

/** In-place Cholesky of the n × n row-major matrix (lower triangle); false at a non-positive pivot. */
function choleskySucceeds(a: Float64Array, n: number): boolean {
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

/** `CertificateKernel.largestEigenvalueBound` (power iteration, then Rump's Cholesky criterion) in JavaScript. */
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
