import { binaryLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { alphaCLowerBound } from './alpha-c.js';
import { alphaStar } from './alpha-star.js';
import { alpha1 } from './alpha1.js';
import { lambdaStar } from './rem.js';
import { close, LAWS } from './test-helpers.js';

describe('α_*(λ): REM condensation line', () => {
  it('matches the closed forms ½ log((1 + √(1+4λ²))/2) (spherical) and λ²/2 (Gaussian)', () => {
    for (const lambda of [0.01, 0.5, 1, 7, 300]) {
      expect(close(alphaStar(sphericalLaw, lambda), 0.5 * Math.log((1 + Math.sqrt(1 + 4 * lambda ** 2)) / 2), 1e-12)).toBe(true);
      expect(close(alphaStar(gaussianLaw, lambda), lambda ** 2 / 2, 1e-12)).toBe(true);
    }
  });

  it('is the inverse of λ_*(α)', () => {
    for (const law of LAWS) {
      for (const lambda of [0.2, 1, 3]) expect(close(lambdaStar(law, alphaStar(law, lambda)), lambda, 1e-10)).toBe(true);
    }
  });

  it('spherical: α_* < α_c at every λ — destabilisation always comes from exponentially many patterns (Fig. 1)', () => {
    for (let k = -30; k <= 40; k++) {
      const lambda = 10 ** (k / 10);
      expect(alphaStar(sphericalLaw, lambda)).toBeLessThan(alphaCLowerBound(sphericalLaw, lambda));
    }
  });

  it('gaussian: α_1 < α_* for λ > 1, the static-1RSB phase of Fig. 3 between them', () => {
    for (const lambda of [1.1, 2, 10]) expect(alpha1(gaussianLaw, lambda)).toBeLessThan(alphaStar(gaussianLaw, lambda));
    for (const lambda of [0.2, 0.9]) expect(alphaStar(gaussianLaw, lambda)).toBeLessThan(alpha1(gaussianLaw, lambda));
  });
});

describe('α_* for binary patterns', () => {
  it('increases to log 2 and never exceeds it, even where λ tanh λ − log cosh λ rounds above', () => {
    for (const lambda of [1, 10, 1e4, 1e8]) expect(alphaStar(binaryLaw, lambda)).toBeLessThanOrEqual(Math.LN2);
    expect(alphaStar(binaryLaw, 1e8)).toBeCloseTo(Math.LN2, 12);
  });
});
