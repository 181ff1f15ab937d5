import { type EnsembleLaw, sphericalLaw } from '@dam/ensembles';
import { alpha1, scaledAlpha1 } from '@dam/theory';
import * as Plot from '@observablehq/plot';
import { plotFigure } from './figure.js';
import { DASH, type LegendItem } from './legend.js';
import { checkRange, type FigureOptions } from './options.js';
import { seriesColor } from './style.js';

/** Options of {@link scaledRegime}. */
export interface ScaledRegimeOptions extends FigureOptions {
  /** The ensemble (default spherical). */
  readonly law?: EnsembleLaw | undefined;
  /** Exponent `a ∈ (0, 1)` of `λ = λ̃/N^a` (default ½, the `1/√N` of Transformers). */
  readonly a?: number | undefined;
  /** Sizes N whose finite-N curves are drawn (default 10, 100, 1000, 10⁴). */
  readonly Ns?: readonly number[] | undefined;
  /** `[λ̃_min, λ̃_max]` (default [0.01, 4]). */
  readonly lambdaTildeRange?: readonly [number, number] | undefined;
  /** Points per curve (default 120). */
  readonly points?: number | undefined;
}

/** One point of a curve of {@link scaledRegime}. */
export interface ScaledPoint {
  readonly lambdaTilde: number;
  /** `α̃_1`: `N^a α_1(λ̃/N^a)` at finite N, or the limit `λ̃ r_ξ²`. */
  readonly alphaTilde: number;
}

/** `N^a α_1(λ̃/N^a)`: the retrieval threshold at size N in the scaled variables of Section VI. */
export function scaledThresholdAtN(law: EnsembleLaw, lambdaTilde: number, a: number, N: number): number {
  const scale = N ** a;
  return scale * alpha1(law, lambdaTilde / scale);
}

/**
 * The scaled regime of Section VI (`λ = λ̃/N^a`, `P = exp(α̃ N^{1−a})`): the limit
 * `α̃_1 = α̃_c = λ̃ r_ξ²` (`scaledAlpha1`, black) and, for several N, the unscaled threshold
 * `N^a α_1(λ̃/N^a)` of Eq. 9 in the same variables (coloured), which approaches the limit as
 * N grows. Retrieval below the curves.
 */
export function scaledRegime(options: ScaledRegimeOptions = {}): SVGSVGElement {
  const law = options.law ?? sphericalLaw;
  const a = options.a ?? 0.5;
  if (!(a > 0 && a < 1)) throw new RangeError(`a must be in (0, 1), got ${String(a)}`);
  const Ns = options.Ns ?? [10, 100, 1000, 1e4];
  for (const N of Ns) if (!(N >= 1 && Number.isFinite(N))) throw new RangeError(`Ns must be finite numbers ≥ 1, got ${String(N)}`);
  const [lo, hi] = checkRange('lambdaTildeRange', options.lambdaTildeRange ?? [0.01, 4]);
  const points = options.points ?? 120;
  if (!(Number.isInteger(points) && points >= 2)) throw new RangeError(`points must be an integer ≥ 2, got ${String(points)}`);
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const limit: ScaledPoint[] = grid.map((lambdaTilde) => ({ lambdaTilde, alphaTilde: scaledAlpha1(law, lambdaTilde) }));
  const marks: Plot.Markish[] = [];
  const items: LegendItem[] = [];
  Ns.forEach((N, i) => {
    const color = seriesColor(i);
    const curve: ScaledPoint[] = grid.map((lambdaTilde) => ({ lambdaTilde, alphaTilde: scaledThresholdAtN(law, lambdaTilde, a, N) }));
    marks.push(Plot.line(curve, { x: 'lambdaTilde', y: 'alphaTilde', stroke: color, strokeWidth: 2, ariaDescription: `N ${N}` }));
    items.push({ label: `N = ${N >= 1e4 ? `10^{${Math.round(Math.log10(N))}}` : N}: N^{a} α_{1}(λ̃/N^{a})`, color, line: 'solid' });
  });
  marks.push(
    Plot.line(limit, {
      x: 'lambdaTilde',
      y: 'alphaTilde',
      stroke: '#111111',
      strokeWidth: 2.5,
      strokeDasharray: DASH.dashed,
      strokeLinecap: 'butt',
      ariaDescription: 'limit',
    }),
  );
  items.push({ label: 'N → ∞: α̃_{1} = α̃_{c} = λ̃', color: '#111111', line: 'dashed' });
  return plotFigure(
    {
      defaultTitle: `Scaled regime λ = λ̃/N^{a}, a = ${a} (${law.name} patterns)`,
      x: { domain: [0, hi], label: 'λ̃ = λ N^{a}' },
      y: { domain: [0, Math.max(...limit.map((p) => p.alphaTilde)) * 1.05], label: 'α̃ = α N^{a} = (log P)/N^{1−a}' },
      marks: [Plot.ruleY([0]), Plot.ruleX([0]), ...marks],
      legend: items,
      legendPosition: 'top-left',
    },
    options,
  );
}
