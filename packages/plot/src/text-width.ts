import { parseRichText, SCRIPT_SCALE } from './rich-text.js';

/** Advance widths of DejaVu Sans (em) for the characters figures use; others count 0.62 em. */
function charWidth(char: string): number {
  if (/[ilj.,:;|!'’()[\]{}\u200b]/.test(char)) return char === '\u200b' ? 0 : 0.3;
  if (char === ' ') return 0.32;
  if (/[0-9]/.test(char)) return 0.64;
  if (/[mwMW%]/.test(char)) return 0.95;
  if (/[A-Z]/.test(char)) return 0.72;
  if (/[=+<>−–—→∞≤≥±×]/.test(char)) return 0.84;
  if (/[ft/r]/.test(char)) return 0.4;
  if (/[\u0300-\u036f]/.test(char)) return 0;
  return 0.62;
}

/**
 * Estimated width in px of `markup` (with `_{…}`/`^{…}` scripts) at `fontSize` in DejaVu Sans —
 * to size legend boxes without measuring text (there is no layout engine on the server).
 */
export function textWidth(markup: string, fontSize: number): number {
  let width = 0;
  for (const segment of parseRichText(markup)) {
    const scale = segment.shift === 'base' ? 1 : SCRIPT_SCALE;
    for (const char of segment.text) width += charWidth(char) * scale;
  }
  return width * fontSize;
}
