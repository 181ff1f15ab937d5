// The figures of the site, by name: drawn live in the browser by @dam/plot (theory curves computed
// by @dam/theory inside the figure functions; Fig. 1 bottom from the simulation data shipped in
// site/data/). As files, the same figures come from the CLI: `dam reproduce` and `dam phase-diagram --out`.
// Plain JavaScript (typed with JSDoc, checked by tsc).
import { quadraticFit, Z95 } from '@dam/dynamics';
import { basinsFigure, binaryPhaseDiagram, ensemblesPhaseDiagram, fig1Bottom, fig1Top, fig2, fig3, scaledRegime } from '@dam/plot';
import fig1BottomData from '../site/data/fig1-bottom.json' with { type: 'json' };
import largeNData from '../site/data/large-n.json' with { type: 'json' };

/**
 * A finite-size scan as `dam simulate --json` prints it.
 * @typedef {{
 *   ensemble: 'spherical' | 'gaussian' | 'binary',
 *   alpha: number,
 *   samples: number,
 *   seed: number,
 *   points: { N: number, P: number, lambdaHalf: number, stderr: number }[],
 *   fit: { lambdaInf: number, ci: number[] } | null,
 *   theory: { lambdaC: number },
 * }} SimulateJson
 */

/**
 * The shipped data of Fig. 1 (bottom): the command that produced it, what produced it, one scan per α.
 * @typedef {{ command: string, generated: string, scans: SimulateJson[] }} Fig1BottomData
 */

/** Half the bisection tolerance of `lambdaHalf` (1e-3): the floor `finiteSizeScan` puts under a zero error. */
const MIN_SIGMA = 5e-4;

/**
 * A `dam simulate --json` scan as `fig1Bottom` reads it. The JSON has λ_∞ and its interval but not
 * the quadratic's coefficients, so the paper's weighted quadratic fit in 1/N is recomputed with
 * `quadraticFit` of @dam/dynamics — the fit `finiteSizeScan` makes (the tests check that its λ_∞
 * equals the JSON's).
 * @param {SimulateJson} scan
 * @returns {import('@dam/plot').Fig1BottomScan}
 */
export function toFig1BottomScan(scan) {
  const fit = quadraticFit(
    scan.points.map((p) => 1 / p.N),
    scan.points.map((p) => p.lambdaHalf),
    scan.points.map((p) => p.stderr),
    { minSigma: MIN_SIGMA },
  );
  const c0 = fit.coefficients[0];
  const halfWidth = Z95 * Math.sqrt(fit.covariance[0]?.[0] ?? 0);
  return {
    ensemble: scan.ensemble,
    alpha: scan.alpha,
    points: scan.points,
    fitQuadratic: { coefficients: fit.coefficients, lambdaInf: c0, ci: [c0 - halfWidth, c0 + halfWidth] },
  };
}

/** The shipped Fig. 1 (bottom) data. */
export const FIG1_BOTTOM_DATA = /** @type {Fig1BottomData} */ (fig1BottomData);

/**
 * A `dam basins --json` experiment (angles in degrees).
 * @typedef {{
 *   ensemble: 'spherical' | 'gaussian' | 'binary', N: number, alpha: number, lambda: number,
 *   points: { thetaDegrees: number, rate: number, stderr: number, oneStepRate: number }[],
 *   thetaC: number | null, thetaCOneStep: number | null,
 * }} BasinsJson
 */

/**
 * The shipped large-N data: the commands that produced it, and their JSON outputs.
 * @typedef {{ commands: string[], generated: string, spherical: SimulateJson & { fit: { lambdaInf: number, ci: number[], b: number } },
 *   gaussian: SimulateJson & { fit: { lambdaInf: number, ci: number[], b: number } }, basins: BasinsJson[] }} LargeNData
 */

/** The shipped large-N data. */
export const LARGE_N_DATA = /** @type {LargeNData} */ (/** @type {unknown} */ (largeNData));

/**
 * A large-N `dam simulate --json` scan for `fig1Bottom` with `curve: 'finite-size'`: the JSON's
 * `fit` (the derived finite-size law's intercept λ_∞ and 1/N² coefficient `b`) is the curve.
 * @param {LargeNData['spherical']} scan
 * @returns {import('@dam/plot').Fig1BottomScan}
 */
export function toLargeNScan(scan) {
  const { lambdaInf, ci, b } = scan.fit;
  return { ...toFig1BottomScan(scan), fit: { lambdaInf, ci: [ci[0] ?? lambdaInf, ci[1] ?? lambdaInf], coefficients: [lambdaInf, b] } };
}

/**
 * A `dam basins --json` experiment as `basinsFigure` reads it (radians).
 * @param {BasinsJson} experiment
 * @returns {import('@dam/plot').BasinsFigureInput}
 */
export function toBasinsInput(experiment) {
  const radians = (/** @type {number} */ d) => (d * Math.PI) / 180;
  return {
    ensemble: experiment.ensemble,
    N: experiment.N,
    alpha: experiment.alpha,
    lambda: experiment.lambda,
    points: experiment.points.map((p) => ({ theta: radians(p.thetaDegrees), rate: p.rate, stderr: p.stderr })),
    thetaC: experiment.thetaC === null ? undefined : radians(experiment.thetaC),
  };
}

/**
 * Size (and, in Node, the document) of a drawing.
 * @typedef {{ width: number, height?: number | undefined, document?: Document | undefined, title?: string | null | undefined }} DrawOptions
 */

/**
 * Every figure of the site by name (`title: null`: the page says what it is; the CLI script keeps the titles).
 * @type {Record<string, (options: DrawOptions) => SVGSVGElement>}
 */
export const FIGURES = {
  'fig1-top': (o) => fig1Top(o),
  'fig1-bottom': (o) => fig1Bottom(FIG1_BOTTOM_DATA.scans.map(toFig1BottomScan), o),
  fig2: (o) => fig2(o),
  fig3: (o) => fig3(o),
  binary: (o) => binaryPhaseDiagram(o),
  ensembles: (o) => ensemblesPhaseDiagram(o),
  scaled: (o) => scaledRegime(o),
  'large-n-spherical': (o) => fig1Bottom([toLargeNScan(LARGE_N_DATA.spherical)], { ...o, curve: 'finite-size' }),
  'large-n-gaussian': (o) => fig1Bottom([toLargeNScan(LARGE_N_DATA.gaussian)], { ...o, curve: 'finite-size' }),
  'large-n-basins': (o) => basinsFigure(LARGE_N_DATA.basins.map(toBasinsInput), o),
};

/**
 * Whether `name` is a figure of {@link FIGURES}.
 * @param {string} name
 * @returns {boolean}
 */
export function isFigureName(name) {
  return Object.hasOwn(FIGURES, name);
}
