import type { CrossoverFit, FiniteSizePoint, FiniteSizeScanResult, QuadraticCrossoverFit } from '@dam/dynamics';
import { ensembleLaw } from '@dam/ensembles';
import { lambdaC, lambdaHalfFiniteSize } from '@dam/theory';
import * as Plot from '@observablehq/plot';
import { plotFigure } from './figure.js';
import { DASH, type LegendItem } from './legend.js';
import type { FigureOptions } from './options.js';
import { seriesColor } from './style.js';

/**
 * What {@link fig1Bottom} reads of a finite-size scan: a `FiniteSizeScanResult` of
 * `@dam/dynamics` (`finiteSizeScan`) fits, as does any object with these fields.
 */
export interface Fig1BottomScan {
  readonly ensemble: FiniteSizeScanResult['ensemble'];
  readonly alpha: number;
  readonly points: readonly (Pick<FiniteSizePoint, 'N' | 'lambdaHalf' | 'stderr'> & {
    /** A censored size (`FiniteSizePoint.censored`): drawn as a bound, a hollow triangle pointing away from the range. */
    readonly censored?: FiniteSizePoint['censored'] | undefined;
  })[];
  /** The paper's quadratic fit in 1/N (drawn with `curve: 'quadratic'`, the default). */
  readonly fitQuadratic: Pick<QuadraticCrossoverFit, 'coefficients' | 'lambdaInf' | 'ci'>;
  /** The derived finite-size law's fit (drawn with `curve: 'finite-size'`). */
  readonly fit?: Pick<CrossoverFit, 'coefficients' | 'lambdaInf' | 'ci'> | null | undefined;
}

/** Width (px) assumed for the tick spacing when the figure's width is not given. */
const DEFAULT_TICK_WIDTH = 640;

/**
 * The tick positions `us` (values of 1/N) that keep labels apart: from the largest (smallest N,
 * at the right) down, a tick is kept only if it is at least ~26 px from the last kept one, for an
 * axis spanning `span` over about `width − 80` px.
 */
export function spacedTicks(us: readonly number[], span: number, width: number): number[] {
  const minGap = (26 / Math.max(200, width - 80)) * span;
  const kept: number[] = [];
  for (const u of [...us].sort((a, b) => b - a)) {
    const last = kept.at(-1);
    if (last === undefined || last - u >= minGap) kept.push(u);
  }
  return kept.filter((u) => u >= minGap).sort((a, b) => a - b);
}

/** Options of {@link fig1Bottom}. */
export interface Fig1BottomOptions extends FigureOptions {
  /**
   * Horizontal axis: `'1/N'` (default; linear in 1/N, so the quadratic fits are parabolas that
   * reach N = ∞ at the left edge, ticks labelled with N) or `'N'`.
   */
  readonly x?: '1/N' | 'N' | undefined;
  /** Draw each fit's extrapolation `λ_∞` with its 95% interval at N = ∞ (default true; `'1/N'` axis only). */
  readonly extrapolation?: boolean | undefined;
  /**
   * The solid curves: `'quadratic'` (default), the paper's quadratic fits in 1/N; `'finite-size'`,
   * the derived finite-size law with its fitted intercept and `1/N²` term (`fit` of each scan,
   * `λ_∞ + [λ_th(N) − λ_c] + b/N²`, with `λ_th` of `@dam/theory` `lambdaHalfFiniteSize`).
   */
  readonly curve?: 'quadratic' | 'finite-size' | undefined;
}

/** The curve of one scan at `u = 1/N` (`u = 0`: N = ∞). */
function curveOf(
  scan: Fig1BottomScan,
  kind: 'quadratic' | 'finite-size',
): { at: (u: number) => number; fit: { lambdaInf: number; ci: readonly [number, number] } } {
  if (kind === 'quadratic') return { at: (u) => quadratic(scan.fitQuadratic.coefficients, u), fit: scan.fitQuadratic };
  const fit = scan.fit;
  if (fit === null || fit === undefined) {
    throw new RangeError(`curve 'finite-size' needs each scan's fit (the finite-size law's), missing at alpha = ${scan.alpha}`);
  }
  const law = ensembleLaw(scan.ensemble);
  const limit = lambdaC(law, scan.alpha);
  const [lambdaInf, b] = fit.coefficients;
  return { at: (u) => lambdaInf + b * u * u + (u === 0 ? 0 : lambdaHalfFiniteSize(law, scan.alpha, 1 / u) - limit), fit };
}

/** `c0 + c1 u + c2 u²`. */
function quadratic(coefficients: readonly [number, number, number], u: number): number {
  return coefficients[0] + coefficients[1] * u + coefficients[2] * u * u;
}

/**
 * Fig. 1 (bottom) of the paper: the retrieval crossover `λ_{1/2}(α, N)` measured by simulation
 * (points with ±1 standard error bars), the quadratic fits in 1/N of each scan (solid; or the
 * derived finite-size law, see {@link Fig1BottomOptions.curve}), and
 * the `N = ∞` prediction of the theory, `λ_c(α)` (inverse of `α_1`, Eq. 9; dashed horizontal
 * lines, computed here from each scan's ensemble and α), one colour per α. Retrieval is above
 * the points (larger λ), no retrieval below. A censored size (its median beyond the λ range) is a
 * bound, drawn as a hollow triangle without error bar: pointing down for `λ_{1/2} ≤` the value,
 * up for `≥`.
 */
export function fig1Bottom(scans: readonly Fig1BottomScan[], options: Fig1BottomOptions = {}): SVGSVGElement {
  if (scans.length === 0) throw new RangeError('fig1Bottom needs at least one finite-size scan');
  const inverse = (options.x ?? '1/N') === '1/N';
  const kind = options.curve ?? 'quadratic';
  const extrapolation = inverse && (options.extrapolation ?? true);
  const allNs = scans.flatMap((scan) => scan.points.map((point) => point.N));
  if (allNs.length === 0 || !allNs.every((N) => Number.isFinite(N) && N >= 1)) {
    throw new RangeError(`every scan needs points with sizes N ≥ 1, got ${allNs.join(', ') || 'none'}`);
  }
  const nMin = Math.min(...allNs);
  const nMax = Math.max(...allNs);
  const position = (N: number): number => (inverse ? 1 / N : N);
  const marks: Plot.Markish[] = [];
  const items: LegendItem[] = [];
  let anyCensored = false;
  scans.forEach((scan, i) => {
    const color = seriesColor(i);
    const all = scan.points.map((point) => ({ ...point, x: position(point.N) }));
    const rows = all.filter((point) => (point.censored ?? null) === null);
    const bounds = all.filter((point) => (point.censored ?? null) !== null);
    if (bounds.length > 0) anyCensored = true;
    // The fit drawn from N = ∞ (u = 0) on the 1/N axis, from the largest to the smallest N otherwise.
    const uFrom = inverse ? 0 : 1 / (nMax * 1.5);
    const uTo = 1 / Math.min(...scan.points.map((point) => point.N));
    const curve = curveOf(scan, kind);
    const fit = Array.from({ length: 81 }, (_, k) => {
      const u = uFrom + ((uTo - uFrom) * k) / 80;
      return { x: inverse ? u : 1 / u, lambda: curve.at(u) };
    });
    const theory = lambdaC(ensembleLaw(scan.ensemble), scan.alpha);
    if (Number.isFinite(theory)) {
      marks.push(
        Plot.ruleY([theory], {
          stroke: color,
          strokeWidth: 1.5,
          strokeDasharray: DASH.dashed,
          strokeLinecap: 'butt',
          ariaDescription: `lambdaC ${scan.alpha}`,
        }),
      );
    }
    marks.push(
      Plot.line(fit, { x: 'x', y: 'lambda', stroke: color, strokeWidth: 2, ariaDescription: `fit ${scan.alpha}` }),
      Plot.ruleX(rows, {
        x: 'x',
        y1: (p: Fig1BottomScan['points'][number]) => p.lambdaHalf - p.stderr,
        y2: (p: Fig1BottomScan['points'][number]) => p.lambdaHalf + p.stderr,
        stroke: color,
        strokeWidth: 1.5,
        ariaDescription: `stderr ${scan.alpha}`,
      }),
      Plot.dot(rows, {
        x: 'x',
        y: 'lambdaHalf',
        r: 4,
        fill: color,
        stroke: 'white',
        strokeWidth: 0.8,
        ariaDescription: `lambdaHalf ${scan.alpha}`,
      }),
    );
    if (bounds.length > 0) {
      marks.push(
        Plot.dot(bounds, {
          x: 'x',
          y: 'lambdaHalf',
          r: 5,
          symbol: 'triangle',
          rotate: (p: { censored?: string | null }) => (p.censored === 'below' ? 180 : 0),
          fill: 'white',
          stroke: color,
          strokeWidth: 1.5,
          ariaDescription: `censored ${scan.alpha}`,
        }),
      );
    }
    if (extrapolation) {
      const [lo, hi] = curve.fit.ci;
      marks.push(
        Plot.ruleX([0], { x: 0, y1: lo, y2: hi, stroke: color, strokeWidth: 1.5, ariaDescription: `ci ${scan.alpha}` }),
        Plot.dot([0], {
          x: 0,
          y: curve.fit.lambdaInf,
          r: 4.5,
          fill: 'white',
          stroke: color,
          strokeWidth: 2,
          ariaDescription: `lambdaInf ${scan.alpha}`,
        }),
      );
    }
    items.push({ label: `α = ${scan.alpha}`, color, marker: 'errorbar', line: 'solid' });
  });
  items.push({ label: 'theory λ_{c}(α), N = ∞', color: '#444444', line: 'dashed' });
  if (kind === 'finite-size')
    items.push({ label: 'finite-size law λ_{c} + (a log N + b)/N, fitted λ_∞ + c/N²', color: '#444444', line: 'solid' });
  if (anyCensored) items.push({ label: 'censored at the λ range (a bound; not fitted)', color: '#444444', marker: 'triangle' });
  if (extrapolation) items.push({ label: 'fit at N = ∞ (95% interval)', color: '#444444', marker: 'circle' });
  const sizes = [...new Set(allNs)].sort((a, b) => a - b);
  const x: Plot.ScaleOptions = inverse
    ? {
        domain: [-0.05 / nMin, (1 / nMin) * 1.08],
        ticks: [
          0,
          ...spacedTicks(
            sizes.map((N) => 1 / N),
            (1 / nMin) * 1.13,
            options.width ?? DEFAULT_TICK_WIDTH,
          ),
        ],
        tickFormat: (u: number) => (u === 0 ? '∞' : String(Math.round(1 / u))),
        label: 'N (axis linear in 1/N)',
        grid: false,
      }
    : { domain: [nMin * 0.9, nMax * 1.05], label: 'N', grid: false };
  return plotFigure(
    {
      defaultTitle: 'Retrieval crossover λ_{1/2}(α, N) (Fig. 1, bottom)',
      x,
      y: { label: 'λ_{1/2}', nice: true },
      marks,
      legend: items,
      legendPosition: 'below',
    },
    options,
  );
}
