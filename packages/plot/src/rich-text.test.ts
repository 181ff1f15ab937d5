import { describe, expect, it } from 'vitest';
import { createDocument } from './dom.js';
import { applyRichText, parseRichText, plainText } from './rich-text.js';
import { textWidth } from './text-width.js';

describe('rich text', () => {
  it('parses sub- and superscripts', () => {
    expect(parseRichText('α_{c}^{lb} < 1')).toEqual([
      { text: 'α', shift: 'base' },
      { text: 'c', shift: 'sub' },
      { text: 'lb', shift: 'sup' },
      { text: ' < 1', shift: 'base' },
    ]);
    expect(plainText('λ_{1/2}')).toBe('λ1/2');
    expect(parseRichText('a_b')).toEqual([{ text: 'a_b', shift: 'base' }]);
  });

  it('turns marked-up text into tspans that return to the baseline', () => {
    const document = createDocument();
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('font-size', '10');
    const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    text.textContent = 'α_{c}^{lb}';
    svg.appendChild(text);
    applyRichText(svg, 12);
    const tspans = [...text.querySelectorAll('tspan')];
    expect(tspans.map((t) => [t.textContent, t.getAttribute('dy'), t.getAttribute('font-size')])).toEqual([
      ['c', '3', '7.5'],
      ['lb', '-7', '7.5'],
      ['\u200b', '4', null],
    ]);
    expect(text.textContent).toBe('αclb\u200b');
  });

  it('estimates text widths, scripts smaller', () => {
    expect(textWidth('α_{1}', 10)).toBeLessThan(textWidth('α1', 10));
    expect(textWidth('retrieval', 12)).toBeGreaterThan(40);
    expect(textWidth('retrieval', 12)).toBeLessThan(80);
  });
});
