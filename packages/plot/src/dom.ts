import { parseHTML } from 'linkedom';

/**
 * A server-side DOM `Document` (linkedom) to pass as `options.document` to a figure function
 * in Node, where there is no `window.document`.
 */
export function createDocument(): Document {
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  return document as unknown as Document;
}

/**
 * The markup of a figure element as a standalone SVG file: one `<svg>` root with its `xmlns`
 * (added if missing), openable in a browser and renderable by resvg.
 */
export function toSvgString(element: Element): string {
  if (element.tagName.toLowerCase() !== 'svg') {
    throw new TypeError(`toSvgString needs an <svg> element, got <${element.tagName}>`);
  }
  if (!element.hasAttribute('xmlns')) element.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `${element.outerHTML}\n`;
}
