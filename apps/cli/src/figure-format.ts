import { extname } from 'node:path';
import type { FigureOptions } from '@dam/plot';
import { UsageError } from './parse.js';

/** Formats a figure can be written in, by file extension. */
export type FigureFormat = 'svg' | 'png';

/** The figure format of `--out`-like `flag`'s path from its extension (`.svg` or `.png`), else a UsageError. */
export function figureFormat(flag: string, path: string): FigureFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.svg') return 'svg';
  if (extension === '.png') return 'png';
  throw new UsageError(`${flag}: ${JSON.stringify(path)} has no figure extension; expected a file name ending in .svg or .png`);
}

/** Width in pixels of the PNG figures (twice the 640 px of the SVG, for sharp text). */
export const PNG_WIDTH = 1280;

/** A figure function of @dam/plot: options with a `document` in, an SVG element out. */
export type FigureFunction = (options: FigureOptions) => Element;
