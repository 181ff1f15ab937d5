import { createDocument, toSvgString } from './dom.js';
import type { FigureOptions } from './options.js';

/**
 * Runs a figure function in Node with a fresh server-side document and returns its SVG markup:
 * `renderSvg(fig1Top, { width: 600 })`, or for figures of data `renderSvg((o) => fig1Bottom(scans, o))`.
 */
export function renderSvg<O extends FigureOptions>(figure: (options: O) => Element, options?: Omit<O, 'document'>): string {
  return toSvgString(figure({ ...options, document: createDocument() } as O));
}
