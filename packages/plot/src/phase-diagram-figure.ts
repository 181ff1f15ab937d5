import type { EnsembleLaw } from '@dam/ensembles';
import { logGrid, phaseDiagram } from '@dam/theory';
import * as Plot from '@observablehq/plot';
import { plotFigure } from './figure.js';
import { DASH, type LegendItem, type LegendPosition } from './legend.js';
import { checkPositive, checkRange, type FigureOptions } from './options.js';
import { CURVE_COLORS } from './style.js';

/** Options of the (λ, α) phase-diagram figures. */
export interface PhaseDiagramOptions extends FigureOptions {
  /** `[λ_min, λ_max]` of the logarithmic λ axis. */
  readonly lambdaRange?: readonly [number, number] | undefined;
  /** Number of λ values (log-spaced) each curve is computed at (default 200). */
  readonly points?: number | undefined;
  /** Top of the α axis (default: 5% above the largest retrieval threshold drawn). */
  readonly alphaMax?: number | undefined;
}

/** A horizontal reference line of a phase diagram, e.g. a saturation value. */
export interface ReferenceLine {
  readonly value: number;
  /** Label, with `_{…}`/`^{…}` sub/superscripts. */
  readonly label: string;
}

/** What a specific phase diagram adds to {@link PhaseDiagramOptions}. */
export interface PhaseDiagramFigureOptions extends PhaseDiagramOptions {
  /** Horizontal reference lines (saturation values). */
  readonly references?: readonly ReferenceLine[] | undefined;
  readonly legendPosition?: LegendPosition | undefined;
}

/** One λ of a phase diagram, as the figure draws it. */
interface Row {
  readonly lambda: number;
  readonly alpha1: number;
  readonly alphaC: number;
  readonly alphaStar: number;
  readonly ramsauer: number | undefined;
}

/** `x` at fraction `t` of the log axis `[lo, hi]`. */
function logAt(lo: number, hi: number, t: number): number {
  return lo * (hi / lo) ** t;
}

/** Nearest row to λ (rows sorted by λ). */
function rowAt(rows: readonly Row[], lambda: number): Row {
  let best = rows[0] as Row;
  for (const row of rows) if (Math.abs(Math.log(row.lambda / lambda)) < Math.abs(Math.log(best.lambda / lambda))) best = row;
  return best;
}

/**
 * The (λ, α) phase diagram of any ensemble law on a log λ axis, from `phaseDiagram` of
 * `@dam/theory`: `α_1` (Eq. 9), `α_c^lb` (Eq. 12; one curve `α_1 = α_c` where they coincide),
 * `α_*` (REM condensation), Ramsauer et al.'s bound for spherical patterns (dashed), the
 * retrieval regions shaded, and optional reference lines. Figs. 1 (top) and 3 are instances.
 */
export function phaseDiagramFigure(law: EnsembleLaw, options: PhaseDiagramFigureOptions = {}): SVGSVGElement {
  const [lo, hi] = checkRange('lambdaRange', options.lambdaRange ?? [0.1, 100]);
  const points = options.points ?? 200;
  if (!(Number.isInteger(points) && points >= 2)) throw new RangeError(`points must be an integer ≥ 2, got ${String(points)}`);
  const diagram = phaseDiagram(law, logGrid(lo, hi, points));
  const rows: Row[] = diagram.lambda.map((lambda, i) => ({
    lambda,
    alpha1: diagram.alpha1[i] as number,
    alphaC: diagram.alphaCLowerBound[i] as number,
    alphaStar: diagram.alphaStar[i] as number,
    ramsauer: diagram.ramsauerLowerBound?.[i],
  }));
  const same = rows.every((row) => Math.abs(row.alphaC - row.alpha1) <= 1e-9 * Math.max(1, row.alpha1));
  const references = options.references ?? [];
  const top = Math.max(...rows.map((row) => row.alpha1), ...references.map((line) => line.value));
  const alphaMax = checkPositive('alphaMax', options.alphaMax ?? top * 1.05);

  const legendItems: LegendItem[] = [];
  const marks: Plot.Markish[] = [];
  const x = 'lambda';
  if (same) {
    marks.push(
      Plot.areaY(rows, { x, y1: 0, y2: 'alpha1', fill: CURVE_COLORS.retrievalFill, fillOpacity: 0.5, ariaDescription: 'retrieval region' }),
    );
    legendItems.push({ label: 'α_{1} = α_{c}: all patterns retrieved below', color: CURVE_COLORS.alpha1, line: 'solid', area: 0.5 });
  } else {
    marks.push(
      Plot.areaY(rows, {
        x,
        y1: 0,
        y2: 'alphaC',
        fill: CURVE_COLORS.retrievalFill,
        fillOpacity: 0.6,
        ariaDescription: 'all-patterns region',
      }),
      Plot.areaY(rows, {
        x,
        y1: 'alphaC',
        y2: 'alpha1',
        fill: CURVE_COLORS.typicalFill,
        fillOpacity: 0.8,
        ariaDescription: 'typical-pattern region',
      }),
      Plot.line(rows, { x, y: 'alphaC', stroke: CURVE_COLORS.alphaCLowerBound, strokeWidth: 2.5, ariaDescription: 'alphaCLowerBound' }),
    );
    legendItems.push(
      { label: 'α_{1}: typical pattern retrieved below', color: CURVE_COLORS.alpha1, line: 'solid', area: 0.8 },
      { label: 'α_{c}^{lb}: all patterns retrieved below', color: CURVE_COLORS.alphaCLowerBound, line: 'solid' },
    );
  }
  marks.push(
    Plot.line(rows, { x, y: 'alpha1', stroke: CURVE_COLORS.alpha1, strokeWidth: 2.5, ariaDescription: 'alpha1' }),
    Plot.line(rows, { x, y: 'alphaStar', stroke: CURVE_COLORS.alphaStar, strokeWidth: 2, clip: true, ariaDescription: 'alphaStar' }),
  );
  legendItems.push({ label: 'α_{*}: REM condensation', color: CURVE_COLORS.alphaStar, line: 'solid' });
  if (diagram.ramsauerLowerBound) {
    marks.push(
      Plot.line(rows, {
        x,
        y: 'ramsauer',
        stroke: CURVE_COLORS.ramsauer,
        strokeWidth: 1.8,
        strokeDasharray: DASH.dashed,
        strokeLinecap: 'butt',
        ariaDescription: 'ramsauer',
      }),
    );
    legendItems.push({ label: 'lower bound of Ramsauer et al.', color: CURVE_COLORS.ramsauer, line: 'dashed' });
  }
  for (const line of references) {
    marks.push(
      Plot.ruleY([line.value], {
        stroke: CURVE_COLORS.reference,
        strokeDasharray: DASH.dotted,
        strokeWidth: 1.5,
        ariaDescription: 'reference',
      }),
      Plot.text([line.value], {
        y: (value: number) => value,
        text: () => line.label,
        frameAnchor: 'right',
        textAnchor: 'end',
        dx: -6,
        dy: -8,
        fill: '#444444',
        ariaDescription: 'reference label',
      }),
    );
  }
  // Region labels, placed inside the regions they name.
  const right = rowAt(rows, logAt(lo, hi, 0.82));
  const regionText = (text: string, lambda: number, alpha: number): Plot.Markish =>
    Plot.text([{ lambda, alpha }], {
      x: 'lambda',
      y: 'alpha',
      text: () => text,
      fill: '#1d4d29',
      fontWeight: 'bold',
      ariaDescription: 'region label',
    });
  if (same) {
    marks.push(regionText('retrieval', right.lambda, right.alpha1 * 0.4));
  } else {
    marks.push(
      regionText('all retrieved', right.lambda, right.alphaC * 0.45),
      regionText('typical retrieved', right.lambda, (right.alphaC + right.alpha1) / 2),
    );
  }
  const middle = logAt(lo, hi, 0.62);
  marks.push(regionText('no retrieval', middle, Math.min(alphaMax * 0.93, Math.max(rowAt(rows, middle).alpha1 * 1.25, alphaMax * 0.6))));
  return plotFigure(
    {
      defaultTitle: `${law.name[0]?.toUpperCase() ?? ''}${law.name.slice(1)} patterns: phase diagram`,
      x: { type: 'log', domain: [lo, hi], tickFormat: '~g', label: 'λ (inverse temperature)' },
      y: { domain: [0, alphaMax], label: 'α = (log P)/N' },
      marks: [Plot.ruleY([0]), ...marks],
      legend: legendItems,
      legendPosition: options.legendPosition ?? 'top-left',
    },
    options,
  );
}
