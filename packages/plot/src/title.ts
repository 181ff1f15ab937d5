import type { RenderFunction } from '@observablehq/plot';
import { setRichText } from './rich-text.js';
import { TITLE_FONT_SIZE } from './style.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Space (px) above the frame that a title needs. */
export const TITLE_MARGIN = 34;

/** A Plot render-function mark drawing `title` (with sub/superscripts) at the top left of the SVG. */
export function titleMark(title: string): RenderFunction {
  return (_index, _scales, _values, dimensions, context) => {
    const text = context.document.createElementNS(SVG_NS, 'text');
    text.setAttribute('aria-label', 'title');
    text.setAttribute('x', String(Math.min(dimensions.marginLeft, 16)));
    text.setAttribute('y', String(TITLE_FONT_SIZE + 6));
    text.setAttribute('font-size', String(TITLE_FONT_SIZE));
    text.setAttribute('font-weight', 'bold');
    text.setAttribute('text-anchor', 'start');
    text.setAttribute('fill', '#111111');
    setRichText(text, title, TITLE_FONT_SIZE);
    return text as unknown as SVGElement;
  };
}
