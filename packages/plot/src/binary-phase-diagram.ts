import { binaryLaw } from '@dam/ensembles';
import { type PhaseDiagramOptions, phaseDiagramFigure } from './phase-diagram-figure.js';

/**
 * Our phase diagram for binary patterns `ξ ∈ {±1}^N` (beyond the paper) on a log λ axis
 * (default λ ∈ [0.1, 100]): `α_1 = α_c` (`λ − log cosh λ`, Eq. 9), `α_*`, and the saturation
 * `α_1(∞) = log 2` (`P = 2^N`) as a reference line.
 */
export function binaryPhaseDiagram(options: PhaseDiagramOptions = {}): SVGSVGElement {
  return phaseDiagramFigure(binaryLaw, {
    lambdaRange: [0.1, 100],
    alphaMax: 0.9,
    title: 'Binary patterns: phase diagram',
    references: [{ value: Math.log(2), label: 'α_{1}(∞) = log 2' }],
    ...options,
  });
}
