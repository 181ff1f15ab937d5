// TEST FIXTURES — made-up simulation results, NOT measurements. They have the exact types that
// @dam/dynamics returns (so the figures are checked against the real result types) and values
// shaped like real runs (λ_1/2 decreasing towards the theory's λ_c(α) as N grows; success rates
// falling from 1 to 0 around the theory's θ_c), so that figure tests need no simulation.
import type { BasinsResult, FiniteSizeScanResult } from '@dam/dynamics';
import { sphericalLaw } from '@dam/ensembles';
import { cosThetaC, lambdaC } from '@dam/theory';

/** A deterministic pseudo-random offset in [−1, 1] (not a simulation; just to look like noisy data). */
function wobble(k: number): number {
  return Math.sin(12.9898 * k + 78.233) % 1;
}

/** A fake finite-size scan at load `alpha` (spherical), fit coefficients = the generating quadratic. */
export function fakeScan(alpha: number, Ns: readonly number[] = [20, 25, 30, 35, 40]): FiniteSizeScanResult {
  const lambdaInfinity = lambdaC(sphericalLaw, alpha);
  const coefficients: [number, number, number] = [lambdaInfinity * 0.94, 3.2 * lambdaInfinity, 8 * lambdaInfinity];
  const stderr = 0.004 + 0.01 * lambdaInfinity;
  const points = Ns.map((N, i) => ({
    N,
    P: Math.round(Math.exp(alpha * N)),
    lambdaHalf: coefficients[0] + coefficients[1] / N + coefficients[2] / (N * N) + 0.4 * stderr * wobble(i + 10 * alpha),
    stderr,
    censored: null,
    criticalLambdas: [],
    lambdaTheory: null,
  }));
  const half = 0.25 * lambdaInfinity;
  return {
    points,
    fit: null,
    fitQuadratic: {
      lambdaInf: coefficients[0],
      ci: [coefficients[0] - half, coefficients[0] + half],
      coefficients,
      covariance: [
        [(half / 1.96) ** 2, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      chi2: 1,
      dof: Ns.length - 3,
      skipped: [],
    },
    theory: { lambdaC: lambdaInfinity, finiteSize: null },
    ensemble: 'spherical',
    alpha,
    seed: 1,
    samples: 32,
    backend: 'fixture',
    updates: 0,
  };
}

/** A fake basins experiment (spherical): rates falling around 0.9 × the theory's θ_c. */
export function fakeBasins(N: number, alpha: number, lambda: number, samples = 64): BasinsResult {
  const cos = cosThetaC(sphericalLaw, alpha, lambda);
  const theta = cos === undefined ? undefined : Math.acos(cos);
  const centre = (theta ?? 0.3) * 0.9;
  const thetas = Array.from({ length: 19 }, (_, i) => (i * 5 * Math.PI) / 180);
  const points = thetas.map((t, i) => {
    const p = 1 / (1 + Math.exp((t - centre) / 0.05));
    const successes = Math.max(0, Math.min(samples, Math.round(p * samples + 1.5 * wobble(i + N))));
    const rate = successes / samples;
    // One update alone retrieves from a narrower cone (made up: 0.8 of the full rate's centre).
    const oneStepRate = 1 / (1 + Math.exp((t - 0.8 * centre) / 0.05));
    return { theta: t, rate, stderr: Math.sqrt((rate * (1 - rate)) / samples), successes, oneStepRate };
  });
  let thetaC: number | undefined;
  for (let i = 0; i + 1 < points.length && thetaC === undefined; i++) {
    const a = points[i] as (typeof points)[number];
    const b = points[i + 1] as (typeof points)[number];
    if (a.rate >= 0.5 && b.rate < 0.5) thetaC = a.theta + ((a.rate - 0.5) / (a.rate - b.rate)) * (b.theta - a.theta);
  }
  return {
    points,
    thetaC,
    thetaCOneStep: 0.8 * centre,
    theory: { cosThetaC: cos, thetaC: theta },
    ensemble: 'spherical',
    N,
    P: Math.round(Math.exp(alpha * N)),
    alpha,
    lambda,
    samples,
    backend: 'fixture',
    updates: 0,
  };
}
