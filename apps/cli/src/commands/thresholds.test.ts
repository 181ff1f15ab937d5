import { type EnsembleName, ensembleLaw } from '@dam/ensembles';
import { alpha1, alphaCLowerBound, alphaStar, cMax, cosThetaC, epsStar, lambdaC, lambdaStar, phi, ramsauerLowerBound } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../format/json.js';
import { DEFAULT_LAMBDAS, THRESHOLD_COLUMNS, thresholdRows } from './thresholds.js';

const LAMBDA_KEYS = ['alpha1', 'alphaCLowerBound', 'alphaStar'];
const ALPHA_KEYS = ['lambdaC', 'lambdaStar', 'cMax', 'epsStar'];

describe('thresholdRows: key sets', () => {
  it('λ only: the λ thresholds, plus ramsauerLowerBound for spherical only', () => {
    const [spherical, gaussian] = thresholdRows({ ensembles: ['spherical', 'gaussian'], lambdas: [2] });
    expect(Object.keys(spherical ?? {})).toEqual(['ensemble', 'lambda', ...LAMBDA_KEYS, 'ramsauerLowerBound']);
    expect(Object.keys(gaussian ?? {})).toEqual(['ensemble', 'lambda', ...LAMBDA_KEYS]);
  });

  it('α only: the α thresholds, the same for every ensemble', () => {
    for (const ensemble of ['spherical', 'gaussian', 'binary'] as const) {
      const [row] = thresholdRows({ ensembles: [ensemble], alphas: [0.1] });
      expect(Object.keys(row ?? {})).toEqual(['ensemble', 'alpha', ...ALPHA_KEYS]);
    }
  });

  it('both: everything, plus phi, cosThetaC and retrieved, in the column order', () => {
    const [spherical, gaussian] = thresholdRows({ ensembles: ['spherical', 'gaussian'], lambdas: [2], alphas: [0.1] });
    expect(Object.keys(spherical ?? {})).toEqual([...THRESHOLD_COLUMNS]);
    expect(Object.keys(gaussian ?? {})).toEqual(THRESHOLD_COLUMNS.filter((key) => key !== 'ramsauerLowerBound'));
  });

  it('neither: the default λ grid, with the lambda key', () => {
    const rows = thresholdRows({ ensembles: ['binary'] });
    expect(rows.map((row) => row.lambda)).toEqual(DEFAULT_LAMBDAS);
    expect(rows.every((row) => !('alpha' in row))).toBe(true);
    expect(thresholdRows({ ensembles: ['binary'], lambdas: [], alphas: [] })).toEqual(rows);
  });

  it('orders rows by ensemble, then λ, then α', () => {
    const rows = thresholdRows({ ensembles: ['gaussian', 'spherical'], lambdas: [1, 2], alphas: [0.1, 0.2, 0.3] });
    expect(rows.map((row) => [row.ensemble, row.lambda, row.alpha])).toEqual(
      (['gaussian', 'spherical'] as const).flatMap((e) => [1, 2].flatMap((l) => [0.1, 0.2, 0.3].map((a) => [e, l, a]))),
    );
  });
});

describe('thresholdRows: values are exactly those of @dam/theory', () => {
  it.each<[EnsembleName, number, number]>([
    ['spherical', 0.5, 0.1],
    ['spherical', 10, 1.2],
    ['gaussian', 2, 0.1],
    ['gaussian', 0.3, 0.05],
    ['binary', 1, 0.3],
    ['binary', 5, 0],
  ])('%s at λ = %d, α = %d', (ensemble, lambda, alpha) => {
    const law = ensembleLaw(ensemble);
    const [row] = thresholdRows({ ensembles: [ensemble], lambdas: [lambda], alphas: [alpha] });
    const a1 = alpha1(law, lambda);
    expect(row).toEqual({
      ensemble,
      lambda,
      alpha,
      alpha1: a1,
      alphaCLowerBound: alphaCLowerBound(law, lambda),
      alphaStar: alphaStar(law, lambda),
      ...(ensemble === 'spherical' ? { ramsauerLowerBound: ramsauerLowerBound(lambda) } : {}),
      lambdaC: lambdaC(law, alpha),
      lambdaStar: lambdaStar(law, alpha),
      cMax: cMax(law, alpha),
      epsStar: epsStar(law, alpha),
      phi: phi(law, alpha, lambda),
      cosThetaC: cosThetaC(law, alpha, lambda),
      retrieved: true,
    });
    expect(alpha).toBeLessThan(a1);
  });
});

describe('thresholdRows: retrieval', () => {
  it('retrieved is false and cosThetaC absent where α ≥ α_1(λ), true and present below', () => {
    const law = ensembleLaw('gaussian');
    // Gaussian α_1(λ) = λ − λ²/2 for λ < 1 and ½ for λ ≥ 1.
    const rows = thresholdRows({ ensembles: ['gaussian'], lambdas: [2], alphas: [0.49, 0.5, 0.8] });
    expect(rows.map((row) => row.retrieved)).toEqual([true, false, false]);
    expect(rows.map((row) => 'cosThetaC' in row)).toEqual([true, false, false]);
    for (const row of rows) {
      expect(row.retrieved).toBe((row.alpha ?? Number.NaN) < alpha1(law, 2));
      expect(row.phi).toBe(phi(law, row.alpha ?? Number.NaN, 2));
    }
  });

  it('spherical: α just above α_1(λ) is not retrieved', () => {
    const a1 = alpha1(ensembleLaw('spherical'), 1);
    const [below, at, above] = thresholdRows({ ensembles: ['spherical'], lambdas: [1], alphas: [a1 * 0.99, a1, a1 * 1.01] });
    expect([below?.retrieved, at?.retrieved, above?.retrieved]).toEqual([true, false, false]);
    expect(above?.cosThetaC).toBeUndefined();
  });
});

describe('thresholdRows: infinities', () => {
  it('Gaussian λ_c(α) is Infinity for α ≥ ½ and JSON prints it as null', () => {
    const rows = thresholdRows({ ensembles: ['gaussian'], alphas: [0.5, 0.7] });
    expect(rows.map((row) => row.lambdaC)).toEqual([Infinity, Infinity]);
    const json = JSON.parse(formatJson(rows)) as Record<string, unknown>[];
    expect(json.map((row) => row.lambdaC)).toEqual([null, null]);
  });

  it('binary λ_*(α) is Infinity for every α ≥ log 2 (no condensation above the entropy of the cube)', () => {
    const rows = thresholdRows({ ensembles: ['binary'], alphas: [Math.LN2, 0.7, 1] });
    expect(rows.map((row) => row.lambdaStar)).toEqual([Infinity, Infinity, Infinity]);
    expect(JSON.parse(formatJson(rows))).toMatchObject([{ lambdaStar: null }, { lambdaStar: null }, { lambdaStar: null }]);
  });
});

describe('thresholdRows: validation', () => {
  it('throws RangeErrors naming the parameter', () => {
    expect(() => thresholdRows({ ensembles: ['spherical'], lambdas: [0] })).toThrow(RangeError);
    expect(() => thresholdRows({ ensembles: ['spherical'], alphas: [-1] })).toThrow(/alpha must be/);
    expect(() => thresholdRows({ ensembles: ['cubic' as EnsembleName] })).toThrow(/ensemble must be one of/);
  });
});
