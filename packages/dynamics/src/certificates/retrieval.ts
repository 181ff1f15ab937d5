import type { Certificate, UpdateState } from '../protocol/runner.js';
import type { RunOutcome } from '../protocol/settings.js';
import { exponentShift, sumSlack, type TargetGeometry } from './geometry.js';

/**
 * `g(r) = Σ_{μ≠t} D_μ exp(λ(G_μ + D_μ r))` and its derivative `g'(r)`: the attention update
 * (Eq. 2) maps the ball `B(ξ^t, r)` into `B(ξ^t, g(r))`, because
 * `x' − ξ^t = Σ_μ a^μ (ξ^μ − ξ^t)` and `a^μ ≤ exp(λ(ξ^μ − ξ^t)·x) ≤ exp(λ(G_μ + D_μ r))`.
 */
function displacementBound(geometry: TargetGeometry, lambda: number, r: number): { g: number; slope: number } {
  const { gaps, dists, counts } = geometry.bins;
  const shift = exponentShift(geometry, lambda, r);
  let g = 0;
  let slope = 0;
  for (let k = 0; k < gaps.length; k++) {
    const d = dists[k] as number;
    const w = (counts[k] as number) * d * Math.exp(lambda * ((gaps[k] as number) + d * r) + shift);
    g += w;
    slope += w * d;
  }
  return { g: g * sumSlack(geometry.gaps.length), slope: lambda * slope * sumSlack(geometry.gaps.length) };
}

/**
 * Retrieval certificate (a provable early stop): the largest radius `r ≤ rMax` found with
 * `g(r) + δ ≤ r`, where `δ` bounds the backend's error on one update. Such a ball around `ξ^t` is
 * mapped into itself by every computed update, so a state inside it stays inside for all later
 * steps: once `‖x_t − ξ^t‖ ≤ r`, the run ends retrieved (`‖x − ξ^t‖²/N < ε` when
 * `rMax < √(εN)`). `h(r) = g(r) + δ − r` is convex, so `{h ≤ 0}` is an interval: radii
 * `rMax·2^{-k}` are scanned downwards until `h ≤ 0` (then refined by bisection towards the larger
 * bad radius), or `r < g(0) + δ` (no smaller radius can work), or `h' ≤ 0` (then the minimum of `h`
 * lies between this radius and the previous one: it is located by bisection on `h'` and tried).
 * Every radius returned has been checked (`h ≤ 0`); the search only affects how often a ball is
 * found. Returns `−Infinity` when no such ball was found.
 */
export function retrievalRadius(geometry: TargetGeometry, lambda: number, delta: number, rMax: number): number {
  const good = (r: number): { ok: boolean; slope: number } => {
    const { g, slope } = displacementBound(geometry, lambda, r);
    return { ok: g + delta <= r, slope };
  };
  // Largest checked radius in [ok, bad): bisection, keeping a radius only once checked.
  const refine = (ok: number, bad: number): number => {
    for (let i = 0; i < 8; i++) {
      const mid = 0.5 * (ok + bad);
      if (good(mid).ok) ok = mid;
      else bad = mid;
    }
    return ok;
  };
  const floor = displacementBound(geometry, lambda, 0).g + delta;
  if (!(floor <= rMax)) return Number.NEGATIVE_INFINITY;
  let previous = Number.NaN;
  for (let r = rMax; r >= floor; r /= 2) {
    const here = good(r);
    if (here.ok) return Number.isNaN(previous) ? r : refine(r, previous);
    if (here.slope <= 1) {
      // h > 0 and h' ≤ 0 here: h ≥ h(r) > 0 below r. If h' > 0 at the previous (bad) radius, the
      // minimum of h lies in between: bisect on the sign of h' and try each midpoint.
      if (Number.isNaN(previous)) return Number.NEGATIVE_INFINITY;
      let lo = r;
      let hi = previous;
      for (let i = 0; i < 40; i++) {
        const mid = 0.5 * (lo + hi);
        const at = good(mid);
        if (at.ok) return refine(mid, previous);
        if (at.slope <= 1) lo = mid;
        else hi = mid;
      }
      return Number.NEGATIVE_INFINITY;
    }
    previous = r;
  }
  return Number.NEGATIVE_INFINITY;
}

/**
 * The retrieval certificate of one run: once `‖x_t − ξ^t‖ ≤ r` for a radius `r < √(εN)` from
 * {@link retrievalRadius} (at the run's λ and δ), every later state stays within it, so the run
 * retrieves (`slack` rounds the float64 distance up).
 */
export class RetrievalCertificate implements Certificate {
  constructor(
    private readonly radius: number,
    private readonly slack: number,
  ) {}

  atStart(dist2: number): RunOutcome | undefined {
    return this.inside(dist2) ? { success: true, updates: 0, stop: 'retrieval-certificate' } : undefined;
  }

  afterUpdate(state: UpdateState): RunOutcome | undefined {
    return this.inside(state.nextDist2) ? { success: true, updates: state.t + 1, stop: 'retrieval-certificate' } : undefined;
  }

  private inside(dist2: number): boolean {
    return this.radius >= 0 && Math.sqrt(dist2) * this.slack <= this.radius;
  }
}
