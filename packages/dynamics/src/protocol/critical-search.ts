import type { ProtocolRunner } from './runner.js';

/**
 * Escape-time model near the crossover: a failing run that leaves the success ball at time `T` is
 * `Δ = λ_c − λ` below the critical λ with `1/T² ≈ (a + bΔ)Δ` (saddle-node ghost: `T ∝ Δ^{-1/2}`
 * close to λ_c); `a`, `b` fitted on spherical runs (bench/NOTES.md). It only steers where the search
 * probes, never an outcome.
 */
const ESCAPE_A = 10.5;
const ESCAPE_B = 600;
/** Failing runs that leave the ball faster than this carry no usable escape time. */
const MIN_ESCAPE = 1;
/** The two failures that fit the model's scale both have escape times of at least this. */
const FIT_MIN_ESCAPE = 3;
/** A fitted scale is used when it is off by more than this factor (either way; below 10). */
const FIT_SCALE_OFF = 1.5;
/** Probes of the guided search are rounded to this fraction of the final width (see below). */
const GRID_STEPS = 64;
/**
 * The last failing probe aims this fraction of the final width below the prediction (the last
 * succeeding one then lands the rest above it): failures near λ_c cost far more updates than
 * retrievals, so the pair sits a little below the prediction (tuning: bench/NOTES.md).
 */
const FAILURE_SHARE = 0.43;
/**
 * The failing approach aims this fraction of the predicted distance below the prediction, so that
 * it lands close enough below λ_c for the next probes to be the final pair (bench/NOTES.md).
 */
const APPROACH_SHRINK = 0.15;
/**
 * The highest failure is close enough for the final success probe (`lo` + one final width) once
 * the predicted distance to λ_c is below `FAILURE_SHARE + FINAL_REACH` final widths; generous,
 * because the prediction can overestimate the distance (bench/NOTES.md).
 */
const FINAL_REACH = 1;

/**
 * The critical λ of one realisation: a search on `[lo, hi]` of the outcome of the run from `ξ^1`
 * on the same patterns, until the bracket (`lo` fails, `hi` retrieves) is at most as wide as the
 * final bracket of a bisection to `tolerance` (`(hi − lo)/2^k`, `k = ⌈log₂((hi − lo)/tolerance)⌉`,
 * see `bisectionResolution`); returns its midpoint. Retrieval is empirically monotone in λ for a
 * fixed realisation (tested); if it were not, the result is still well defined: the midpoint of a
 * final bracket `[lo, hi]` such that every probe at or above `hi` retrieved and every probe at or
 * below `lo` failed. Censored values: `lo` when the run already retrieves at `lo`, `Infinity` when
 * it still fails at `hi`.
 *
 * Where it probes only decides the work, never the validity of the bracket. Failing runs near the
 * crossover are the expensive ones (up to ~100 updates: the ghost of the saddle-node, `∝ Δ^{-1/2}`);
 * retrieving runs there are cheaper since the contraction certificate ends them (~15–30 updates a
 * final width above λ_c). So instead of halving, the search predicts the critical λ from the escape
 * time `T` of the highest failure (`1/T²` is close to linear in `λ_c − λ` near a saddle-node, see
 * `predictCritical`), approaches it from below with one failure at ~0.15 of the predicted distance
 * (`APPROACH_SHRINK`), then places the last failure a bit less than half a final width below the
 * prediction and the last success one final width above the highest failure (the cheapest success
 * that finishes). Without a prediction it bisects. Measured at α = 0.2, N = 40 / 45 (spherical,
 * P = e^{αN}, λ ∈ [0.01, 3], tolerance 1e-3, wasm-simd, 40 realisations): 66 / 110 updates per
 * realisation. Predicted probes are rounded to a grid of 1/64 of the final width, so that runs that agree up to rounding (other
 * backends' tiles, streaming) make the same decisions.
 */
export function criticalLambda(
  runner: ProtocolRunner,
  lambdaRange: readonly [number, number],
  tolerance: number,
): { critical: number; updates: number; runs: number } {
  let updates = 0;
  let runs = 0;
  const failures: { lambda: number; escape: number }[] = [];
  const retrieves = (lambda: number): boolean => {
    const outcome = runner.run(runner.first, 0, lambda);
    updates += outcome.updates;
    runs += 1;
    if (!outcome.success && runner.lastEscape >= MIN_ESCAPE) failures.push({ lambda, escape: runner.lastEscape });
    return outcome.success;
  };
  let [lo, hi] = lambdaRange;
  if (!retrieves(hi)) return { critical: Number.POSITIVE_INFINITY, updates, runs };
  if (retrieves(lo)) return { critical: lo, updates, runs };
  const width = (hi - lo) / 2 ** Math.max(0, Math.ceil(Math.log2((hi - lo) / tolerance)));
  const done = width * (1 + 1e-9);
  const grid = width / GRID_STEPS;
  while (hi - lo > done) {
    const w = hi - lo;
    const guess = predictCritical(failures, lo, hi);
    let p: number;
    if (guess === undefined || runs > 40) {
      p = 0.5 * (lo + hi);
    } else if (w <= 2 * width) {
      // Any probe in [hi − width, lo + width] finishes: the end farther from the guess is cheaper.
      const a = hi - width;
      const b = lo + width;
      p = Math.abs(a - guess.lambda) > Math.abs(b - guess.lambda) ? a : b;
    } else if (lo >= guess.lambda - (FAILURE_SHARE + FINAL_REACH) * width) {
      // lo already fails close below the guess: a success within one width of it finishes (and a
      // failure there is a closer lo).
      p = lo + width;
    } else {
      // Approach from below (failures carry the escape time): a failure closer to the guess, and a
      // better guess from its escape time.
      const step = Math.max(FAILURE_SHARE * width, APPROACH_SHRINK * (guess.lambda - guess.from));
      p = Math.round((guess.lambda - step) / grid) * grid;
      if (!(p > lo && p < hi)) p = 0.5 * (lo + Math.min(hi, guess.lambda));
    }
    if (!(p > lo && p < hi)) p = 0.5 * (lo + hi);
    if (retrieves(p)) hi = p;
    else lo = p;
  }
  return { critical: 0.5 * (lo + hi), updates, runs };
}

/**
 * Prediction of the critical λ from the escape times of the failures: the root `Δ` above the
 * highest failure of `c·g(Δ) = 1/T²`, `g(Δ) = (a + bΔ)Δ`, clamped into `[lo, hi]`; `from` is the
 * failure it extrapolates from. The scale `c` is 1 (`a`, `b` were fitted at α = 0.2, N = 40–45)
 * unless the two highest failures, `λ₁ < λ₂` with escape times of at least `FIT_MIN_ESCAPE` that
 * grow toward λ_c (`z = 1/T²`, `z₁ > z₂`), fit a scale off by more than `FIT_SCALE_OFF` from it:
 * `z_i = c·g(λ_c − λ_i)` fixes `D = λ_c − λ₂` as the positive root of
 * `(z₁ − z₂)bD² + ((z₁ − z₂)a − 2z₂bd)D − z₂(ad + bd²) = 0`, `d = λ₂ − λ₁`. (At α = 0.3 escape times
 * are several times longer than the model's: with `c = 1` the search crept up on λ_c by ~8
 * failures; bench/NOTES.md.)
 */
function predictCritical(
  failures: readonly { lambda: number; escape: number }[],
  lo: number,
  hi: number,
): { lambda: number; from: number } | undefined {
  let first: { lambda: number; escape: number } | undefined;
  let second: { lambda: number; escape: number } | undefined;
  for (const failure of failures) {
    if (first === undefined || failure.lambda > first.lambda) {
      second = first;
      first = failure;
    } else if (failure.lambda < first.lambda && (second === undefined || failure.lambda > second.lambda)) {
      second = failure;
    }
  }
  if (first === undefined) return undefined;
  const z2 = 1 / first.escape ** 2;
  let distance = (2 * z2) / (ESCAPE_A + Math.sqrt(ESCAPE_A * ESCAPE_A + 4 * ESCAPE_B * z2));
  if (second !== undefined && second.escape >= FIT_MIN_ESCAPE) {
    const z1 = 1 / second.escape ** 2;
    const d = first.lambda - second.lambda;
    const dz = z1 - z2;
    if (dz > 0) {
      const A = dz * ESCAPE_B;
      const B = dz * ESCAPE_A - 2 * z2 * ESCAPE_B * d;
      const C = -z2 * (ESCAPE_A * d + ESCAPE_B * d * d);
      const D = (2 * -C) / (B + Math.sqrt(B * B - 4 * A * C)); // the positive root, without cancellation
      const off = Math.abs(Math.log(z2 / ((ESCAPE_A + ESCAPE_B * D) * D))); // |log c|
      if (D > 0 && off > Math.log(FIT_SCALE_OFF) && off < Math.log(10)) distance = D;
    }
  }
  return { lambda: Math.min(hi, Math.max(lo, first.lambda + distance)), from: first.lambda };
}
