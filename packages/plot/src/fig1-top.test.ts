import { sphericalLaw } from '@dam/ensembles';
import { alpha1, alphaStar, logGrid, ramsauerLowerBound } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { fig1Top } from './fig1-top.js';
import { renderSvg } from './render-svg.js';
import { checkPng, draw, expectLine, linePoints, normaliseSvg } from './test-helpers.js';

describe('fig1Top', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(fig1Top))).toMatchFileSnapshot('__snapshots__/fig1-top.svg');
  });

  it('draws α_1, α_* and the Ramsauer bound of @dam/theory on λ ∈ [0.1, 1000]', () => {
    const svg = draw(fig1Top);
    const grid = logGrid(0.1, 1000, 200);
    for (const [name, theory] of [
      ['alpha1', (l: number) => alpha1(sphericalLaw, l)],
      ['alphaStar', (l: number) => alphaStar(sphericalLaw, l)],
      ['ramsauer', ramsauerLowerBound],
    ] as const) {
      expectLine(
        svg,
        name,
        grid.map((l) => [l, theory(l)]),
      );
    }
  });

  it('puts α_* and the Ramsauer bound below α_1 = α_c (the caption of Fig. 1)', () => {
    const svg = draw(fig1Top);
    const a1 = linePoints(svg, 'alpha1');
    for (const name of ['alphaStar', 'ramsauer']) {
      for (const [i, [, alpha]] of linePoints(svg, name).entries()) expect(alpha).toBeLessThan(a1[i]?.[1] as number);
    }
  });

  it('is one self-contained SVG with its title, legend and log λ axis', () => {
    const svg = draw(fig1Top, { width: 600, height: 400 });
    expect(svg.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('width')).toBe('600');
    expect(svg.getAttribute('font-family')).toMatch(/^DejaVu Sans/);
    expect(svg.querySelector('[aria-label=title]')?.textContent).toBe('Spherical patterns: phase diagram (Fig. 1, top)');
    expect(svg.querySelector('[aria-label=legend]')?.textContent).toContain('lower bound of Ramsauer et al.');
    expect(svg.scale('x').apply(10) - svg.scale('x').apply(1)).toBeCloseTo(svg.scale('x').apply(100) - svg.scale('x').apply(10), 9);
    expect(draw(fig1Top, { title: null }).querySelector('[aria-label=title]')).toBeNull();
  });

  it('renders to a PNG with text', () => {
    checkPng('fig1-top', renderSvg(fig1Top));
  });
});
