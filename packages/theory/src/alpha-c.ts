import { completeLaw, type EnsembleLaw } from '@dam/ensembles';
import { brentRoot, minimizeOnInterval, monotoneRoot } from '@dam/ensembles/internals';
import { alpha1, alpha1AtNorm } from './alpha1.js';
import { phi } from './rem.js';
import { checkAlpha, checkLambda } from './validate.js';

/**
 * Cost `inf_{φ > r²} [ζ̂_r(φ)]` of the REM free energy exceeding the signal `r²`: `ζ̂_r(r²)`,
 * or `Infinity` when `r²` is at or beyond the largest possible overlap (no level can exceed it).
 */
function overtakeCost(law: EnsembleLaw, r: number): number {
  const r2 = r * r;
  if (r2 >= law.maxOverlap(r)) return Number.POSITIVE_INFINITY;
  return completeLaw(law).zetaHat(r2, r);
}

/**
 * Rate `A(α, λ)` of Eq. (11): `1 − p_1 ≈ e^{−N A}` for the failure of a single pattern,
 * `inf_r [Ĩ(r) + inf_{φ > r²} I_{α,r,λ}(φ)]` with `I` the REM free-energy rate of Eq. (10).
 * Here the infimum over `r` is taken on the candidate points `rs` (a direct, slow evaluation of
 * the definition, used to cross-check {@link alphaCLowerBound}).
 */
export function rateA(law: EnsembleLaw, alpha: number, lambda: number, rs: readonly number[]): number {
  checkAlpha(alpha);
  checkLambda(lambda);
  let best = Number.POSITIVE_INFINITY;
  for (const r of rs) {
    const normRate = law.normRate(r);
    if (!(normRate < best)) continue;
    const typical = phi(law, alpha, lambda, r);
    const rem = typical >= r * r ? 0 : overtakeCost(law, r) - alpha;
    best = Math.min(best, normRate + rem);
  }
  return best;
}

/** The three rates that decide the first bad load of reference norm `r` (see {@link firstBadLoad}). */
interface NormRates {
  /** `α_1(λ; r)`: below it the typical REM does not beat a pattern of norm `r`. */
  readonly a: number;
  /** `Ĩ(r)`: rate of the norm. */
  readonly normRate: number;
  /** `B/2 = (Ĩ(r) + ζ̂_r(r²))/2`: load at which an atypical REM level overtakes (union bound). */
  readonly half: number;
}

function normRates(law: EnsembleLaw, lambda: number, r: number): NormRates {
  const normRate = law.normRate(r);
  if (normRate === Number.POSITIVE_INFINITY) {
    return { a: Number.POSITIVE_INFINITY, normRate, half: Number.POSITIVE_INFINITY };
  }
  return { a: alpha1AtNorm(law, lambda, r), normRate, half: 0.5 * (normRate + overtakeCost(law, r)) };
}

/**
 * First bad load contributed by reference norm `r`: with `a = α_1(λ; r)` and
 * `B = Ĩ(r) + ζ̂_r(r²)`, the union bound fails at `α` when `α ≥ max(a, Ĩ)` (the typical REM beats
 * a pattern of norm r, which has probability `e^{−NĨ}`) or when `B/2 ≤ α < a` (an atypical REM
 * level overtakes it). So the smallest bad α is `B/2` if `B/2 < a`, else `max(a, Ĩ)`.
 */
function firstBadLoad({ a, normRate, half }: NormRates): number {
  return half < a ? half : Math.max(a, normRate);
}

/**
 * `inf_r firstBadLoad(r)` over `[low, high]`. The function is piecewise smooth with two kinds of
 * corners that a grid can step over: the crossing `a(r) = Ĩ(r)` (the minimum of `max(a, Ĩ)` is a
 * narrow V there) and the switch `B/2 = a` between the branches (where the infimum is `a = B/2`).
 * So: a grid scan with golden-section refinement for the smooth minima, plus, in every grid cell
 * where `a − Ĩ` or `B/2 − a` changes sign, the corner located by Brent's method.
 */
function infimumOverNorms(law: EnsembleLaw, lambda: number, low: number, high: number): number {
  const gridPoints = 64;
  const rates = (r: number): NormRates => normRates(law, lambda, r);
  let best = minimizeOnInterval((r) => firstBadLoad(rates(r)), low, high, gridPoints).value;
  const h = (high - low) / (gridPoints - 1);
  const crossing = (r: number): number => {
    const { a, normRate } = rates(r);
    return a - normRate;
  };
  const switching = (r: number): number => {
    const { a, half } = rates(r);
    return half - a;
  };
  let previous = rates(low);
  for (let i = 1; i < gridPoints; i++) {
    const r0 = low + (i - 1) * h;
    const r1 = i === gridPoints - 1 ? high : low + i * h;
    const current = rates(r1);
    if (Number.isFinite(previous.a) && Number.isFinite(current.a)) {
      if (previous.a - previous.normRate > 0 !== current.a - current.normRate > 0) {
        best = Math.min(best, firstBadLoad(rates(brentRoot(crossing, r0, r1))));
      }
      if (previous.half - previous.a > 0 !== current.half - current.a > 0) {
        // At the switch B/2 = a: the infimum of the B/2 branch just inside it.
        best = Math.min(best, rates(brentRoot(switching, r0, r1)).half);
      }
    }
    previous = current;
  }
  return best;
}

/**
 * Norms `r` that can matter for `α_c^lb`: those with `Ĩ(r) ≤ 2α_1(λ)` (elsewhere the first bad
 * load is at least `Ĩ(r)/2 ≥ α_1 ≥ α_c^lb`), an interval around `r_ξ` found by bracketing.
 */
function relevantNorms(law: EnsembleLaw, lambda: number): [number, number] {
  const [supportLow, supportHigh] = law.normSupport;
  if (supportLow === supportHigh) return [supportLow, supportHigh];
  const r0 = law.typicalNorm;
  const level = 2 * alpha1(law, lambda);
  const excess = (r: number): number => law.normRate(r) - level;
  return [monotoneRoot((r) => -excess(r), supportLow, r0), monotoneRoot(excess, r0, supportHigh)];
}

/**
 * `α_c^lb(λ)` of Eq. (12), `sup{α : A(α, λ) − α > 0}`, the union-bound lower bound on the load
 * at which all patterns are retrieved. Because `A(α, λ)` is non-increasing in α, the set of good
 * loads is an interval, and Eqs. (10)–(12) reduce to `α_c^lb = inf_r firstBadLoad(r)`, minimised
 * over the relevant norms (see {@link infimumOverNorms}: grid, golden section, and the corners
 * located by root finding). Equals `α_1` for
 * fixed-norm ensembles whose overlaps cannot exceed the signal (spherical, binary).
 */
export function alphaCLowerBound(law: EnsembleLaw, lambda: number): number {
  checkLambda(lambda);
  const [low, high] = relevantNorms(law, lambda);
  const atTypical = firstBadLoad(normRates(law, lambda, law.typicalNorm));
  if (low === high) return atTypical;
  return Math.min(atTypical, infimumOverNorms(law, lambda, low, high));
}
