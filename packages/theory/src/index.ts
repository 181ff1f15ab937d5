export { MAX_LAMBDA, checkAlpha, checkLambda } from './validate.js';
export {
  type PhiValue,
  condensationEntropy,
  epsStar,
  epsStarAt,
  lambdaStar,
  lambdaStarAt,
  phi,
  phiBranch,
} from './rem.js';
export { alpha1, alpha1AtNorm, alpha1Limit, lambdaC } from './alpha1.js';
export { alphaCLowerBound, rateA } from './alpha-c.js';
export { alphaStar } from './alpha-star.js';
export { cMax, cosThetaC, psi, thetaC } from './basins.js';
export { type RamsauerCapacity, lambertW0, ramsauerCapacity, ramsauerLowerBound } from './ramsauer.js';
export { type UnscaledPoint, scaledAlpha1, scaledAlphaC, unscale } from './scaled.js';
export { type PhaseDiagram, logGrid, phaseDiagram } from './phase-diagram.js';
