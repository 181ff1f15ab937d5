export { brentRoot, type RootOptions } from './brent-root.js';
export { derivative } from './derivative.js';
export { type Minimum, minimizeOnInterval } from './minimize.js';
export { monotoneRoot } from './monotone-root.js';
