// Node entry point `@dam/plot/node`: a server-side DOM (linkedom) and PNG rendering (resvg with the
// shipped DejaVu font). Kept apart from `@dam/plot` so that browser bundles never import them; the
// three are optional peer dependencies of the package, needed by this entry only (Node names the
// one that is missing when it is imported without them).
export { createDocument, toSvgString } from './dom.js';
export { fontFiles, type PngOptions, svgToPng } from './png.js';
export { renderSvg } from './render-svg.js';
