import { sphericalLaw } from '@dam/ensembles';
import { describe, expect, it } from 'vitest';
import { renderSvg } from './render-svg.js';
import { scaledRegime, scaledThresholdAtN } from './scaled-regime.js';
import { checkPng, draw, expectLine, linePoints, normaliseSvg } from './test-helpers.js';

describe('scaledRegime', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(scaledRegime))).toMatchFileSnapshot('__snapshots__/scaled-regime.svg');
  });

  it('draws the limit α̃ = λ̃ and finite-N curves approaching it from below', () => {
    const svg = draw(scaledRegime);
    const grid = Array.from({ length: 120 }, (_, i) => 0.01 + ((4 - 0.01) * i) / 119);
    expectLine(
      svg,
      'limit',
      grid.map((lt) => [lt, lt]),
    );
    const gaps = [10, 100, 1000, 1e4].map((N) => {
      expectLine(
        svg,
        `N ${N}`,
        grid.map((lt) => [lt, scaledThresholdAtN(sphericalLaw, lt, 0.5, N)]),
      );
      const [lt, at] = linePoints(svg, `N ${N}`).at(-1) as [number, number];
      return lt - at;
    });
    // The gap to the limit at λ̃ = 4 shrinks with N (like N^{-a}).
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1] as number);
    expect(gaps.at(-1)).toBeLessThan(0.15);
  });

  it('rejects a ∉ (0, 1)', () => {
    expect(() => draw(scaledRegime, { a: 1 })).toThrow(RangeError);
  });

  it('renders to a PNG with text', () => {
    checkPng('scaled-regime', renderSvg(scaledRegime));
  });
});
