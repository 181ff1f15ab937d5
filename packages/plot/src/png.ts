import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY } from './style.js';

const require = createRequire(import.meta.url);

/** Paths of the DejaVu Sans font files (regular, bold, oblique) of the `dejavu-fonts-ttf` package. */
export function fontFiles(): string[] {
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Width of the PNG in px (the height follows the SVG's aspect ratio); default the SVG's own width. */
  readonly width?: number | undefined;
  /** Background colour (default `white`; `null` for transparent). */
  readonly background?: string | null | undefined;
}

/** Rasterises `svg` with resvg, using only the shipped DejaVu fonts (no system fonts). */
export function rasterize(svg: string, options: PngOptions = {}): ReturnType<Resvg['render']> {
  const { width, background = 'white' } = options;
  if (width !== undefined && !(Number.isInteger(width) && width > 0 && width <= 16384)) {
    throw new RangeError(`width must be an integer in [1, 16384], got ${String(width)}`);
  }
  const resvg = new Resvg(svg, {
    ...(width === undefined ? {} : { fitTo: { mode: 'width' as const, value: width } }),
    ...(background === null ? {} : { background }),
    font: {
      fontFiles: fontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render();
}

/**
 * A PNG of `svg` (e.g. from `renderSvg`) drawn by resvg with the shipped DejaVu Sans font and no
 * system font, so the image is the same on every machine.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  return new Uint8Array(rasterize(svg, options).asPng());
}
