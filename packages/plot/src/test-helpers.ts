// Helpers for the figure tests (not part of the package's API).
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createDocument } from './dom.js';
import { rasterize, svgToPng } from './png.js';

const ROUNDED = /-?\d*\.?\d+(?:e[-+]?\d+)?/gi;

/** `value` rounded to 2 decimals, without a trailing `.00` or a negative zero. */
function round2(text: string): string {
  const value = Math.round(Number(text) * 100) / 100;
  return String(Object.is(value, -0) ? 0 : value);
}

/**
 * SVG markup made stable for snapshots, as Observable Plot's own tests do: every number in an
 * attribute (d, transform, x, y, points, …) rounded to 2 decimals; Plot's per-process clip ids
 * renumbered from 1; a line break before each element (outside `<text>`) for readable diffs.
 */
export function normaliseSvg(svg: string): string {
  const ids = new Map<string, string>();
  return svg
    .replace(/plot-clip-\d+/g, (id) => {
      if (!ids.has(id)) ids.set(id, `plot-clip-${ids.size + 1}`);
      return ids.get(id) as string;
    })
    .replace(/(\s[\w:-]+)="([^"]*)"/g, (_all, name: string, value: string) =>
      /^(class|font-family|aria-label|aria-description|xmlns|fill|stroke|id|clip-path)$/.test(name.trim())
        ? `${name}="${value}"`
        : `${name}="${value.replace(ROUNDED, round2)}"`,
    )
    .replace(/><(?=\/?(g|path|text|rect|line|circle|style|defs|clipPath)\b)/g, '>\n<');
}

/** The (x, y) vertices of an SVG path `d` made of M/L commands (Plot's linear lines and areas). */
export function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/gi)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** A figure drawn in a fresh server-side document. */
export function draw<F extends (options: never) => SVGSVGElement>(
  figure: F,
  options?: Omit<NonNullable<Parameters<F>[0]>, 'document'>,
): SVGSVGElement & { scale: (name: string) => { apply: (value: number) => number; invert: (value: number) => number } } {
  return figure({ ...options, document: createDocument() } as never) as never;
}

/** The group Plot made for the mark with `ariaDescription: description`. */
export function markGroup(svg: Element, description: string): Element {
  const group = svg.querySelector(`[aria-description="${description}"]`);
  if (group === null) throw new Error(`no mark described as "${description}"`);
  return group;
}

/**
 * Checks that the line mark described as `description` passes through `expected` (data
 * coordinates), vertex by vertex, to 0.002 px: Plot writes path coordinates with 3 decimals.
 */
export function expectLine(svg: ReturnType<typeof draw>, description: string, expected: readonly (readonly [number, number])[]): void {
  const path = markGroup(svg, description).querySelector('path');
  const pixels = pathPoints(path?.getAttribute('d') ?? '');
  expect(pixels).toHaveLength(expected.length);
  const x = svg.scale('x');
  const y = svg.scale('y');
  pixels.forEach(([px, py], i) => {
    const [ex, ey] = expected[i] as readonly [number, number];
    expect(Math.abs(px - x.apply(ex))).toBeLessThan(0.002);
    expect(Math.abs(py - y.apply(ey))).toBeLessThan(0.002);
  });
}

/** The data-space points of the line mark described as `description` (to drawing precision). */
export function linePoints(svg: ReturnType<typeof draw>, description: string): [number, number][] {
  const path = markGroup(svg, description).querySelector('path');
  const transform = path?.getAttribute('transform') ?? '';
  if (transform !== '') throw new Error(`unexpected transform ${transform}`);
  const x = svg.scale('x');
  const y = svg.scale('y');
  return pathPoints(path?.getAttribute('d') ?? '').map(([px, py]) => [x.invert(px), y.invert(py)]);
}

/** Number of pixels darker than mid grey in an RGBA buffer. */
export function darkPixels(pixels: Uint8Array | Buffer): number {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const luminance = 0.299 * (pixels[i] as number) + 0.587 * (pixels[i + 1] as number) + 0.114 * (pixels[i + 2] as number);
    if (luminance < 128 && (pixels[i + 3] as number) > 128) dark++;
  }
  return dark;
}

/**
 * Checks the PNG rendering of `svg` at `width` px (signature, IHDR size, not blank, text drawn
 * with the shipped font: removing every `<text>` must remove many dark pixels) and writes it to
 * `test-output/<name>.png` for a person to look at.
 */
export function checkPng(name: string, svg: string, width = 600): void {
  const png = svgToPng(svg, { width });
  expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
  expect(view.getUint32(16)).toBe(width);
  const height = view.getUint32(20);
  const rendered = rasterize(svg, { width });
  expect(rendered.height).toBe(height);
  const withText = darkPixels(rendered.pixels);
  const withoutText = darkPixels(rasterize(svg.replace(/<text[\s\S]*?<\/text>/g, ''), { width }).pixels);
  const total = width * height;
  expect(withText).toBeGreaterThan(total * 0.01); // not blank: axes, curves, text
  expect(withText - withoutText).toBeGreaterThan(total * 0.004); // the text is drawn (font found)
  const dir = new URL('../test-output/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.png`, dir), png);
  writeFileSync(new URL(`${name}.svg`, dir), svg);
}
