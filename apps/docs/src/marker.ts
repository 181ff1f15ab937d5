// A marked point on a phase diagram drawn by @dam/plot: the figures are Observable Plot SVGs,
// which expose their scales (`svg.scale('x').apply(λ)`), so a point can be placed — and moved on
// every input event — without redrawing the curves.

/** The part of an Observable Plot scale used here. */
interface PlotScale {
  apply(value: number): number;
  readonly range?: readonly number[];
  readonly domain?: readonly number[];
}

/** A point drawn over a phase diagram, in data coordinates (λ, α). */
export interface PointMarker {
  /** Moves the point; returns the pixel position it was drawn at and whether α was above the chart (then drawn at its top edge). */
  move(lambda: number, alpha: number, color?: string): { x: number; y: number; clamped: boolean };
  /** The `<g>` holding the point. */
  readonly element: SVGGElement;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function scaleOf(svg: SVGSVGElement, name: 'x' | 'y'): PlotScale {
  const scale = (svg as unknown as { scale?: (name: string) => PlotScale | undefined }).scale?.(name);
  if (scale === undefined) throw new Error(`the figure has no ${name} scale (not an Observable Plot figure?)`);
  return scale;
}

/** Adds a point marker (a ringed dot with cross-hairs) to a (λ, α) phase diagram of @dam/plot. */
export function addPointMarker(svg: SVGSVGElement, label: string): PointMarker {
  const x = scaleOf(svg, 'x');
  const y = scaleOf(svg, 'y');
  const document = svg.ownerDocument;
  const g = document.createElementNS(SVG_NS, 'g') as SVGGElement;
  g.setAttribute('data-testid', 'marker');
  g.setAttribute('aria-label', label);
  const make = (tag: string, attributes: Record<string, string>): SVGElement => {
    const element = document.createElementNS(SVG_NS, tag) as SVGElement;
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    g.append(element);
    return element;
  };
  const [x0, x1] = [Math.min(...(x.range ?? [0, 0])), Math.max(...(x.range ?? [0, 0]))];
  const [y0, y1] = [Math.min(...(y.range ?? [0, 0])), Math.max(...(y.range ?? [0, 0]))];
  const hLine = make('line', { stroke: '#222', 'stroke-width': '1', 'stroke-dasharray': '3,3', opacity: '0.6' });
  const vLine = make('line', { stroke: '#222', 'stroke-width': '1', 'stroke-dasharray': '3,3', opacity: '0.6' });
  const dot = make('circle', { r: '7', stroke: 'white', 'stroke-width': '2.5' });
  const ring = make('circle', { r: '10', fill: 'none', stroke: '#222', 'stroke-width': '1.5' });
  svg.append(g);
  return {
    element: g,
    move(lambda, alpha, color = '#d62728') {
      const px = Math.min(x1, Math.max(x0, x.apply(lambda)));
      const raw = y.apply(alpha);
      const clamped = raw < y0;
      const py = Math.min(y1, Math.max(y0, raw));
      hLine.setAttribute('x1', String(x0));
      hLine.setAttribute('x2', String(px));
      hLine.setAttribute('y1', String(py));
      hLine.setAttribute('y2', String(py));
      vLine.setAttribute('x1', String(px));
      vLine.setAttribute('x2', String(px));
      vLine.setAttribute('y1', String(py));
      vLine.setAttribute('y2', String(y1));
      for (const circle of [dot, ring]) {
        circle.setAttribute('cx', String(px));
        circle.setAttribute('cy', String(py));
      }
      dot.setAttribute('fill', color);
      g.setAttribute('data-x', px.toFixed(2));
      g.setAttribute('data-y', py.toFixed(2));
      return { x: px, y: py, clamped };
    },
  };
}
