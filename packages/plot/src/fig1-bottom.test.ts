import { sphericalLaw } from '@dam/ensembles';
import { lambdaC, lambdaHalfFiniteSize } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { type Fig1BottomOptions, fig1Bottom, spacedTicks } from './fig1-bottom.js';
import { renderSvg } from './render-svg.js';
import { fakeScan } from './test-fixtures.js';
import { checkPng, draw, expectLine, markGroup, normaliseSvg } from './test-helpers.js';

// Made-up scans (see test-fixtures.ts): the figure is tested, not the simulation.
const scans = [fakeScan(0.1), fakeScan(0.2), fakeScan(0.3)];
const figure = (options: Parameters<typeof fig1Bottom>[1]) => fig1Bottom(scans, options);

describe('fig1Bottom', () => {
  it('matches the SVG snapshot', async () => {
    await expect(normaliseSvg(renderSvg(figure))).toMatchFileSnapshot('__snapshots__/fig1-bottom.svg');
  });

  it('puts each λ_1/2 at 1/N with its error bar, the fit in 1/N, and λ_c(α) of the theory', () => {
    const svg = draw(figure);
    const x = svg.scale('x');
    const y = svg.scale('y');
    for (const scan of scans) {
      const dots = [...markGroup(svg, `lambdaHalf ${scan.alpha}`).querySelectorAll('circle')];
      expect(dots).toHaveLength(scan.points.length);
      dots.forEach((dot, i) => {
        const point = scan.points[i] as (typeof scan.points)[number];
        expect(x.invert(Number(dot.getAttribute('cx')))).toBeCloseTo(1 / point.N, 9);
        expect(y.invert(Number(dot.getAttribute('cy')))).toBeCloseTo(point.lambdaHalf, 9);
      });
      const bars = [...markGroup(svg, `stderr ${scan.alpha}`).querySelectorAll('line')];
      bars.forEach((bar, i) => {
        const point = scan.points[i] as (typeof scan.points)[number];
        const span = Math.abs(y.invert(Number(bar.getAttribute('y1'))) - y.invert(Number(bar.getAttribute('y2'))));
        expect(span).toBeCloseTo(2 * point.stderr, 9);
      });
      const [c0, c1, c2] = scan.fitQuadratic.coefficients;
      // The fit is drawn from N = ∞ (1/N = 0) to the smallest N, on 81 points.
      const us = Array.from({ length: 81 }, (_, k) => (k / 80) * (1 / 20));
      expectLine(
        svg,
        `fit ${scan.alpha}`,
        us.map((u) => [u, c0 + c1 * u + c2 * u * u]),
      );
      const rule = markGroup(svg, `lambdaC ${scan.alpha}`).querySelector('line');
      expect(y.invert(Number(rule?.getAttribute('y1')))).toBeCloseTo(lambdaC(sphericalLaw, scan.alpha), 9);
    }
  });

  it('draws a censored size as a hollow triangle at its bound, without error bar, pointing away from the range', () => {
    const scan = fakeScan(0.2);
    const censored = {
      ...scan,
      points: [
        { ...scan.points[0], lambdaHalf: 0.6, stderr: Number.NaN, censored: 'above' as const },
        ...scan.points.slice(1, -1),
        { ...scan.points.at(-1), lambdaHalf: 0.01, stderr: Number.NaN, censored: 'below' as const },
      ] as typeof scan.points,
    };
    const svg = draw((o: Fig1BottomOptions) => fig1Bottom([censored], o));
    expect(markGroup(svg, 'lambdaHalf 0.2').querySelectorAll('circle')).toHaveLength(scan.points.length - 2);
    expect(markGroup(svg, 'stderr 0.2').querySelectorAll('line')).toHaveLength(scan.points.length - 2);
    const triangles = [...markGroup(svg, 'censored 0.2').querySelectorAll('path')];
    expect(triangles).toHaveLength(2);
    const y = svg.scale('y');
    const at = (path: Element) => Number(/translate\([^,]+,([^)]+)\)/.exec(path.getAttribute('transform') ?? '')?.[1]);
    expect(triangles.map((path) => y.invert(at(path)))).toEqual([expect.closeTo(0.6, 9), expect.closeTo(0.01, 9)]);
    expect(triangles.map((path) => /rotate\(180\)/.test(path.getAttribute('transform') ?? ''))).toEqual([false, true]);
    expect(svg.textContent).toContain('censored at the λ range');
  });

  it('can use an N axis', () => {
    const svg = draw((o: Fig1BottomOptions) => fig1Bottom(scans, { ...o, x: 'N' }));
    const dot = markGroup(svg, 'lambdaHalf 0.2').querySelector('circle');
    expect(svg.scale('x').invert(Number(dot?.getAttribute('cx')))).toBeCloseTo(20, 9);
    expect(svg.querySelector('[aria-description^="lambdaInf"]')).toBeNull();
  });

  it("draws the derived finite-size law with curve: 'finite-size', and needs each scan's fit for it", () => {
    const base = fakeScan(0.2, [100, 200, 400, 800]);
    const limit = lambdaC(sphericalLaw, 0.2);
    const scan = {
      ...base,
      fit: { lambdaInf: limit + 1e-4, ci: [limit, limit + 2e-4] as const, coefficients: [limit + 1e-4, -7] as const },
    };
    const svg = draw((o: Fig1BottomOptions) => fig1Bottom([scan], { ...o, curve: 'finite-size' }));
    const us = Array.from({ length: 81 }, (_, k) => (k / 80) * (1 / 100));
    expectLine(
      svg,
      'fit 0.2',
      us.map((u) => [u, limit + 1e-4 - 7 * u * u + (u === 0 ? 0 : lambdaHalfFiniteSize(sphericalLaw, 0.2, 1 / u) - limit)]),
    );
    const extrapolated = markGroup(svg, 'lambdaInf 0.2').querySelector('circle');
    expect(svg.scale('y').invert(Number(extrapolated?.getAttribute('cy')))).toBeCloseTo(limit + 1e-4, 9);
    expect(svg.textContent).toContain('finite-size law');
    expect(() => draw((o: Fig1BottomOptions) => fig1Bottom([base], { ...o, curve: 'finite-size' }))).toThrow(/needs each scan's fit/);
  });

  it('needs at least one scan', () => {
    expect(() => draw((o: Fig1BottomOptions) => fig1Bottom([], o))).toThrow(RangeError);
  });

  it('renders to a PNG with text', () => {
    checkPng('fig1-bottom', renderSvg(figure));
  });
});

describe('spacedTicks', () => {
  it('keeps the smallest N and drops ticks closer than ~26 px to a kept one', () => {
    const us = [20, 25, 30, 35, 40, 45, 50, 60, 70, 80].map((N) => 1 / N);
    const span = (1 / 20) * 1.13;
    const kept = spacedTicks(us, span, 640);
    const gap = (26 / 560) * span;
    expect(kept.at(-1)).toBe(1 / 20);
    for (let i = 1; i < kept.length; i++) expect((kept[i] as number) - (kept[i - 1] as number)).toBeGreaterThanOrEqual(gap);
    expect(kept.length).toBeLessThan(us.length);
    // Every dropped tick is within the gap of a kept one.
    for (const u of us) expect(kept.some((k) => Math.abs(k - u) < gap) || kept.includes(u)).toBe(true);
  });
});
