// @dam/ensembles/internals — UNSTABLE: the numerical tools behind the laws (root finders, a
// minimiser, a derivative; also used by @dam/theory) and the float32 normal sampler's pieces. Any
// release may change them. The laws, the samplers and the seeded streams are in the root.
export { logCosh } from './binary.js';
export { checkFinite } from './law.js';
export { fillNormal32, log32, normalPair32 } from './normal32.js';
export { brentRoot, derivative, type Minimum, minimizeOnInterval, monotoneRoot, type RootOptions } from './numerics/index.js';
export { sphericalSaddle } from './spherical.js';
