export { type RootOptions, brentRoot, increasingRoot } from './brent-root.js';
export { type Minimum, minimizeOnInterval } from './minimize.js';
export { derivative } from './derivative.js';
