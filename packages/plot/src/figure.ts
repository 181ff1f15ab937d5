import * as Plot from '@observablehq/plot';
import { belowLegendHeight, type LegendItem, type LegendPosition, legend } from './legend.js';
import { checkPositive, type FigureOptions, resolveDocument } from './options.js';
import { applyRichText } from './rich-text.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, FONT_SIZE, FONT_STACK } from './style.js';
import { TITLE_MARGIN, titleMark } from './title.js';

/** What a figure function hands to {@link plotFigure}: Plot options plus title and legend. */
export interface FigureSpec extends Omit<Plot.PlotOptions, 'document' | 'width' | 'height' | 'title' | 'marks'> {
  readonly marks: readonly Plot.Markish[];
  /** Title used when the caller does not give `options.title`. */
  readonly defaultTitle: string;
  /** Legend entries (drawn inside the frame, as SVG). */
  readonly legend?: readonly LegendItem[] | undefined;
  readonly legendPosition?: LegendPosition | undefined;
  /** Height used when the caller does not give `options.height`. */
  readonly defaultHeight?: number | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Axis defaults: label centred along the axis, no arrow, a light grid. */
function axis(scale: Plot.ScaleOptions | undefined, labelOffset: number): Plot.ScaleOptions {
  return { labelAnchor: 'center', labelArrow: 'none', labelOffset, grid: true, ...scale };
}

/**
 * Draws `spec` with Observable Plot into `options.document` and returns one self-contained
 * `<svg>` (xmlns set, title and legend as SVG, DejaVu Sans, sub/superscripts as `<tspan>`s):
 * the common back end of every figure.
 */
export function plotFigure(spec: FigureSpec, options: FigureOptions): SVGSVGElement {
  const document = resolveDocument(options);
  const width = checkPositive('width', options.width ?? DEFAULT_WIDTH);
  const height = checkPositive('height', options.height ?? spec.defaultHeight ?? DEFAULT_HEIGHT);
  const title = options.title === undefined ? spec.defaultTitle : options.title;
  const { defaultTitle: _title, legend: items, legendPosition, defaultHeight: _height, marks, ...plotOptions } = spec;
  const margins = {
    marginTop: title ? TITLE_MARGIN + 12 : 16,
    marginRight: 24,
    marginBottom: 46,
    marginLeft: 66,
    ...plotOptions,
  };
  // A legend below the plot takes its rows out of the bottom margin's growth.
  const below = legendPosition === 'below' && items ? belowLegendHeight(items, width - margins.marginLeft - margins.marginRight) : 0;
  const element = Plot.plot({
    ...margins,
    marginBottom: margins.marginBottom + below,
    x: axis(spec.x, 38),
    y: axis(spec.y, 50),
    document,
    width,
    height,
    marks: [...marks, items && items.length > 0 ? legend(items, legendPosition) : null, title ? titleMark(title) : null],
  });
  if (element.tagName.toLowerCase() !== 'svg') {
    throw new Error(`internal: Observable Plot returned a <${element.tagName}>, expected an <svg>`);
  }
  const svg = element as unknown as SVGSVGElement;
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('font-family', FONT_STACK);
  svg.setAttribute('font-size', String(FONT_SIZE));
  applyRichText(svg, FONT_SIZE);
  return svg;
}
