import { renderSvg, svgToPng } from '@dam/plot/node';
import { type FigureFormat, type FigureFunction, figureFormat, PNG_WIDTH } from './figure-format.js';
import { writeOutput } from './files.js';

/** Renders `figure` to SVG text (server-side DOM) and, for PNG, rasterises it with the bundled font. */
export function renderFigure(figure: FigureFunction, format: FigureFormat): string | Uint8Array {
  const svg = renderSvg(figure);
  return format === 'svg' ? svg : svgToPng(svg, { width: PNG_WIDTH });
}

/**
 * One SVG holding `svgs` stacked top to bottom (each keeps its own coordinates, as a nested `<svg>`
 * at its offset): e.g. Fig. 1, top and bottom panels.
 */
export function stackSvgs(svgs: readonly string[]): string {
  let offset = 0;
  let width = 0;
  const panels = svgs.map((svg) => {
    const open = /^<svg\b[^>]*>/.exec(svg.trim());
    const w = Number(/\bwidth="([\d.]+)"/.exec(open?.[0] ?? '')?.[1]);
    const h = Number(/\bheight="([\d.]+)"/.exec(open?.[0] ?? '')?.[1]);
    if (open === null || !(w > 0 && h > 0)) throw new Error('stackSvgs: each figure must be an <svg> with numeric width and height');
    const panel = svg.trim().replace(/^<svg\b/, `<svg x="0" y="${offset}"`);
    offset += h;
    width = Math.max(width, w);
    return panel;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${offset}" viewBox="0 0 ${width} ${offset}">${panels.join('')}</svg>\n`;
}

/** Writes `figure` to `path` (format from the extension), atomically; `shown` is the path as the user gave it. */
export function writeFigure(path: string, figure: FigureFunction, shown = path): void {
  writeOutput('--out', path, shown, renderFigure(figure, figureFormat('--out', path)));
}
