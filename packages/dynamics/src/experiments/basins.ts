import { type EnsembleName, ensembleLaw } from '@dam/ensembles';
import { cosThetaC } from '@dam/theory';
import { patternCount } from '../runtime/memory.js';
import { withPool } from '../runtime/pool.js';
import { storageSpec, type Task } from '../runtime/tasks.js';
import { checkPositive } from '../validate.js';
import { checkSize, type ExperimentOptions, prepare } from './experiment.js';
import { deriveSeed, realisationSeed, SALT_DIRECTION } from './seeds.js';
import { binomialStderr } from './statistics.js';
import type { PatternStorageOptions } from './storage.js';

/** Options of {@link basins}. */
export interface BasinsOptions extends ExperimentOptions, PatternStorageOptions {
  /** Ensemble of the patterns (default `spherical`, as in Fig. 2). */
  readonly ensemble?: EnsembleName | undefined;
  readonly N: number;
  /** Load `α`: `P = round(e^{αN})`. */
  readonly alpha: number;
  /** Inverse temperature `λ > 0`. */
  readonly lambda: number;
  /** Start angles `θ` (radians), strictly increasing in `[0, π]`. */
  readonly thetas: readonly number[];
  /** Realisations (each is run from every θ with the same patterns and direction). */
  readonly samples: number;
  readonly seed: number;
  /** Called on the calling thread as each realisation of this call finishes (a journal's record). */
  readonly onRealisation?: ((record: BasinRecord) => void) | undefined;
  /**
   * Realisations already computed with the same options and backend (from a journal; the caller
   * checks that they are): they are not run again, and the result is an uninterrupted run's.
   */
  readonly completed?: readonly BasinRecord[] | undefined;
}

/** One realisation of a basin experiment, as it finishes. */
export interface BasinRecord {
  /** The realisation's index `r` in `[0, samples)`. */
  readonly realisation: number;
  /** Retrieval from each start angle, in the order of `thetas`. */
  readonly successes: readonly boolean[];
  /** Whether the first update from each angle landed in the success ball (the one-step argument). */
  readonly oneStep: readonly boolean[];
  /** Attention updates it took. */
  readonly updates: number;
}

/** One angle of a {@link BasinsResult}. */
export interface BasinPoint {
  /** Start angle `θ` from `ξ^1` (radians). */
  readonly theta: number;
  /** Fraction of realisations retrieving `ξ^1` from angle θ. */
  readonly rate: number;
  /** Binomial standard error of `rate`. */
  readonly stderr: number;
  readonly successes: number;
  /** Fraction of realisations whose first update from θ lands in the success ball (`‖x_1 − ξ^1‖²/N < ε`). */
  readonly oneStepRate: number;
}

/** Result of {@link basins}. */
export interface BasinsResult {
  readonly points: readonly BasinPoint[];
  /**
   * Estimated basin angle: where the rate crosses ½ (first crossing from `≥ ½` to `< ½` with
   * increasing θ, linear interpolation); `undefined` when the rate does not cross ½ on the grid.
   */
  readonly thetaC: number | undefined;
  /**
   * The same crossing for the one-step rate: the angle below which one update already lands in the
   * success ball — what the paper's one-step argument for `θ_c` describes.
   */
  readonly thetaCOneStep: number | undefined;
  /** Section IV: `cos θ_c = φ_{α,1}(λ)` and `θ_c` (`undefined` where `α ≥ α_1(λ)`: no basin). */
  readonly theory: { readonly cosThetaC: number | undefined; readonly thetaC: number | undefined };
  readonly ensemble: EnsembleName;
  readonly N: number;
  readonly P: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly samples: number;
  readonly backend: string;
  readonly updates: number;
}

/** Where `rates` (on increasing `thetas`) first crosses ½ downwards, by linear interpolation. */
export function crossingAngle(thetas: readonly number[], rates: readonly number[]): number | undefined {
  for (let i = 0; i + 1 < thetas.length; i++) {
    const r0 = rates[i] as number;
    const r1 = rates[i + 1] as number;
    if (r0 >= 0.5 && r1 < 0.5) {
      const t0 = thetas[i] as number;
      const t1 = thetas[i + 1] as number;
      return t0 + ((r0 - 0.5) / (r0 - r1)) * (t1 - t0);
    }
  }
  return undefined;
}

/**
 * Basins of attraction (Section IV, Fig. 2): for each realisation, start the paper's protocol at
 * `x0 = cos θ ξ^1 + sin θ u` for every θ, with `u` a random direction orthogonal to `ξ^1` scaled
 * to norm `√N` (from the stream `deriveSeed(seed, r, SALT_DIRECTION)`; for spherical patterns `x0`
 * is on the sphere at angle θ from `ξ^1`), and count a success iff `‖x − ξ^1‖²/N < 0.01` after at
 * most 100 updates. Returns the success rate per θ, the estimated `θ_c` (rate crossing ½) and the
 * theory `cos θ_c = φ_{α,1}(λ)` of `@dam/theory` (`cosThetaC`).
 */
export async function basins(options: BasinsOptions): Promise<BasinsResult> {
  const ensemble = options.ensemble ?? 'spherical';
  const { N, alpha, samples, seed } = options;
  checkSize({ ensemble, N, alpha, samples, seed });
  const lambda = checkPositive('lambda', options.lambda);
  const thetas = options.thetas;
  if (!Array.isArray(thetas) || thetas.length === 0) throw new RangeError('thetas must be a non-empty list of angles');
  thetas.forEach((theta, i) => {
    if (!(theta >= 0 && theta <= Math.PI)) throw new RangeError(`thetas[${i}] must be in [0, π], got ${String(theta)}`);
    if (i > 0 && !(theta > (thetas[i - 1] as number))) {
      throw new RangeError(`thetas must be strictly increasing, got ${thetas.join(', ')}`);
    }
  });
  if (options.patterns === 'order-statistics' && ensemble !== 'spherical') {
    throw new RangeError(`patterns: 'order-statistics' basins support spherical patterns only, got ensemble '${ensemble}'`);
  }
  const prepared = await prepare(options, [{ N, alpha }], options);
  const P = patternCount(N, alpha);
  const tasks: Task[] = Array.from({ length: samples }, (_, r) => ({
    kind: 'basin',
    patterns: { ensemble, N, P, seed: realisationSeed(seed, r), ...storageSpec(prepared) },
    lambda,
    thetas: [...thetas],
    directionSeed: deriveSeed(seed, r, SALT_DIRECTION),
    protocol: prepared.protocol,
  }));
  const results: { successes?: readonly boolean[]; oneStep?: readonly boolean[]; updates: number }[] = new Array(samples);
  for (const record of options.completed ?? []) {
    if (!(Number.isSafeInteger(record.realisation) && record.realisation >= 0 && record.realisation < samples)) {
      throw new RangeError(`completed: realisation ${record.realisation} is not in [0, ${samples})`);
    }
    if (record.successes.length !== thetas.length || record.oneStep.length !== thetas.length) {
      throw new RangeError(
        `completed: realisation ${record.realisation} has ${record.successes.length} outcomes for ${thetas.length} angles`,
      );
    }
    results[record.realisation] = record;
  }
  const todo = tasks.map((_, r) => r).filter((r) => results[r] === undefined);
  let done = samples - todo.length;
  await withPool(
    { backend: prepared.backend, workers: Math.min(prepared.workers, Math.max(1, todo.length)), signal: prepared.signal },
    (pool) =>
      pool.run(
        todo.map((r) => tasks[r] as Task),
        (k, result) => {
          const realisation = todo[k] as number;
          results[realisation] = result;
          options.onRealisation?.({
            realisation,
            successes: result.successes ?? [],
            oneStep: result.oneStep ?? [],
            updates: result.updates,
          });
          prepared.progress(++done, samples);
        },
      ),
  );
  const points = thetas.map((theta, i) => {
    const successes = results.filter((result) => result.successes?.[i] === true).length;
    const oneStep = results.filter((result) => result.oneStep?.[i] === true).length;
    return { theta, rate: successes / samples, stderr: binomialStderr(successes, samples), successes, oneStepRate: oneStep / samples };
  });
  const cos = cosThetaC(ensembleLaw(ensemble), alpha, lambda);
  return {
    points,
    thetaC: crossingAngle(
      thetas,
      points.map((p) => p.rate),
    ),
    thetaCOneStep: crossingAngle(
      thetas,
      points.map((p) => p.oneStepRate),
    ),
    theory: { cosThetaC: cos, thetaC: cos === undefined ? undefined : Math.acos(Math.min(1, Math.max(-1, cos))) },
    ensemble,
    N,
    P,
    alpha,
    lambda,
    samples,
    backend: await prepared.backend(),
    updates: results.reduce((sum, result) => sum + result.updates, 0),
  };
}
