import { sphericalLaw } from '@dam/ensembles';
import { cosThetaC } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { basinsFigure, theoryThetaC } from './basins-figure.js';
import { renderSvg } from './render-svg.js';
import { fakeBasins } from './test-fixtures.js';
import { checkPng, draw, markGroup, normaliseSvg } from './test-helpers.js';

// Made-up basins experiments (see test-fixtures.ts).
const results = [fakeBasins(40, 0.2, 2), fakeBasins(40, 0.5, 5)];
const figure = (options: Parameters<typeof basinsFigure>[1]) => basinsFigure(results, options);

describe('basinsFigure', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(figure))).toMatchFileSnapshot('__snapshots__/basins.svg');
  });

  it('plots the success rates against θ in degrees and the theory θ_c as a vertical line', () => {
    const svg = draw(figure);
    const x = svg.scale('x');
    const y = svg.scale('y');
    results.forEach((result, i) => {
      const dots = [...markGroup(svg, `rate ${i}`).querySelectorAll('circle')];
      dots.forEach((dot, k) => {
        const point = result.points[k] as (typeof result.points)[number];
        expect(x.invert(Number(dot.getAttribute('cx')))).toBeCloseTo((point.theta * 180) / Math.PI, 9);
        expect(y.invert(Number(dot.getAttribute('cy')))).toBeCloseTo(point.rate, 9);
      });
      const theory = Math.acos(cosThetaC(sphericalLaw, result.alpha, result.lambda) as number);
      const rule = markGroup(svg, `theory ${i}`).querySelector('line');
      expect(x.invert(Number(rule?.getAttribute('x1')))).toBeCloseTo((theory * 180) / Math.PI, 9);
    });
    expect(svg.querySelector('[aria-label=legend]')?.textContent).toContain('cos θc = ');
  });

  it('computes the theory θ_c from ensemble, α and λ, and none without a basin', () => {
    const t = theoryThetaC({ ensemble: 'spherical', alpha: 0.2, lambda: 2 });
    expect(t?.cos).toBe(cosThetaC(sphericalLaw, 0.2, 2));
    expect(theoryThetaC({ ensemble: 'spherical', alpha: 2, lambda: 1 })).toBeUndefined();
  });

  it('renders to a PNG with text', () => {
    checkPng('basins', renderSvg(figure));
  });
});
