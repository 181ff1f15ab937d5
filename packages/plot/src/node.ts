// Node entry point `@dam/plot/node`: a server-side DOM (linkedom) and PNG rendering (resvg with the
// shipped DejaVu font). Kept apart from `@dam/plot` so that browser bundles never import them.
export { createDocument, toSvgString } from './dom.js';
export { renderSvg } from './render-svg.js';
export { type PngOptions, fontFiles, svgToPng } from './png.js';
