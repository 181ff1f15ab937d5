import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryLaw, logCosh } from './binary.js';
import { gaussianLaw } from './gaussian.js';
import type { EnsembleLaw } from './law.js';
import { completeLaw, legendreTransform, numericalOnly } from './legendre.js';
import { derivative } from './numerics/derivative.js';
import { minimizeOnInterval } from './numerics/minimize.js';
import { sphericalLaw } from './spherical.js';

const laws: readonly EnsembleLaw[] = [sphericalLaw, gaussianLaw, binaryLaw];
const lambdas = [-7, -1.3, -0.2, 0, 1e-4, 0.3, 1, 2.5, 10, 80];
const rhos = [0.5, 1, 1.7];

/** Relative-or-absolute closeness: |a − b| ≤ tol·max(1, |b|). */
function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

describe('spherical law', () => {
  it('ζ_ρ(λ) equals the Laplace-method maximum sup_c [λρc + ½ log(1 − c²)] found numerically', () => {
    // Independent of the closed form: golden-section search on the exponent of the overlap density.
    for (const lambda of lambdas) {
      for (const rho of rhos) {
        const exponent = (c: number): number => -(lambda * rho * c + 0.5 * Math.log(1 - c * c));
        const best = minimizeOnInterval(exponent, -1 + 1e-15, 1 - 1e-15, 2001);
        expect(close(sphericalLaw.zeta(lambda, rho), -best.value, 1e-11)).toBe(true);
      }
    }
  });

  it('ζ̂ is infinite off the support |ε| ≥ ρ and the norm is exactly √N', () => {
    expect(sphericalLaw.zetaHat?.(1.2, 1.2)).toBe(Number.POSITIVE_INFINITY);
    expect(sphericalLaw.zetaHat?.(-2, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(sphericalLaw.normRate(1)).toBe(0);
    expect(sphericalLaw.normRate(1.01)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('gaussian law', () => {
  it('norm rate Ĩ(r) = (r² − 1)/2 − log r has its zero at r = 1 with curvature 2 (Var ‖ξ‖/√N ≈ 1/2N)', () => {
    expect(gaussianLaw.normRate(1)).toBe(0);
    const h = 1e-4;
    const curvature = (gaussianLaw.normRate(1 + h) - 2 * gaussianLaw.normRate(1) + gaussianLaw.normRate(1 - h)) / h ** 2;
    expect(curvature).toBeCloseTo(2, 6);
    expect(gaussianLaw.normRate(0)).toBe(Number.POSITIVE_INFINITY);
    expect(gaussianLaw.normRate(-1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('binary law', () => {
  it('log cosh is stable where cosh overflows', () => {
    expect(logCosh(1000)).toBeCloseTo(1000 - Math.LN2, 12);
    expect(logCosh(-1000)).toBeCloseTo(1000 - Math.LN2, 12);
    expect(logCosh(0.5)).toBeCloseTo(Math.log(Math.cosh(0.5)), 15);
  });

  it('ζ̂ at the corners of the cube is log 2 (one configuration out of 2^N) and infinite beyond', () => {
    expect(binaryLaw.zetaHat?.(1, 1)).toBe(Math.LN2);
    expect(binaryLaw.zetaHat?.(-0.5, 0.5)).toBe(Math.LN2);
    expect(binaryLaw.zetaHat?.(1.0001, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe.each(laws.map((law) => [law.name, law] as const))('%s law: closed forms against the generic numerical path', (_name, law) => {
  const numeric = completeLaw(numericalOnly(law));
  const exact = completeLaw(law);

  it("ζ' agrees with the five-point derivative of ζ to 1e-9", () => {
    for (const lambda of lambdas) {
      for (const rho of rhos) {
        expect(close(numeric.zetaPrime(lambda, rho), exact.zetaPrime(lambda, rho), 1e-9)).toBe(true);
      }
    }
  });

  it('ζ̂ agrees with the numerical Legendre transform to 1e-10', () => {
    for (const rho of rhos) {
      const top = Math.min(law.maxOverlap(rho), 4 * rho);
      for (const fraction of [-0.95, -0.5, -0.1, 0, 0.05, 0.3, 0.7, 0.9, 0.999]) {
        const eps = fraction * top;
        expect(close(numeric.zetaHat(eps, rho), exact.zetaHat(eps, rho), 1e-10)).toBe(true);
      }
    }
  });

  it('Legendre duality: ζ̂(ζ′(λ)) = λζ′(λ) − ζ(λ), ζ̂ ≥ 0, ζ convex (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }), (lambda, rho) => {
        const eps = exact.zetaPrime(lambda, rho);
        const dual = lambda * eps - exact.zeta(lambda, rho);
        const hat = exact.zetaHat(eps, rho);
        // Near the edge of a bounded support ζ̂ is steep (log-divergent): compare relative to its size.
        if (!close(hat, dual, 1e-9 * Math.max(1, Math.abs(lambda)))) return false;
        if (hat < -1e-15) return false;
        const h = 1e-3;
        const second = exact.zeta(lambda + h, rho) - 2 * exact.zeta(lambda, rho) + exact.zeta(lambda - h, rho);
        return second >= -1e-9 * Math.max(1, Math.abs(exact.zeta(lambda, rho)));
      }),
    );
  });
});

describe('legendreTransform', () => {
  it('returns the maximiser and handles a law with no closed form', () => {
    // ζ(λ) = log((e^λ + e^{−λ} + 1)/3): overlaps uniform on {−1, 0, 1}.
    const zeta = (lambda: number): number => Math.log((Math.exp(lambda) + Math.exp(-lambda) + 1) / 3);
    const point = legendreTransform(zeta, 0.4);
    expect(derivative(zeta, point.lambda)).toBeCloseTo(0.4, 10);
    expect(point.value).toBeCloseTo(point.lambda * 0.4 - zeta(point.lambda), 14);
    expect(legendreTransform(zeta, 0).value).toBe(0);
  });
});
