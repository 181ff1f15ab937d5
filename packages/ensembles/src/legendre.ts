import type { CompleteLaw, EnsembleLaw } from './law.js';
import { derivative } from './numerics/derivative.js';
import { monotoneRoot } from './numerics/monotone-root.js';

/** Result of {@link legendreTransform}: the value `ζ̂(ε)` and the maximising `λ = ζ̂'(ε)`. */
export interface LegendrePoint {
  readonly value: number;
  readonly lambda: number;
}

const LAMBDA_LIMIT = 1e12;

/**
 * Numerical Legendre transform of Eq. (6), `ζ̂(ε) = sup_λ [λε − ζ(λ)]`, for a convex
 * differentiable `zeta` with derivative `zetaPrime`: solves `ζ'(λ) = ε` ({@link monotoneRoot},
 * to relative precision), then evaluates `λε − ζ(λ)` (stationary, so the value is accurate to
 * rounding). When no root exists up to `|λ| = 1e12` — `ε` on or beyond the edge of the support —
 * it returns the value at `|λ| = 1e12`: the limit on the edge, a large number beyond it
 * ({@link completeLaw} maps overlaps beyond `maxOverlap` to `Infinity`).
 */
export function legendreTransform(
  zeta: (lambda: number) => number,
  eps: number,
  zetaPrime: (lambda: number) => number = (lambda) => derivative(zeta, lambda),
): LegendrePoint {
  const mean = zetaPrime(0);
  if (eps === mean) return { value: 0 - zeta(0), lambda: 0 };
  // Solve ζ'(λ) = ε on the side of 0 where the root lies (reflecting λ → −λ below the mean).
  const direction = eps > mean ? 1 : -1;
  const g = (t: number): number => direction * (zetaPrime(direction * t) - eps);
  const t = monotoneRoot(g, 0, Number.POSITIVE_INFINITY, LAMBDA_LIMIT);
  const lambda = direction * (Number.isFinite(t) ? t : LAMBDA_LIMIT);
  return { value: lambda * eps - zeta(lambda), lambda };
}

const completed = new WeakMap<EnsembleLaw, CompleteLaw>();

/**
 * The law with every optional member filled in: `zetaPrime` by a five-point finite difference
 * of `zeta`, `zetaHat` by {@link legendreTransform} (and `Infinity` beyond `maxOverlap`).
 * Closed forms the law already has are kept. The result is cached per law object.
 */
export function completeLaw(law: EnsembleLaw): CompleteLaw {
  const cached = completed.get(law);
  if (cached) return cached;
  const zetaPrime = law.zetaPrime?.bind(law) ?? ((lambda: number, rho: number) => derivative((l) => law.zeta(l, rho), lambda));
  const zetaHat =
    law.zetaHat?.bind(law) ??
    ((eps: number, rho: number) => {
      if (eps > law.maxOverlap(rho)) return Number.POSITIVE_INFINITY;
      return legendreTransform(
        (l) => law.zeta(l, rho),
        eps,
        (l) => zetaPrime(l, rho),
      ).value;
    });
  const complete: CompleteLaw = {
    name: law.name,
    typicalNorm: law.typicalNorm,
    normSupport: law.normSupport,
    zeta: law.zeta.bind(law),
    zetaPrime,
    zetaHat,
    normRate: law.normRate.bind(law),
    maxOverlap: law.maxOverlap.bind(law),
  };
  completed.set(law, complete);
  return complete;
}

/**
 * The same ensemble described by its required members only (`zeta`, `normRate`, supports):
 * every closed form dropped, so that {@link completeLaw} computes them numerically. Used to
 * check closed forms against the generic path, and as a template for user-defined laws.
 */
export function numericalOnly(law: EnsembleLaw): EnsembleLaw {
  return {
    name: `${law.name} (numerical)`,
    typicalNorm: law.typicalNorm,
    normSupport: law.normSupport,
    zeta: law.zeta.bind(law),
    normRate: law.normRate.bind(law),
    maxOverlap: law.maxOverlap.bind(law),
  };
}
