/**
 * Sub- and superscripts in figure text, written `α_{c}^{lb}` or `λ_{1/2}`: plain SVG `<tspan>`s
 * with a smaller font and a `dy` shift (rendered the same by browsers and by resvg, unlike
 * `baseline-shift`).
 */

/** One run of text at the baseline, lowered (subscript) or raised (superscript). */
export interface RichSegment {
  readonly text: string;
  readonly shift: 'base' | 'sub' | 'sup';
}

/** Size of a sub/superscript relative to the surrounding text. */
export const SCRIPT_SCALE = 0.75;
const OFFSET = { base: 0, sub: 0.3, sup: -0.4 } as const;

/** Splits markup into segments: `_{…}` is a subscript, `^{…}` a superscript, the rest is plain. */
export function parseRichText(markup: string): RichSegment[] {
  const segments: RichSegment[] = [];
  const pattern = /([_^])\{([^{}]*)\}/g;
  let last = 0;
  for (const match of markup.matchAll(pattern)) {
    const at = match.index;
    if (at > last) segments.push({ text: markup.slice(last, at), shift: 'base' });
    segments.push({ text: match[2] ?? '', shift: match[1] === '_' ? 'sub' : 'sup' });
    last = at + match[0].length;
  }
  if (last < markup.length) segments.push({ text: markup.slice(last), shift: 'base' });
  return segments;
}

/** The text as it reads without markup (`α_{c}` → `αc`), e.g. for `aria-label`s. */
export function plainText(markup: string): string {
  return parseRichText(markup)
    .map((segment) => segment.text)
    .join('');
}

/** Whether `text` contains sub/superscript markup. */
export function hasRichText(text: string): boolean {
  return /[_^]\{[^{}]*\}/.test(text);
}

/** The font size in px that applies to `element`: its own or its nearest ancestor's `font-size`. */
function fontSizeOf(element: Element, fallback: number): number {
  for (let node: Element | null = element; node !== null; node = node.parentElement) {
    const value = Number.parseFloat(node.getAttribute('font-size') ?? '');
    if (Number.isFinite(value) && value > 0) return value;
  }
  return fallback;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Replaces the content of `element` (a `<text>` or `<tspan>`) by the `<tspan>`s of `markup`;
 * the text returns to the baseline at the end, so later siblings are unaffected.
 */
export function setRichText(element: Element, markup: string, fallbackFontSize: number): void {
  const document = element.ownerDocument;
  const size = fontSizeOf(element, fallbackFontSize);
  while (element.firstChild) element.removeChild(element.firstChild);
  let offset = 0;
  const round = (value: number): string => String(Math.round(value * 100) / 100);
  for (const segment of parseRichText(markup)) {
    const target = OFFSET[segment.shift] * size;
    if (segment.shift === 'base' && offset === 0) {
      element.appendChild(document.createTextNode(segment.text));
      continue;
    }
    const tspan = document.createElementNS(SVG_NS, 'tspan');
    if (target !== offset) tspan.setAttribute('dy', round(target - offset));
    if (segment.shift !== 'base') tspan.setAttribute('font-size', round(size * SCRIPT_SCALE));
    tspan.textContent = segment.text;
    element.appendChild(tspan);
    offset = target;
  }
  if (offset !== 0) {
    // An empty tspan cannot carry a shift in every renderer: return with a zero-width space.
    const tspan = document.createElementNS(SVG_NS, 'tspan');
    tspan.setAttribute('dy', round(-offset));
    tspan.textContent = '\u200b';
    element.appendChild(tspan);
  }
}

/**
 * Rewrites every `<text>`/`<tspan>` under `root` whose only child is a text node with markup
 * (axis labels, text marks, legends) into sub/superscript `<tspan>`s.
 */
export function applyRichText(root: Element, fallbackFontSize: number): void {
  for (const element of [...root.querySelectorAll('text, tspan')]) {
    const only = element.childNodes.length === 1 ? element.firstChild : null;
    if (only === null || only.nodeType !== 3) continue;
    const text = only.textContent ?? '';
    if (hasRichText(text)) setRichText(element, text, fallbackFontSize);
  }
}
