import { gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { lambdaHalfFiniteSize } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { bisectionResolution, bisectionSettings, lambdaHalf } from '../experiments/lambda-half.js';

// The derived finite-size law of @dam/theory against the order-statistics mode up to N = 3200.
// The law drops O(1/N²) terms: against the finite-N one-dimensional map they are ≈ 6.5/N²
// (theory's finite-size.test.ts), and the spherical data of the methods page sit at 7–9/N². So a
// measured λ_1/2 must be within 20/N² plus one bisection width (the critical λs are the brackets'
// midpoints) of the law. At these N the critical λs of a spherical realisation agree to far below
// the width (the bulk's relative fluctuations are e^{−0.08N}), so two realisations suffice.
describe('the finite-size law against order-statistics runs', () => {
  it('spherical, α = 0.2, N = 400, 1600, 3200: within 20/N² + one bisection width', { timeout: 300_000 }, async () => {
    const width = bisectionResolution(bisectionSettings({ patterns: 'order-statistics' }));
    for (const N of [400, 1600, 3200]) {
      const run = await lambdaHalf({ ensemble: 'spherical', N, alpha: 0.2, samples: 2, seed: 4, patterns: 'order-statistics' });
      const law = lambdaHalfFiniteSize(sphericalLaw, 0.2, N);
      expect(Math.abs(run.lambdaHalf - law)).toBeLessThan(20 / N ** 2 + width);
    }
  });

  it('Gaussian, α = 0.2, N = 1600: the median of 16 realisations within 3 standard errors of the law', { timeout: 300_000 }, async () => {
    // Each realisation's critical λ follows ‖ξ¹‖²/N (χ²_N: spread √(2/N) λ(1 − λ/2)/Δ′ ≈ 0.009 in λ),
    // so the median has a bootstrap error; the law puts it at the median norm N − 2/3.
    const run = await lambdaHalf({ ensemble: 'gaussian', N: 1600, alpha: 0.2, samples: 16, seed: 4, patterns: 'order-statistics' });
    const law = lambdaHalfFiniteSize(gaussianLaw, 0.2, 1600);
    expect(Math.abs(run.lambdaHalf - law)).toBeLessThan(3 * run.stderr);
  });

  it('bisects to 1e-5 by default in this mode only', () => {
    expect(bisectionSettings({ patterns: 'order-statistics' }).tolerance).toBe(1e-5);
    expect(bisectionSettings({}).tolerance).toBe(1e-3);
    expect(bisectionSettings({ patterns: 'streaming' }).tolerance).toBe(1e-3);
  });
});
