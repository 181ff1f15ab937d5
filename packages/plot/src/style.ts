/**
 * The look shared by every figure: one font (DejaVu Sans, shipped to resvg by `@dam/plot/node`
 * so that a PNG is the same on every machine), sizes readable at 600 px wide, and colours.
 */

/** Font family of every text of a figure; `@dam/plot/node` renders PNGs with exactly this font. */
export const FONT_FAMILY = 'DejaVu Sans';

/** The SVG `font-family` attribute: DejaVu Sans, else the browser's sans-serif. */
export const FONT_STACK = `${FONT_FAMILY}, sans-serif`;

/** Base font size (px) of tick labels, axis labels and legends. */
export const FONT_SIZE = 12;

/** Font size (px) of a figure's title. */
export const TITLE_FONT_SIZE = 15;

/** Default figure size (px). */
export const DEFAULT_WIDTH = 640;
/** Default figure height (px). */
export const DEFAULT_HEIGHT = 440;

/** Categorical colours for series (one per α, N or ensemble): Observable's "observable10" hues. */
export const SERIES_COLORS: readonly string[] = [
  '#4269d0',
  '#ff725c',
  '#3ca951',
  '#a463f2',
  '#efb118',
  '#6cc5b0',
  '#ff8ab7',
  '#97bbf5',
  '#9c6b4e',
  '#9498a0',
];

/** Colours of the phase-diagram curves. */
export const CURVE_COLORS = {
  /** `α_1` (and `α_c` when they coincide). */
  alpha1: '#1f7a34',
  /** `α_c^lb` when it differs from `α_1`. */
  alphaCLowerBound: '#0b4f8a',
  /** `α_*`, REM condensation. */
  alphaStar: '#d9480f',
  /** Ramsauer et al.'s bound. */
  ramsauer: '#222222',
  /** Reference (saturation) levels. */
  reference: '#777777',
  /** Retrieval region (all patterns). */
  retrievalFill: '#8fd19e',
  /** Region where a typical pattern, not all, is retrieved. */
  typicalFill: '#d3efd9',
} as const;

/** The colour of series `i` (cycling through {@link SERIES_COLORS}). */
export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length] as string;
}
