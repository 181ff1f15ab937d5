import type { BasinsResult, CrossoverResult } from '@dam/dynamics';
import { basinsFigure, degrees, fig1Bottom } from '@dam/plot';
import type { OutputSet } from './output.js';

/** The large-N simulations of `dam reproduce all` (order-statistics mode). */
export interface LargeNResults {
  readonly crossovers: CrossoverResult[];
  readonly basins: BasinsResult[];
}

const TITLES: Record<string, string> = {
  spherical: 'Spherical patterns at large N: λ_{1/2}(α, N) and the finite-size law',
  gaussian: 'Gaussian patterns at large N: λ_{1/2}(α, N) beside λ_c = 1 − √(1 − 2α)',
};

/**
 * Rows of a large-N crossover: one per N with the finite-size law's `lambdaTheory`, then a row
 * N = inf with the law's extrapolation (`lambdaHalf`, `ciLow`, `ciHigh`), the paper's quadratic one
 * (`quadraticLambdaInf`) and the theory's `lambdaC`.
 */
function crossoverRows(result: CrossoverResult): Record<string, number | string | undefined>[] {
  return [
    ...result.points.map((p) => ({
      N: p.N,
      P: p.P,
      lambdaHalf: p.lambdaHalf,
      stderr: p.stderr,
      lambdaTheory: p.lambdaTheory ?? undefined,
    })),
    {
      N: Number.POSITIVE_INFINITY,
      lambdaHalf: result.fit?.lambdaInf,
      ciLow: result.fit?.ci[0],
      ciHigh: result.fit?.ci[1],
      quadraticLambdaInf: result.fitQuadratic?.lambdaInf,
      lambdaC: result.theory.lambdaC,
    },
  ];
}

const CROSSOVER_COLUMNS = ['N', 'P', 'lambdaHalf', 'stderr', 'lambdaTheory', 'ciLow', 'ciHigh', 'quadraticLambdaInf', 'lambdaC'];

/**
 * Writes the large-N figures and their data: `large-n-<ensemble>` per crossover (`fig1Bottom` with
 * the derived finite-size law as its curve) and `large-n-basins` (measured basins against the
 * theory's θ_c, with the one-update angles in the data).
 */
export function writeLargeN(out: OutputSet, results: LargeNResults): void {
  for (const result of results.crossovers) {
    const name = `large-n-${result.ensemble}`;
    out.data(name, crossoverRows(result), CROSSOVER_COLUMNS, result);
    const { fitQuadratic } = result;
    if (fitQuadratic === null) throw new RangeError(`${name}: fewer than 3 measured sizes, nothing to draw`);
    const scan = { ...result, fitQuadratic };
    out.figure(name, (o) => fig1Bottom([scan], { title: TITLES[result.ensemble], ...o, curve: 'finite-size' }));
  }
  if (results.basins.length > 0) {
    const rows = results.basins.flatMap((result) =>
      result.points.map((p) => ({
        lambda: result.lambda,
        N: result.N,
        thetaDegrees: degrees(p.theta),
        rate: p.rate,
        stderr: p.stderr,
        oneStepRate: p.oneStepRate,
      })),
    );
    const summary = results.basins.map((result) => ({
      lambda: result.lambda,
      N: result.N,
      thetaCDegrees: result.thetaC === undefined ? null : degrees(result.thetaC),
      thetaCOneStepDegrees: result.thetaCOneStep === undefined ? null : degrees(result.thetaCOneStep),
      theoryThetaCDegrees: result.theory.thetaC === undefined ? null : degrees(result.theory.thetaC),
    }));
    out.data('large-n-basins', rows, ['lambda', 'N', 'thetaDegrees', 'rate', 'stderr', 'oneStepRate'], {
      summary,
      results: results.basins,
    });
    out.figure('large-n-basins', (o) => basinsFigure(results.basins, { title: 'Basins at large N against the theory’s θ_c', ...o }));
  }
}
