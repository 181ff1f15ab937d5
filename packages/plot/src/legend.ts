import type { RenderFunction } from '@observablehq/plot';
import { setRichText } from './rich-text.js';
import { FONT_SIZE } from './style.js';
import { textWidth } from './text-width.js';

/** Line styles of curves, as SVG `stroke-dasharray` values. */
export const DASH = { solid: undefined, dashed: '8,5', dotted: '1.5,3.5' } as const;

/** How a line is drawn: solid, dashed or dotted. */
export type LineStyle = keyof typeof DASH;

/** One entry of a legend: a swatch (line, marker, area or combination) and its label. */
export interface LegendItem {
  /** Label, with `_{…}`/`^{…}` sub/superscripts. */
  readonly label: string;
  readonly color: string;
  /** Draw a line of this style in the swatch. */
  readonly line?: LineStyle | undefined;
  /** Draw a marker: filled dot, hollow circle, filled diamond, hollow triangle, or a dot with an error bar. */
  readonly marker?: 'dot' | 'circle' | 'diamond' | 'triangle' | 'errorbar' | undefined;
  /** Draw a filled rectangle (a shaded region) of this opacity. */
  readonly area?: number | undefined;
}

/**
 * Where the legend sits: in a corner of the plot frame (a boxed column), or `'below'` the plot
 * (items flowing in rows under the x axis, for figures whose data may fill every corner).
 */
export type LegendPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'below';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SWATCH = 28;
const PADDING = 7;
const GAP = 22;
const ROW = Math.round(FONT_SIZE * 1.5);

/** Where each item goes (its top-left corner inside the legend) and the legend's size. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly at: readonly { readonly x: number; readonly y: number }[];
}

/** One column (`maxWidth` undefined) or rows of items flowing within `maxWidth` px. */
function layout(items: readonly LegendItem[], maxWidth: number | undefined): Layout {
  const widths = items.map((item) => SWATCH + 8 + textWidth(item.label, FONT_SIZE));
  const at: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let width = 0;
  widths.forEach((w) => {
    if (maxWidth !== undefined && x > 0 && x + w > maxWidth) {
      x = 0;
      y += ROW;
    }
    at.push({ x, y });
    width = Math.max(width, x + w);
    x = maxWidth === undefined ? 0 : x + w + GAP;
    if (maxWidth === undefined) y += ROW;
  });
  const rows = maxWidth === undefined ? items.length : items.length === 0 ? 0 : y / ROW + 1;
  return { width: Math.ceil(width), height: rows * ROW, at };
}

/** Height in px that a `'below'` legend of `items` takes in a frame `frameWidth` px wide. */
export function belowLegendHeight(items: readonly LegendItem[], frameWidth: number): number {
  return items.length === 0 ? 0 : layout(items, frameWidth).height + 6;
}

/**
 * A Plot render-function mark drawing `items` as a legend box inside a corner of the frame, or
 * in rows below the plot — plain SVG (no HTML), so it survives serialisation and rasterisation by resvg.
 */
export function legend(items: readonly LegendItem[], position: LegendPosition = 'top-left'): RenderFunction {
  return (_index, _scales, _values, dimensions, context) => {
    const document = context.document;
    const element = (name: string, attributes: Record<string, string | number | undefined>): SVGElement => {
      const node = document.createElementNS(SVG_NS, name);
      for (const [key, value] of Object.entries(attributes)) {
        if (value !== undefined) node.setAttribute(key, String(value));
      }
      return node;
    };
    const group = element('g', { 'aria-label': 'legend', 'font-size': FONT_SIZE, 'text-anchor': 'start' });
    if (items.length === 0) return group;
    const { width, height, marginLeft, marginRight, marginTop, marginBottom } = dimensions;
    const below = position === 'below';
    const { width: contentWidth, height: contentHeight, at } = layout(items, below ? width - marginLeft - marginRight : undefined);
    const pad = below ? 0 : PADDING;
    const boxWidth = contentWidth + 2 * pad;
    const boxHeight = contentHeight + 2 * pad;
    const inset = 8;
    const x = below || position.endsWith('left') ? marginLeft + (below ? 0 : inset) : width - marginRight - inset - boxWidth;
    const y = below ? height - boxHeight - 4 : position.startsWith('top') ? marginTop + inset : height - marginBottom - inset - boxHeight;
    group.setAttribute('transform', `translate(${x},${y})`);
    if (!below) {
      group.appendChild(
        element('rect', { width: boxWidth, height: boxHeight, fill: 'white', 'fill-opacity': 0.88, stroke: '#bbbbbb', rx: 3 }),
      );
    }
    items.forEach((item, i) => {
      const place = at[i] as { x: number; y: number };
      const cy = pad + place.y + ROW / 2;
      const x0 = pad + place.x;
      const x1 = x0 + SWATCH;
      if (item.area !== undefined) {
        group.appendChild(element('rect', { x: x0, y: cy - 6, width: SWATCH, height: 12, fill: item.color, 'fill-opacity': item.area }));
      }
      if (item.line !== undefined) {
        group.appendChild(
          element('line', {
            x1: x0,
            x2: x1,
            y1: cy,
            y2: cy,
            stroke: item.color,
            'stroke-width': 2,
            'stroke-dasharray': DASH[item.line],
            'stroke-linecap': item.line === 'dotted' ? 'round' : undefined,
          }),
        );
      }
      const mid = (x0 + x1) / 2;
      if (item.marker === 'errorbar') {
        group.appendChild(element('line', { x1: mid, x2: mid, y1: cy - 6, y2: cy + 6, stroke: item.color, 'stroke-width': 1.5 }));
      }
      if (item.marker === 'diamond') {
        group.appendChild(
          element('path', { d: `M${mid},${cy - 5}L${mid + 5},${cy}L${mid},${cy + 5}L${mid - 5},${cy}Z`, fill: item.color }),
        );
      } else if (item.marker === 'triangle') {
        group.appendChild(
          element('path', {
            d: `M${mid},${cy - 5.5}L${mid + 5},${cy + 3.5}L${mid - 5},${cy + 3.5}Z`,
            fill: 'white',
            stroke: item.color,
            'stroke-width': 1.8,
          }),
        );
      } else if (item.marker !== undefined) {
        const hollow = item.marker === 'circle';
        group.appendChild(
          element('circle', {
            cx: mid,
            cy,
            r: 3.5,
            fill: hollow ? 'white' : item.color,
            stroke: item.color,
            'stroke-width': 1.5,
          }),
        );
      }
      const text = element('text', { x: x1 + 8, y: cy, dy: '0.35em', fill: '#222222' });
      setRichText(text, item.label, FONT_SIZE);
      group.appendChild(text);
    });
    return group;
  };
}
