import { type EnsembleLaw, sphericalLaw } from '@dam/ensembles';
import { cMax, lambdaC, lambdaStar, thetaC } from '@dam/theory';
import * as Plot from '@observablehq/plot';
import { plotFigure } from './figure.js';
import { DASH, type LegendItem } from './legend.js';
import { checkRange, type FigureOptions } from './options.js';
import { seriesColor } from './style.js';

/** Options of {@link fig2}. */
export interface Fig2Options extends FigureOptions {
  /** Loads α, one curve each (default 0.1, 0.2, 0.3, 0.5, 1). */
  readonly alphas?: readonly number[] | undefined;
  /** `[λ_min, λ_max]` of the logarithmic λ axis (default [0.05, 100]). */
  readonly lambdaRange?: readonly [number, number] | undefined;
  /** λ values per curve (default 160), denser near `λ_c(α)` where `θ_c` rises steeply. */
  readonly points?: number | undefined;
  /** The ensemble (default spherical, as in the paper). */
  readonly law?: EnsembleLaw | undefined;
}

/** One point of a `θ_c(λ)` curve. */
export interface ThetaCPoint {
  readonly alpha: number;
  readonly lambda: number;
  /** `θ_c` in degrees. */
  readonly thetaC: number;
}

/** Degrees of an angle in radians. */
export const degrees = (radians: number): number => (radians * 180) / Math.PI;

/** The markers of one α in Fig. 2: where the basin opens, where it freezes, and at which angle. */
export interface Fig2Marker {
  readonly alpha: number;
  /** `λ_c(α)`: the basin opens (`θ_c` > 0 above it). */
  readonly lambdaC: number;
  /** `λ_*(α)`: the basin is frozen above it. */
  readonly lambdaStar: number;
  /** `θ_*(α) = acos c_max(α)` in degrees: the angle of the nearest pattern. */
  readonly thetaStarDegrees: number;
}

/** The data of Fig. 2 ({@link fig2Data}): the `θ_c(λ)` curves on the λ range and the markers of each α. */
export interface Fig2Data {
  readonly alphas: readonly number[];
  readonly lambdaRange: readonly [number, number];
  readonly curves: readonly ThetaCPoint[][];
  readonly markers: readonly Fig2Marker[];
}

/**
 * The numbers Fig. 2 draws, with its defaults (α = 0.1, 0.2, 0.3, 0.5, 1; λ from 0.05 to 100, 160
 * points per curve; spherical patterns): one `θ_c(λ)` curve per α (Section IV) and its markers, so
 * that the data written beside the figure are the figure's own.
 */
export function fig2Data(options: Pick<Fig2Options, 'alphas' | 'lambdaRange' | 'points' | 'law'> = {}): Fig2Data {
  const law = options.law ?? sphericalLaw;
  const alphas = options.alphas ?? [0.1, 0.2, 0.3, 0.5, 1];
  const [lo, hi] = checkRange('lambdaRange', options.lambdaRange ?? [0.05, 100]);
  const points = options.points ?? 160;
  if (!(Number.isInteger(points) && points >= 3)) throw new RangeError(`points must be an integer ≥ 3, got ${String(points)}`);
  return {
    alphas,
    lambdaRange: [lo, hi],
    curves: alphas.map((alpha) => thetaCCurve(law, alpha, hi, points).filter((p) => p.lambda >= lo)),
    markers: alphas.map((alpha) => ({
      alpha,
      lambdaC: lambdaC(law, alpha),
      lambdaStar: lambdaStar(law, alpha),
      thetaStarDegrees: degrees(Math.acos(cMax(law, alpha))),
    })),
  };
}

/**
 * The `θ_c(α, λ)` curve (degrees) of Section IV for one α on `[λ_c(α), λ_max]`: it starts at
 * `θ_c = 0` at `λ_c(α)` (where `φ_{α,1} = 1`, the curve's limit: `thetaC` has no basin at `λ_c`
 * itself), rises, and is frozen at `θ_*(α) = acos c_max(α)` from `λ_*(α)` on (both in the grid).
 * Empty when `λ_c(α) ≥ λ_max`.
 */
export function thetaCCurve(law: EnsembleLaw, alpha: number, lambdaMax: number, points: number): ThetaCPoint[] {
  const start = lambdaC(law, alpha);
  if (!(start < lambdaMax)) return [];
  const span = Math.log(lambdaMax / start);
  const grid = Array.from({ length: points - 1 }, (_, i) => start * Math.exp(span * ((i + 1) / (points - 1)) ** 2));
  const star = lambdaStar(law, alpha);
  if (star > start && star < lambdaMax) grid.push(star);
  grid.sort((a, b) => a - b);
  const curve: ThetaCPoint[] = [{ alpha, lambda: start, thetaC: 0 }];
  for (const lambda of grid) {
    const theta = thetaC(law, alpha, lambda);
    if (theta !== undefined) curve.push({ alpha, lambda, thetaC: degrees(theta) });
  }
  return curve;
}

/**
 * Fig. 2 of the paper: the one-step basin size `θ_c(α, λ)` (degrees, `cos θ_c = φ_{α,1}(λ)`,
 * Section IV) against λ on a log axis for several α (spherical patterns): no basin below
 * `λ_c(α)` (open circle), growth up to `λ_*(α)` (filled diamond), then frozen at the angle of
 * the nearest pattern `θ_*(α) = acos c_max(α)` (dashed horizontal lines, labelled with α).
 */
export function fig2(options: Fig2Options = {}): SVGSVGElement {
  const { alphas, lambdaRange, curves, markers } = fig2Data(options);
  const [lo, hi] = lambdaRange;
  const marks: Plot.Markish[] = [];
  const items: LegendItem[] = [];
  alphas.forEach((alpha, i) => {
    const color = seriesColor(i);
    const curve = curves[i] as ThetaCPoint[];
    const { thetaStarDegrees: thetaStar, lambdaStar: lambdaS } = markers[i] as Fig2Marker;
    const first = curve[0];
    marks.push(
      Plot.ruleY([thetaStar], {
        stroke: color,
        strokeOpacity: 0.7,
        strokeDasharray: DASH.dashed,
        strokeLinecap: 'butt',
        ariaDescription: `thetaStar ${alpha}`,
      }),
      Plot.line(curve, { x: 'lambda', y: 'thetaC', stroke: color, strokeWidth: 2.5, ariaDescription: `thetaC ${alpha}` }),
    );
    if (first && first.lambda >= lo) {
      marks.push(
        Plot.dot([first], {
          x: 'lambda',
          y: 'thetaC',
          r: 4.5,
          stroke: color,
          strokeWidth: 2,
          fill: 'white',
          ariaDescription: `lambdaC ${alpha}`,
        }),
      );
    }
    if (lambdaS >= lo && lambdaS <= hi) {
      marks.push(
        Plot.dot([{ lambda: lambdaS, thetaC: thetaStar }], {
          x: 'lambda',
          y: 'thetaC',
          r: 5,
          symbol: 'diamond',
          fill: color,
          ariaDescription: `lambdaStar ${alpha}`,
        }),
      );
    }
    // Direct label at the right end of the frozen part of the curve.
    marks.push(
      Plot.text([{ lambda: hi, thetaC: thetaStar }], {
        x: 'lambda',
        y: 'thetaC',
        text: () => `α = ${alpha}`,
        textAnchor: 'end',
        dx: -4,
        dy: -9,
        fill: color,
        fontWeight: 'bold',
        ariaDescription: `label ${alpha}`,
      }),
    );
  });
  items.push(
    { label: 'λ_{c}(α): basin opens', color: '#444444', marker: 'circle' },
    { label: 'λ_{*}(α): basin frozen', color: '#444444', marker: 'diamond' },
    { label: 'θ_{*}(α): nearest pattern', color: '#444444', line: 'dashed' },
  );
  return plotFigure(
    {
      defaultTitle: 'Basins of attraction: θ_{c}(α, λ) (Fig. 2)',
      x: { type: 'log', domain: [lo, hi], tickFormat: '~g', label: 'λ (inverse temperature)' },
      y: { domain: [0, 90], ticks: [0, 15, 30, 45, 60, 75, 90], label: 'θ_{c} (degrees)' },
      marks: [Plot.ruleY([0]), ...marks],
      legend: items,
      legendPosition: 'bottom-right',
    },
    options,
  );
}
