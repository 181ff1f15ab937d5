/**
 * The large-deviation law of a pattern ensemble: everything the REM theory of the paper
 * needs to know about the distribution of the patterns `ξ ∈ R^N`.
 *
 * Required members define the ensemble; optional ones are closed forms that
 * {@link completeLaw} otherwise computes numerically from `zeta`. A user can plug an
 * ensemble of their own by writing such an object (see the package README).
 */
export interface EnsembleLaw {
  /** Short identifier, e.g. `spherical`. */
  readonly name: string;
  /** Typical rescaled norm `r_ξ = lim √(E‖ξ‖²/N)` (Eq. 9). */
  readonly typicalNorm: number;
  /**
   * Cumulant generating function of Eq. (5): `ζ_ρ(λ) = lim (1/N) log E exp(λ x·ξ)` for a
   * fixed `x` with `‖x‖ = ρ√N`. Must be convex in `λ` and defined for every real `λ`.
   */
  zeta(lambda: number, rho: number): number;
  /** `∂ζ_ρ/∂λ`, the mean overlap `x·ξ/N` under the tilted measure (optional closed form). */
  zetaPrime?(lambda: number, rho: number): number;
  /** Legendre transform of Eq. (6): `ζ̂_ρ(ε) = sup_λ [λε − ζ_ρ(λ)]`, `Infinity` off the support (optional closed form). */
  zetaHat?(eps: number, rho: number): number;
  /** Large-deviation rate `Ĩ(r)` of `‖ξ‖/√N` (Eq. 11); `Infinity` off the support. */
  normRate(r: number): number;
  /** Closed interval of norms `r` where `normRate` is finite (`[1, 1]` for fixed-norm ensembles). */
  readonly normSupport: readonly [number, number];
  /** Largest possible overlap `x·ξ/N` at `‖x‖ = ρ√N` (`Infinity` when unbounded). */
  maxOverlap(rho: number): number;
  /**
   * Finite-size prefactor of Eq. (5) at `x = ξ¹` (a pattern of norm `ρ√N`):
   * `ℓ_ρ(λ) = lim_N [log E_ξ exp(λ x·ξ) − N ζ_ρ(λ)]` (optional; the 1/N term of the finite-size law needs it).
   */
  logPrefactor?(lambda: number, rho: number): number;
  /**
   * Where the median pattern norm sits: `lim_N N·(median ‖ξ‖²/N − r_ξ²)` (`0` for fixed-norm
   * ensembles; optional, the 1/N term of the finite-size law needs it).
   */
  readonly medianNormShift?: number;
}

/** An {@link EnsembleLaw} whose optional members are all present. */
export type CompleteLaw = EnsembleLaw & {
  zetaPrime(lambda: number, rho: number): number;
  zetaHat(eps: number, rho: number): number;
};

/** Throws a `RangeError` unless `rho` is a finite positive number. */
export function checkRho(rho: number): void {
  if (!(rho > 0 && Number.isFinite(rho))) {
    throw new RangeError(`rho must be a finite positive number, got ${String(rho)}`);
  }
}

/** Throws a `RangeError` unless `value` is finite. */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}
