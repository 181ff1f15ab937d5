#!/usr/bin/env node
// Writes a figure of the site as an SVG or PNG file, with the same figure functions the pages
// draw live:  node scripts/figure.mjs <name> [--out file.svg|file.png] [--width px]
//   (from the repository root: pnpm --filter @dam/docs figure fig1-top --out fig1-top.png)
// Names: fig1-top, fig1-bottom, fig2, fig3, binary, ensembles, scaled.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDocument, svgToPng, toSvgString } from '@dam/plot/node';
import { FIGURES, isFigureName } from '../src/figures.mjs';

const args = process.argv.slice(2);
const name = args[0];
/** @param {string} key @param {string} fallback */
const flag = (key, fallback) => {
  const i = args.indexOf(key);
  return (i >= 0 ? args[i + 1] : undefined) ?? fallback;
};
if (name === undefined || name === '--help' || !isFigureName(name)) {
  console.error(`usage: figure <${Object.keys(FIGURES).join('|')}> [--out file.svg|file.png] [--width px]`);
  process.exit(name === '--help' ? 0 : 2);
}
const width = Number(flag('--width', '640') ?? '640');
if (!(width > 0)) {
  console.error(`--width must be a number > 0, got ${flag('--width', '')}`);
  process.exit(2);
}
const out = resolve(process.env.INIT_CWD ?? process.cwd(), flag('--out', `${name}.svg`));
const draw = FIGURES[name];
if (draw === undefined) throw new Error(`unknown figure ${name}`);
const svg = toSvgString(draw({ width, document: createDocument() }));
writeFileSync(out, out.endsWith('.png') ? svgToPng(svg, { width: width * 2 }) : svg);
console.log(`wrote ${out}`);
