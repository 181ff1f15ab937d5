import { sphericalLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { alpha1, lambdaC } from './alpha1.js';
import { cMax, cosThetaC, psi, thetaC } from './basins.js';
import { epsStar, lambdaStar } from './rem.js';
import { close, LAWS } from './test-helpers.js';

describe('c_max(α): largest root of ψ_α', () => {
  it('is the largest root of ψ_α, which decreases through it', () => {
    for (const law of LAWS) {
      for (const alpha of [0.05, 0.2, 0.5]) {
        const c = cMax(law, alpha);
        expect(Math.abs(psi(law, alpha, c))).toBeLessThan(1e-12);
        expect(psi(law, alpha, c - 1e-6)).toBeGreaterThan(0);
        expect(psi(law, alpha, c + 1e-6)).toBeLessThan(0);
      }
    }
  });

  it('equals ε_*(α), computed independently through λ_*; spherical: √(1 − e^{−2α})', () => {
    for (const law of LAWS) {
      for (const alpha of [0.01, 0.2, 0.6]) expect(close(cMax(law, alpha), epsStar(law, alpha), 1e-12)).toBe(true);
    }
    for (const alpha of [0.01, 0.2, 2]) expect(close(cMax(sphericalLaw, alpha), Math.sqrt(1 - Math.exp(-2 * alpha)), 1e-13)).toBe(true);
  });
});

describe('cos θ_c(α, λ) = φ_{α,1}(λ), Section IV and Fig. 2', () => {
  it('is never below c_max (the nearest pattern is outside the basin)', () => {
    for (const law of LAWS) {
      for (const alpha of [0.05, 0.2, 0.4]) {
        for (const lambda of [0.5, 1, 2, 5, 50]) {
          const cos = cosThetaC(law, alpha, lambda);
          if (cos !== undefined) expect(cos).toBeGreaterThanOrEqual(cMax(law, alpha) - 1e-14);
        }
      }
    }
  });

  it('spherical: three regimes in λ — no basin below λ_c, growing basin up to λ_*, frozen at θ_* beyond', () => {
    for (const alpha of [0.1, 0.2, 0.4]) {
      const lc = lambdaC(sphericalLaw, alpha);
      const ls = lambdaStar(sphericalLaw, alpha);
      expect(lc).toBeLessThan(ls);
      expect(cosThetaC(sphericalLaw, alpha, lc * 0.99)).toBeUndefined();
      let previous = 1;
      for (let i = 1; i < 20; i++) {
        const lambda = lc + ((ls - lc) * i) / 20;
        const cos = cosThetaC(sphericalLaw, alpha, lambda) as number;
        expect(cos).toBeLessThan(previous);
        previous = cos;
      }
      for (const lambda of [ls * 1.01, ls * 3, 1e4]) {
        expect(close(cosThetaC(sphericalLaw, alpha, lambda) as number, cMax(sphericalLaw, alpha), 1e-12)).toBe(true);
      }
    }
  });

  it('decreases with α at fixed λ (basins shrink with the load) and θ_c is its arccosine', () => {
    const lambda = 3;
    let previous = -1;
    for (const alpha of [0.05, 0.2, 0.5, 0.8, 1.05]) {
      expect(alpha).toBeLessThan(alpha1(sphericalLaw, lambda));
      const cos = cosThetaC(sphericalLaw, alpha, lambda) as number;
      expect(cos).toBeGreaterThan(previous);
      previous = cos;
    }
    expect(thetaC(sphericalLaw, 0.2, lambda)).toBeCloseTo(Math.acos(cosThetaC(sphericalLaw, 0.2, lambda) as number), 15);
    expect(thetaC(sphericalLaw, 2, lambda)).toBeUndefined();
  });
});
