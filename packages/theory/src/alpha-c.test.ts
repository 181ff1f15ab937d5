import { binaryLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { alphaCLowerBound, rateA } from './alpha-c.js';
import { alpha1 } from './alpha1.js';
import { close } from './test-helpers.js';

/**
 * α_c^lb straight from Eqs. (11)–(12): A(α, λ) as a minimum over a dense grid of norms, then
 * bisection on the sign of A − α. Shares no code with alphaCLowerBound beyond φ and the law.
 */
function bruteForceAlphaC(lambda: number, rs: readonly number[]): number {
  let low = 0;
  let high = alpha1(gaussianLaw, lambda);
  for (let i = 0; i < 40; i++) {
    const mid = 0.5 * (low + high);
    if (rateA(gaussianLaw, mid, lambda, rs) - mid > 0) low = mid;
    else high = mid;
  }
  return low;
}

describe('α_c^lb(λ), Eqs. (10)–(12)', () => {
  it('equals α_1 for spherical patterns at every λ (paper: α_c = α_c^lb = α_1)', () => {
    for (const lambda of [0.01, 0.3, 1, 4, 100, 1e5]) {
      expect(alphaCLowerBound(sphericalLaw, lambda)).toBe(alpha1(sphericalLaw, lambda));
    }
  });

  it('equals α_1 for binary patterns: a near-copy of ξ^1 never beats it (overlap ≤ 1)', () => {
    for (const lambda of [0.05, 1, 30]) expect(alphaCLowerBound(binaryLaw, lambda)).toBe(alpha1(binaryLaw, lambda));
  });

  it('gaussian: saturates at log 2 / 4 (paper) — from λ ≈ 0.7009 on (α_1 only from λ = 1)', () => {
    for (const lambda of [0.702, 1, 1.5, 10, 1e3, 1e6]) {
      expect(close(alphaCLowerBound(gaussianLaw, lambda), Math.LN2 / 4, 1e-10)).toBe(true);
    }
  });

  it('gaussian: below saturation at λ = 0.7 (the corner a(r) = Ĩ(r) still lies below log 2 / 4)', () => {
    expect(alphaCLowerBound(gaussianLaw, 0.7)).toBeLessThan(Math.LN2 / 4 - 5e-5);
  });

  it('gaussian: a strict gap α_c^lb < α_1 at every λ (paper, Sec. V.B)', () => {
    for (let k = -30; k <= 20; k++) {
      const lambda = 10 ** (k / 10);
      expect(alphaCLowerBound(gaussianLaw, lambda)).toBeLessThan(alpha1(gaussianLaw, lambda) * (1 - 1e-3));
    }
  });

  it('gaussian: agrees with the direct evaluation of Eqs. (11)–(12) on a dense norm grid', () => {
    // Grid spacing 2.5e-4 in r; near the minimiser the bound varies at slope O(1) (a kink) or
    // quadratically, so the grid minimum is within ~3e-4 of the true infimum.
    const rs = Array.from({ length: 8001 }, (_, i) => 0.3 + i * 2.5e-4);
    // 0.646–0.70: the minimum is a narrow V at the corner a(r) = Ĩ(r), which a coarse grid missed.
    for (const lambda of [0.05, 0.2, 0.5, 0.646, 0.66, 0.68, 0.8, 0.95, 2]) {
      const brute = bruteForceAlphaC(lambda, rs);
      expect(Math.abs(alphaCLowerBound(gaussianLaw, lambda) - brute)).toBeLessThan(3e-4);
    }
  });
});
