import { logGrid } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { binaryPhaseDiagram } from './binary-phase-diagram.js';
import { renderSvg } from './render-svg.js';
import { checkPng, draw, expectLine, linePoints, normaliseSvg } from './test-helpers.js';

describe('binaryPhaseDiagram', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(binaryPhaseDiagram))).toMatchFileSnapshot('__snapshots__/binary-phase-diagram.svg');
  });

  it('draws α_1 = λ − log cosh λ, one curve α_1 = α_c, tending to log 2', () => {
    const svg = draw(binaryPhaseDiagram);
    // λ − log cosh λ in closed form (the theory's value agrees to far below a pixel).
    expectLine(
      svg,
      'alpha1',
      logGrid(0.1, 100, 200).map((l) => [l, l - Math.log(Math.cosh(l))]),
    );
    expect(linePoints(svg, 'alpha1').at(-1)?.[1]).toBeCloseTo(Math.log(2), 4);
    expect(svg.querySelector('[aria-description=alphaCLowerBound]')).toBeNull();
    expect(svg.querySelector('[aria-label=legend]')?.textContent).toContain('α1 = αc');
  });

  it('renders to a PNG with text', () => {
    checkPng('binary-phase-diagram', renderSvg(binaryPhaseDiagram));
  });
});
