/** Options every figure function accepts. */
export interface FigureOptions {
  /**
   * The document the figure's elements are created in: in a browser the page's `document`
   * (the default, `globalThis.document`); in Node a server-side DOM, e.g. `createDocument()` of
   * `@dam/plot/node` (which `renderSvg` passes for you).
   */
  readonly document?: Document | undefined;
  /** Outer width in px (default 640). */
  readonly width?: number | undefined;
  /** Outer height in px (default depends on the figure, 440 for most). */
  readonly height?: number | undefined;
  /** Title drawn inside the SVG above the plot; `null` for none; each figure has a default. */
  readonly title?: string | null | undefined;
}

/** The document to draw with: `options.document`, else the global one; a `TypeError` if neither. */
export function resolveDocument(options: FigureOptions): Document {
  const document = options.document ?? (globalThis as { document?: Document }).document;
  if (document === undefined) {
    throw new TypeError(
      'no document to draw the figure in: pass options.document (in Node, createDocument() from @dam/plot/node, or use renderSvg)',
    );
  }
  return document;
}

/** Throws a `RangeError` unless `value` is a finite number > 0 (a size in px, a λ, …). */
export function checkPositive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** Throws a `RangeError` unless `range` is `[lo, hi]` with `0 < lo < hi < ∞`. */
export function checkRange(name: string, range: readonly [number, number]): readonly [number, number] {
  const [lo, hi] = range;
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) {
    throw new RangeError(`${name} must be [lo, hi] with 0 < lo < hi < ∞, got [${String(lo)}, ${String(hi)}]`);
  }
  return range;
}
