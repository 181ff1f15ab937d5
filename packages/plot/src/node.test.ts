import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fig1Top } from './fig1-top.js';
import { createDocument, fontFiles, renderSvg, svgToPng, toSvgString } from './node.js';

describe('@dam/plot/node', () => {
  it('ships the DejaVu Sans font files', () => {
    const files = fontFiles();
    expect(files).toHaveLength(3);
    for (const file of files) expect(existsSync(file)).toBe(true);
  });

  it('serialises a figure as a standalone SVG', () => {
    const svg = toSvgString(fig1Top({ document: createDocument() }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<(div|figure|h2|span)\b/);
    const ids = (text: string): string => text.replace(/plot-clip-\d+/g, 'plot-clip');
    expect(ids(renderSvg(fig1Top))).toBe(ids(svg)); // the same figure either way
  });

  it('needs a document outside the browser', () => {
    expect(() => fig1Top()).toThrow(/no document/);
  });

  it('validates the PNG width and makes a transparent background on request', () => {
    const svg = renderSvg(fig1Top, { width: 300, height: 200 });
    expect(() => svgToPng(svg, { width: 0 })).toThrow(RangeError);
    expect(svgToPng(svg).length).toBeGreaterThan(1000);
    expect(svgToPng(svg, { background: null }).length).toBeGreaterThan(1000);
  });
});
