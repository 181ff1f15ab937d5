import { gaussianLaw } from '@dam/ensembles';
import { type PhaseDiagramOptions, phaseDiagramFigure } from './phase-diagram-figure.js';

/**
 * Fig. 3 of the paper: the phase diagram of Gaussian patterns on a log λ axis (default
 * λ ∈ [0.1, 10]): `α_1` (Eq. 9), the all-patterns lower bound `α_c^lb` (Eq. 12), the REM
 * condensation line `α_*`, and their saturation values `α_1 = 1/2` and `α_c^lb = log 2 / 4`
 * (reached at λ = 1) as horizontal reference lines.
 */
export function fig3(options: PhaseDiagramOptions = {}): SVGSVGElement {
  return phaseDiagramFigure(gaussianLaw, {
    lambdaRange: [0.1, 10],
    alphaMax: 0.75,
    title: 'Gaussian patterns: phase diagram (Fig. 3)',
    references: [
      { value: 0.5, label: 'α_{1}(∞) = 1/2' },
      { value: Math.log(2) / 4, label: 'α_{c}^{lb}(∞) = (log 2)/4' },
    ],
    ...options,
  });
}
