export { alphaCLowerBound, rateA } from './alpha-c.js';
export { alphaStar } from './alpha-star.js';
export { alpha1, alpha1AtNorm, alpha1Limit, lambdaC } from './alpha1.js';
export { cMax, cosThetaC, psi, thetaC } from './basins.js';
export { type FiniteSizeLaw, finiteSizeLaw, lambdaHalfFiniteSize } from './finite-size.js';
export { logGrid, type PhaseDiagram, phaseDiagram } from './phase-diagram.js';
export { type RamsauerCapacity, ramsauerCapacity, ramsauerLowerBound } from './ramsauer.js';
export {
  condensationEntropy,
  epsStar,
  epsStarAt,
  lambdaStar,
  lambdaStarAt,
  type PhiValue,
  phi,
  phiBranch,
} from './rem.js';
export { scaledAlpha1, scaledAlphaC, type UnscaledPoint, unscale } from './scaled.js';
export { checkAlpha, checkLambda, MAX_LAMBDA } from './validate.js';
