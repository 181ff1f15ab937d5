import { fillNormal, rowStream } from '@dam/ensembles';
import { createMatrix } from '@dam/kernels';
import type { BulkStep } from './bulk.js';
import { inverseNormalUpperTail, logNormalDensity, logNormalUpperTail } from './normal-tail.js';
import { type ExplicitPatterns, sampleGamma, topTails } from './sampler.js';

/**
 * The `K + 1` explicit patterns of a Gaussian realisation (`ξ^μ ~ N(0, I_N)`) in the frame where
 * `ξ^1 = ρ e_1`: `ρ = ‖ξ^1‖` with `ρ² ~ χ²_N` (`2·Gamma(N/2)`), and each other pattern
 * `ξ^μ = g_μ e_1 + η_μ` with `g_μ = ξ^μ·e_1 ~ N(0, 1)` independent of `η_μ ~ N(0, I_{N−1})` on
 * `e_1^⊥` — so the overlap with `ξ^1` is `ρ g_μ`, and the `K` largest overlaps are those of the `K`
 * largest `g`: their exact top order statistics (`topTails` then `Q⁻¹`, stream `rowStream(seed, 0)`,
 * then `ρ` from the same stream); `η` of row `k` from `rowStream(seed, k)`. Rounded to float32.
 * `overlaps` holds the `g_(k)` and `cut = g_(K)` bounds the bulk.
 */
export function drawGaussianPatterns(N: number, P: number, K: number, seed: number): ExplicitPatterns {
  const rng = rowStream(seed, 0);
  const { logQ, log1mQ } = topTails(rng, P, K);
  const g = logQ.map((q, i) => inverseNormalUpperTail(q, log1mQ[i] as number));
  const rho = Math.sqrt(2 * sampleGamma(rng, N / 2));
  const k = g.length;
  const patterns = createMatrix(k + 1, N);
  patterns.data[0] = rho;
  const eta = new Float64Array(N - 1);
  for (let i = 0; i < k; i++) {
    fillNormal(rowStream(seed, i + 1), eta);
    const offset = (i + 1) * N;
    patterns.data[offset] = g[i] as number;
    for (let j = 0; j < eta.length; j++) patterns.data[offset + 1 + j] = eta[j] as number;
  }
  return {
    patterns,
    overlaps: g,
    cut: k === 0 ? Number.POSITIVE_INFINITY : (g[k - 1] as number),
    logTailAtCut: k === 0 ? Number.NEGATIVE_INFINITY : logNormalUpperTail(g[k - 1] as number),
  };
}

/**
 * The bulk of a Gaussian realisation: `count = P − 1 − K` patterns `g e_1 + η` with `g` standard
 * normal conditioned on `g < cut` and `η ~ N(0, I_{N−1})`, their sums replaced by conditional
 * expectations as in `BulkModel` — here in closed form. For `x = x_1 e_1 + x_⊥`, `‖x_⊥‖ = r`,
 * `t = λx_1`, write `η·x_⊥ = r z` with `z` standard normal, and `E[e^{tg}; g < c] = e^{t²/2}Φ(c − t)`,
 * `E[g e^{tg}; g < c] = e^{t²/2}(tΦ(c − t) − φ(c − t))`, the same in `z`.
 *
 * Unlike the sphere, a Gaussian bulk is unbounded along `x_⊥`: the plain expectation over `z`
 * (`e^{λ²r²/2}`, tilted mean `λr`) is carried by values of `z` that none of the `count` patterns
 * reaches once `λr` exceeds their largest `z` — the frozen phase of the REM — and a failing run at
 * large λ would then grow without bound. So `z` is taken conditioned on `z < z* = √(2 log count)`,
 * the largest of `count` standard normals to leading order (no effect while `λr ≪ z*`, the regime
 * of the retrieval crossover). Then, with `u = c − t` and `v = z* − λr`,
 * `log Z_B = log count − log Φ(c) − log Φ(z*) + t²/2 + log Φ(u) + λ²r²/2 + log Φ(v)` and
 * `W_B/Z_B = (t − φ(u)/Φ(u)) e_1 + (λr − φ(v)/Φ(v)) x̂_⊥`.
 */
export class GaussianBulk {
  /** `log count − log Φ(cut) − log Φ(z*)`. */
  private readonly logScale: number;
  /** `z* = √(2 log count)`. */
  private readonly zMax: number;

  constructor(
    readonly count: number,
    readonly cut: number,
  ) {
    this.zMax = Math.sqrt(2 * Math.log(Math.max(count, 1)));
    this.logScale = Math.log(count) - logNormalUpperTail(-cut) - logNormalUpperTail(-this.zMax);
  }

  step(lambda: number, x1: number, r: number): BulkStep {
    if (this.count <= 0) return { logZ: Number.NEGATIVE_INFINITY, parallel: 0, perpendicular: 0 };
    const t = lambda * x1;
    const u = this.cut - t;
    const v = this.zMax - lambda * r;
    const logPhiU = logNormalUpperTail(-u); // log Φ(c − t)
    const logPhiV = logNormalUpperTail(-v); // log Φ(z* − λr)
    return {
      logZ: this.logScale + 0.5 * t * t + logPhiU + 0.5 * lambda * lambda * r * r + logPhiV,
      parallel: t - Math.exp(logNormalDensity(u) - logPhiU),
      perpendicular: lambda * r - Math.exp(logNormalDensity(v) - logPhiV),
    };
  }
}
