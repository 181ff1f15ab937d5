export { type RootOptions, brentRoot } from './brent-root.js';
export { monotoneRoot } from './monotone-root.js';
export { type Minimum, minimizeOnInterval } from './minimize.js';
export { derivative } from './derivative.js';
