import { binaryLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { alpha1, alphaCLowerBound, logGrid } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { ensemblesPhaseDiagram } from './ensembles-phase-diagram.js';
import { renderSvg } from './render-svg.js';
import { checkPng, draw, expectLine, normaliseSvg } from './test-helpers.js';

describe('ensemblesPhaseDiagram', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(ensemblesPhaseDiagram))).toMatchFileSnapshot('__snapshots__/ensembles-phase-diagram.svg');
  });

  it('draws α_1 of every ensemble, and α_c^lb only where it differs (Gaussian)', () => {
    const svg = draw(ensemblesPhaseDiagram);
    const grid = logGrid(0.1, 100, 200);
    for (const law of [sphericalLaw, gaussianLaw, binaryLaw]) {
      expectLine(
        svg,
        `alpha1 ${law.name}`,
        grid.map((l) => [l, alpha1(law, l)]),
      );
    }
    expectLine(
      svg,
      'alphaCLowerBound gaussian',
      grid.map((l) => [l, alphaCLowerBound(gaussianLaw, l)]),
    );
    expect(svg.querySelector('[aria-description="alphaCLowerBound spherical"]')).toBeNull();
    expect(svg.querySelector('[aria-description="alphaCLowerBound binary"]')).toBeNull();
  });

  it('renders to a PNG with text', () => {
    checkPng('ensembles-phase-diagram', renderSvg(ensemblesPhaseDiagram));
  });
});
