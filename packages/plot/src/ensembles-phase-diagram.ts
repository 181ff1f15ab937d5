import { binaryLaw, type EnsembleLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { logGrid, phaseDiagram } from '@dam/theory';
import * as Plot from '@observablehq/plot';
import { plotFigure } from './figure.js';
import { DASH, type LegendItem } from './legend.js';
import { checkPositive, checkRange } from './options.js';
import type { PhaseDiagramOptions } from './phase-diagram-figure.js';
import { seriesColor } from './style.js';

/** Options of {@link ensemblesPhaseDiagram}. */
export interface EnsemblesPhaseDiagramOptions extends PhaseDiagramOptions {
  /** Ensemble laws to compare (default spherical, Gaussian, binary). */
  readonly laws?: readonly EnsembleLaw[] | undefined;
  /** Also draw each ensemble's condensation line `α_*` (dotted; default true). */
  readonly condensation?: boolean | undefined;
}

/**
 * Every ensemble's phase diagram on one plot (log λ axis, default λ ∈ [0.1, 100]), one colour
 * per ensemble: `α_1` (Eq. 9, solid), `α_c^lb` (Eq. 12, dashed, where it differs from `α_1`)
 * and `α_*` (REM condensation, dotted).
 */
export function ensemblesPhaseDiagram(options: EnsemblesPhaseDiagramOptions = {}): SVGSVGElement {
  const laws = options.laws ?? [sphericalLaw, gaussianLaw, binaryLaw];
  if (laws.length === 0) throw new RangeError('laws must list at least one ensemble law');
  const [lo, hi] = checkRange('lambdaRange', options.lambdaRange ?? [0.1, 100]);
  const points = options.points ?? 200;
  if (!(Number.isInteger(points) && points >= 2)) throw new RangeError(`points must be an integer ≥ 2, got ${String(points)}`);
  const grid = logGrid(lo, hi, points);
  const marks: Plot.Markish[] = [];
  const items: LegendItem[] = [];
  let top = 0;
  laws.forEach((law, i) => {
    const color = seriesColor(i);
    const diagram = phaseDiagram(law, grid);
    const rows = grid.map((lambda, k) => ({
      lambda,
      alpha1: diagram.alpha1[k] as number,
      alphaC: diagram.alphaCLowerBound[k] as number,
      alphaStar: diagram.alphaStar[k] as number,
    }));
    top = Math.max(top, ...rows.map((row) => row.alpha1));
    const same = rows.every((row) => Math.abs(row.alphaC - row.alpha1) <= 1e-9 * Math.max(1, row.alpha1));
    marks.push(Plot.line(rows, { x: 'lambda', y: 'alpha1', stroke: color, strokeWidth: 2.5, ariaDescription: `alpha1 ${law.name}` }));
    if (!same) {
      marks.push(
        Plot.line(rows, {
          x: 'lambda',
          y: 'alphaC',
          stroke: color,
          strokeWidth: 2,
          strokeDasharray: DASH.dashed,
          strokeLinecap: 'butt',
          ariaDescription: `alphaCLowerBound ${law.name}`,
        }),
      );
    }
    if (options.condensation ?? true) {
      marks.push(
        Plot.line(rows, {
          x: 'lambda',
          y: 'alphaStar',
          stroke: color,
          strokeWidth: 1.8,
          strokeDasharray: DASH.dotted,
          clip: true,
          ariaDescription: `alphaStar ${law.name}`,
        }),
      );
    }
    items.push({ label: same ? `${law.name}: α_{1} = α_{c}` : `${law.name}: α_{1}, α_{c}^{lb} (dashed)`, color, line: 'solid' });
  });
  if (options.condensation ?? true) items.push({ label: 'α_{*}: REM condensation', color: '#444444', line: 'dotted' });
  const alphaMax = checkPositive('alphaMax', options.alphaMax ?? top * 1.05);
  return plotFigure(
    {
      defaultTitle: 'Phase diagrams of the pattern ensembles',
      x: { type: 'log', domain: [lo, hi], tickFormat: '~g', label: 'λ (inverse temperature)' },
      y: { domain: [0, alphaMax], label: 'α = (log P)/N' },
      marks: [Plot.ruleY([0]), ...marks],
      legend: items,
      legendPosition: 'top-left',
    },
    options,
  );
}
