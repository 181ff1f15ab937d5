import type { BasinPoint, BasinsResult } from '@dam/dynamics';
import { ensembleLaw } from '@dam/ensembles';
import { cosThetaC } from '@dam/theory';
import * as Plot from '@observablehq/plot';
import { plotFigure } from './figure.js';
import { DASH, type LegendItem } from './legend.js';
import type { FigureOptions } from './options.js';
import { seriesColor } from './style.js';

/**
 * What {@link basinsFigure} reads of a basins experiment: a `BasinsResult` of `@dam/dynamics`
 * (`basins`) fits, as does any object with these fields.
 */
export interface BasinsFigureInput {
  readonly ensemble: BasinsResult['ensemble'];
  readonly N: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly points: readonly Pick<BasinPoint, 'theta' | 'rate' | 'stderr'>[];
  /** Measured basin angle (rate crossing ½), radians. */
  readonly thetaC: number | undefined;
}

const degrees = (radians: number): number => (radians * 180) / Math.PI;

/** Theory `θ_c` in degrees (`cos θ_c = φ_{α,1}(λ)`, Section IV) of an experiment, `undefined` without a basin. */
export function theoryThetaC(
  input: Pick<BasinsFigureInput, 'ensemble' | 'alpha' | 'lambda'>,
): { cos: number; degrees: number } | undefined {
  const cos = cosThetaC(ensembleLaw(input.ensemble), input.alpha, input.lambda);
  if (cos === undefined) return undefined;
  return { cos, degrees: degrees(Math.acos(Math.min(1, Math.max(-1, cos)))) };
}

/**
 * Our basins figure: the fraction of runs retrieving `ξ^1` from a start at angle θ, measured by
 * simulation (`basins` of `@dam/dynamics`; points with ±1 standard error, one colour per
 * experiment), the measured crossing of ½ (triangle), and the theory's one-step basin
 * `θ_c` with `cos θ_c = φ_{α,1}(λ)` (Section IV, Fig. 2; dashed vertical lines, computed here).
 */
export function basinsFigure(results: readonly BasinsFigureInput[], options: FigureOptions = {}): SVGSVGElement {
  if (results.length === 0) throw new RangeError('basinsFigure needs at least one basins result');
  const marks: Plot.Markish[] = [Plot.ruleY([0.5], { stroke: '#999999', strokeDasharray: DASH.dotted, ariaDescription: 'half' })];
  const items: LegendItem[] = [];
  let thetaMax = 0;
  results.forEach((result, i) => {
    const color = seriesColor(i);
    const rows = result.points.map((point) => ({ ...point, degrees: degrees(point.theta) }));
    thetaMax = Math.max(thetaMax, ...rows.map((row) => row.degrees));
    const theory = theoryThetaC(result);
    marks.push(
      Plot.line(rows, { x: 'degrees', y: 'rate', stroke: color, strokeWidth: 1.5, strokeOpacity: 0.7, ariaDescription: `rate line ${i}` }),
      Plot.ruleX(rows, {
        x: 'degrees',
        y1: (p: BasinPoint) => Math.max(0, p.rate - p.stderr),
        y2: (p: BasinPoint) => Math.min(1, p.rate + p.stderr),
        stroke: color,
        strokeWidth: 1.5,
        ariaDescription: `stderr ${i}`,
      }),
      Plot.dot(rows, { x: 'degrees', y: 'rate', r: 3.5, fill: color, ariaDescription: `rate ${i}` }),
    );
    if (theory !== undefined) {
      marks.push(
        Plot.ruleX([theory.degrees], {
          stroke: color,
          strokeWidth: 2,
          strokeDasharray: DASH.dashed,
          strokeLinecap: 'butt',
          ariaDescription: `theory ${i}`,
        }),
      );
    }
    if (result.thetaC !== undefined) {
      marks.push(
        Plot.dot([{ degrees: degrees(result.thetaC), rate: 0.5 }], {
          x: 'degrees',
          y: 'rate',
          symbol: 'triangle',
          r: 5.5,
          fill: 'white',
          stroke: color,
          strokeWidth: 2,
          ariaDescription: `measured ${i}`,
        }),
      );
    }
    const basin =
      theory === undefined ? 'no basin in theory' : `θ_{c} = ${theory.degrees.toFixed(1)}°, cos θ_{c} = ${theory.cos.toFixed(3)}`;
    items.push({ label: `N = ${result.N}, α = ${result.alpha}, λ = ${result.lambda}: ${basin}`, color, marker: 'errorbar', line: 'solid' });
  });
  items.push(
    { label: 'theory θ_{c} (one step, N = ∞)', color: '#444444', line: 'dashed' },
    { label: 'measured: rate crosses ½', color: '#444444', marker: 'triangle' },
  );
  return plotFigure(
    {
      defaultTitle: 'Basins of attraction: retrieval from angle θ',
      x: { domain: [0, Math.max(90, Math.ceil(thetaMax / 15) * 15)], label: 'θ, angle between the start and ξ^{1} (degrees)' },
      y: { domain: [0, 1.02], ticks: [0, 0.2, 0.4, 0.5, 0.6, 0.8, 1], label: 'fraction retrieved' },
      marks,
      legend: items,
      legendPosition: 'below',
    },
    options,
  );
}
