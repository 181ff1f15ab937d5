import { gaussianLaw } from '@dam/ensembles';
import { alpha1, alphaCLowerBound, logGrid } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { fig3 } from './fig3.js';
import { renderSvg } from './render-svg.js';
import { checkPng, draw, expectLine, linePoints, markGroup, normaliseSvg } from './test-helpers.js';

describe('fig3', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(fig3))).toMatchFileSnapshot('__snapshots__/fig3.svg');
  });

  it('draws α_1 and α_c^lb of the Gaussian ensemble, saturating at 1/2 and log 2 / 4', () => {
    const svg = draw(fig3);
    const grid = logGrid(0.1, 10, 200);
    expectLine(
      svg,
      'alpha1',
      grid.map((l) => [l, alpha1(gaussianLaw, l)]),
    );
    expectLine(
      svg,
      'alphaCLowerBound',
      grid.map((l) => [l, alphaCLowerBound(gaussianLaw, l)]),
    );
    // 1e-4 in α is ~0.05 px here.
    expect(linePoints(svg, 'alpha1').at(-1)?.[1]).toBeCloseTo(0.5, 4);
    expect(linePoints(svg, 'alphaCLowerBound').at(-1)?.[1]).toBeCloseTo(Math.log(2) / 4, 4);
    // The two reference lines sit at 1/2 and log 2 / 4.
    const y = svg.scale('y');
    const rules = [...svg.querySelectorAll('[aria-description=reference] line')].map((line) => y.invert(Number(line.getAttribute('y1'))));
    expect(rules).toHaveLength(2);
    expect(rules[0]).toBeCloseTo(0.5, 4);
    expect(rules[1]).toBeCloseTo(Math.log(2) / 4, 4);
    expect(markGroup(svg, 'typical-pattern region')).toBeDefined();
  });

  it('renders to a PNG with text', () => {
    checkPng('fig3', renderSvg(fig3));
  });
});
