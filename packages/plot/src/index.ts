// Browser-safe entry point `@dam/plot`: figure functions from data to an Observable Plot <svg>.
// (SVG strings and PNGs in Node: `@dam/plot/node`.)

export { type BasinsFigureInput, basinsFigure, theoryThetaC } from './basins-figure.js';
export { binaryPhaseDiagram } from './binary-phase-diagram.js';
export { type EnsemblesPhaseDiagramOptions, ensemblesPhaseDiagram } from './ensembles-phase-diagram.js';
export { type Fig1BottomOptions, type Fig1BottomScan, fig1Bottom, spacedTicks } from './fig1-bottom.js';
export { fig1Top } from './fig1-top.js';
export { degrees, type Fig2Data, type Fig2Marker, type Fig2Options, fig2, fig2Data, type ThetaCPoint, thetaCCurve } from './fig2.js';
export { fig3 } from './fig3.js';
export type { LegendItem, LegendPosition, LineStyle } from './legend.js';
export type { FigureOptions } from './options.js';
export {
  type PhaseDiagramFigureOptions,
  type PhaseDiagramOptions,
  phaseDiagramFigure,
  type ReferenceLine,
} from './phase-diagram-figure.js';
export { type ScaledPoint, type ScaledRegimeOptions, scaledRegime, scaledThresholdAtN } from './scaled-regime.js';
export { FONT_FAMILY, FONT_SIZE, SERIES_COLORS } from './style.js';
