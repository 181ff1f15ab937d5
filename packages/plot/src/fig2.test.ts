import { sphericalLaw } from '@dam/ensembles';
import { cMax, lambdaC, lambdaStar, thetaC } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { fig2, fig2Data, thetaCCurve } from './fig2.js';
import { renderSvg } from './render-svg.js';
import { checkPng, draw, expectLine, markGroup, normaliseSvg } from './test-helpers.js';

const deg = (radians: number): number => (radians * 180) / Math.PI;

describe('thetaCCurve', () => {
  it('starts at θ_c = 0 at λ_c(α), follows thetaC, and freezes at θ_* = acos c_max from λ_*(α)', () => {
    for (const alpha of [0.1, 0.5, 1]) {
      const curve = thetaCCurve(sphericalLaw, alpha, 100, 80);
      expect(curve[0]).toEqual({ alpha, lambda: lambdaC(sphericalLaw, alpha), thetaC: 0 });
      const star = lambdaStar(sphericalLaw, alpha);
      expect(curve.some((p) => p.lambda === star)).toBe(true);
      const frozen = deg(Math.acos(cMax(sphericalLaw, alpha)));
      for (const p of curve.slice(1)) {
        expect(p.thetaC).toBeCloseTo(deg(thetaC(sphericalLaw, alpha, p.lambda) as number), 12);
        // Non-decreasing in λ; equal to θ_* (to 1e-6 degrees, root-finding accuracy) beyond λ_*.
        if (p.lambda >= star) expect(p.thetaC).toBeCloseTo(frozen, 6);
      }
      for (let i = 1; i < curve.length; i++)
        expect((curve[i] as { thetaC: number }).thetaC).toBeGreaterThanOrEqual((curve[i - 1] as { thetaC: number }).thetaC - 1e-9);
    }
  });

  it('is empty when λ_c(α) is beyond the range', () => {
    expect(thetaCCurve(sphericalLaw, 1, 2, 10)).toEqual([]);
  });
});

describe('fig2', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(fig2))).toMatchFileSnapshot('__snapshots__/fig2.svg');
  });

  it('draws one θ_c curve per α starting at λ_c(α), with λ_c and λ_* marked', () => {
    const svg = draw(fig2, { alphas: [0.2, 0.5] });
    for (const alpha of [0.2, 0.5]) {
      const curve = thetaCCurve(sphericalLaw, alpha, 100, 160);
      expect(curve[0]?.lambda).toBe(lambdaC(sphericalLaw, alpha));
      expectLine(
        svg,
        `thetaC ${alpha}`,
        curve.map((p) => [p.lambda, p.thetaC]),
      );
      const x = svg.scale('x');
      const star = markGroup(svg, `lambdaStar ${alpha}`).querySelector('path');
      const translate = /translate\(([\d.]+),/.exec(star?.getAttribute('transform') ?? '');
      expect(Math.abs(Number(translate?.[1]) - x.apply(lambdaStar(sphericalLaw, alpha)))).toBeLessThan(0.002);
    }
    expect(svg.querySelectorAll('[aria-description^="thetaC "]')).toHaveLength(2);
  });

  it('rejects a bad λ range', () => {
    expect(() => draw(fig2, { lambdaRange: [1, 0.5] })).toThrow(RangeError);
  });

  it('renders to a PNG with text', () => {
    checkPng('fig2', renderSvg(fig2));
  });

  it('fig2Data: each curve starts where the basin opens (λ_c) and ends frozen at the nearest-pattern angle θ_*', () => {
    const { alphas, curves, markers } = fig2Data();
    expect(alphas).toEqual([0.1, 0.2, 0.3, 0.5, 1]);
    alphas.forEach((alpha, i) => {
      const curve = curves[i] ?? [];
      const marker = markers[i];
      expect(marker?.alpha).toBe(alpha);
      // Above λ_*(α) the REM is condensed and cos θ_c = c_max(α) (Section IV): the last point, at λ = 100.
      if ((marker?.lambdaStar ?? Number.POSITIVE_INFINITY) < 100)
        expect(curve.at(-1)?.thetaC).toBeCloseTo(marker?.thetaStarDegrees ?? Number.NaN, 9);
      // θ_c = 0 at λ_c(α) and positive above it: the first point sits at λ_c (when inside the λ range).
      if ((marker?.lambdaC ?? 0) >= 0.05) expect(curve[0]?.lambda).toBeCloseTo(marker?.lambdaC ?? Number.NaN, 9);
    });
  });
});
