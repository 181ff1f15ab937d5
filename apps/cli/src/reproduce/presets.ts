/** How a large-N step holds its patterns, and how many realisations it needs. */
export interface LargeNSettings {
  /** `'order-statistics'`: the large-N mode of `@dam/dynamics` (default: the exact, materialised mode). */
  readonly patterns?: 'order-statistics' | undefined;
  /** Realisations per point for this scan (default: the preset's; `--samples` overrides both). */
  readonly samples?: number | undefined;
}

/** One crossover scan of Fig. 1 (bottom): patterns of `ensemble` (default spherical) at load `alpha`, sizes `Ns`. */
export interface CrossoverSpec extends LargeNSettings {
  readonly ensemble?: 'spherical' | 'gaussian' | undefined;
  readonly alpha: number;
  readonly Ns: readonly number[];
}

/** The basin experiment of our basins figure: start at angle θ from ξ¹, several λ. */
export interface BasinsSpec extends LargeNSettings {
  readonly N: number;
  readonly alpha: number;
  readonly lambdas: readonly number[];
  /** Start angles in degrees. */
  readonly thetasDegrees: readonly number[];
}

/** The large-N figures (with `all`): the order-statistics crossovers with the finite-size law, and basins. */
export interface LargeNPlan {
  /** Spherical crossover with the derived finite-size law (large-N Fig. 1, bottom). */
  readonly spherical: CrossoverSpec;
  /** The Gaussian crossover beside its theory (`undefined`: not in this preset). */
  readonly gaussian?: CrossoverSpec | undefined;
  /** Basins at large N against θ_c (`undefined`: not in this preset). */
  readonly basins?: BasinsSpec | undefined;
}

/** How much simulation `dam reproduce` does. */
export interface ReproducePreset {
  readonly name: 'quick' | 'full';
  /** Realisations per point (overridden by `--samples`). */
  readonly samples: number;
  readonly crossovers: readonly CrossoverSpec[];
  readonly basins: BasinsSpec;
  readonly largeN: LargeNPlan;
}

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/**
 * `--quick` (the default): Fig. 1 (bottom) at α = 0.1, 0.2, 0.3 up to P ≈ 4·10⁴ patterns with 64
 * realisations per point, and basins at N = 40 — 20–40 s on two cores; with `all`, the large-N
 * spherical crossover (order statistics, N = 100–800, 4 realisations: their critical λs agree to
 * 1e-5 there) — about 15 s more.
 */
export const QUICK: ReproducePreset = {
  name: 'quick',
  samples: 64,
  crossovers: [
    { alpha: 0.1, Ns: range(30, 80, 10) },
    { alpha: 0.2, Ns: range(20, 50, 5) },
    { alpha: 0.3, Ns: range(15, 35, 5) },
  ],
  basins: { N: 40, alpha: 0.2, lambdas: [0.4, 0.6, 2], thetasDegrees: range(0, 90, 2.5) },
  largeN: {
    spherical: { ensemble: 'spherical', alpha: 0.2, Ns: [100, 200, 400, 800], patterns: 'order-statistics', samples: 4 },
  },
};

/**
 * `--full`: the paper's scale or more — 256 realisations per point, sizes up to P ≈ 1.6·10⁵
 * patterns (N = 60 at α = 0.2, N = 40 at α = 0.3, N = 110 at α = 0.1), basins at N = 50; with
 * `all`, the large-N figures: the spherical crossover to N = 3200 (16 realisations), the Gaussian
 * one to N = 800 (256: its critical λs spread with ‖ξ¹‖), basins at N = 800 (32).
 */
export const FULL: ReproducePreset = {
  name: 'full',
  samples: 256,
  crossovers: [
    { alpha: 0.1, Ns: range(40, 110, 10) },
    { alpha: 0.2, Ns: range(20, 60, 5) },
    { alpha: 0.3, Ns: range(15, 40, 5) },
  ],
  basins: { N: 50, alpha: 0.2, lambdas: [0.4, 0.6, 2], thetasDegrees: range(0, 90, 1.25) },
  largeN: {
    spherical: { ensemble: 'spherical', alpha: 0.2, Ns: [100, 200, 400, 800, 1600, 3200], patterns: 'order-statistics', samples: 16 },
    gaussian: { ensemble: 'gaussian', alpha: 0.2, Ns: [100, 200, 400, 800], patterns: 'order-statistics', samples: 256 },
    basins: { N: 800, alpha: 0.2, lambdas: [0.4, 0.6, 2], thetasDegrees: range(40, 64, 1), patterns: 'order-statistics', samples: 32 },
  },
};

/** What `dam reproduce` can produce: a figure of the paper, or everything (with our figures). */
export type ReproduceTarget = 'fig1' | 'fig2' | 'fig3' | 'all';

/** The figures of the paper (and the order they are made in). */
export const REPRODUCE_TARGETS: readonly ReproduceTarget[] = ['fig1', 'fig2', 'fig3', 'all'];
