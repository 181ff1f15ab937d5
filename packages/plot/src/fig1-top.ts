import { sphericalLaw } from '@dam/ensembles';
import { type PhaseDiagramOptions, phaseDiagramFigure } from './phase-diagram-figure.js';

/**
 * Fig. 1 (top) of the paper: the phase diagram of spherical patterns in the (λ, α) plane on a
 * log λ axis (default λ ∈ [0.1, 1000]): `α_1 = α_c` (Eq. 9; all patterns retrieved in the
 * shaded region below it), the REM condensation line `α_*`, and the extrapolated lower bound of
 * Ramsauer et al. (dashed).
 */
export function fig1Top(options: PhaseDiagramOptions = {}): SVGSVGElement {
  return phaseDiagramFigure(sphericalLaw, {
    lambdaRange: [0.1, 1000],
    title: 'Spherical patterns: phase diagram (Fig. 1, top)',
    ...options,
  });
}
