// The script a user of the published packages would write. The pack-install test copies it into a
// fresh project outside the workspace, where @dam/* come from the packed tarballs installed with
// npm, runs it with Node and checks the JSON it prints (one object, on stdout).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { bufferedIo, main } from '@dam/cli';
import { lambdaHalf, retrieve, successRate } from '@dam/dynamics';
import { samplePatterns, sphericalLaw } from '@dam/ensembles';
import { createBackend, createMatrix, row } from '@dam/kernels';
import { fig1Top } from '@dam/plot';
import { renderSvg, svgToPng } from '@dam/plot/node';
import { alpha1, lambdaC } from '@dam/theory';

const report = {};

// Where each public name resolves: must be this project's node_modules, not the workspace.
report.resolved = Object.fromEntries(
  ['@dam/kernels', '@dam/ensembles', '@dam/theory', '@dam/dynamics', '@dam/plot', '@dam/plot/node', '@dam/cli', '@dam/dynamics/worker'].map(
    (name) => [name, fileURLToPath(import.meta.resolve(name))],
  ),
);
const require = createRequire(import.meta.url);
report.resvgBinding = Object.keys(require('@resvg/resvg-js/package.json').optionalDependencies ?? {}).filter((name) => {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
});

// @dam/theory: α_1 at λ = 1 for spherical patterns (Eq. 9), and its inverse λ_c at α = 0.2.
report.theory = { alpha1: alpha1(sphericalLaw, 1), lambdaC: lambdaC(sphericalLaw, 0.2) };

// @dam/ensembles: 1000 spherical patterns in dimension 30, reproducible from the seed.
const patterns = samplePatterns({ ensemble: 'spherical', dimension: 30, seed: 7, count: 1000 });
let checksum = 0;
let maxNormError = 0;
for (let r = 0; r < patterns.rows; r++) {
  const xi = row(patterns, r);
  let norm2 = 0;
  for (let j = 0; j < xi.length; j++) {
    norm2 += xi[j] * xi[j];
    checksum += (r + 1) * (j + 1) * xi[j];
  }
  maxNormError = Math.max(maxNormError, Math.abs(norm2 / patterns.cols - 1));
}
report.ensembles = { rows: patterns.rows, cols: patterns.cols, first: Array.from(row(patterns, 0).subarray(0, 4)), checksum, maxNormError };

// @dam/kernels: one attention step x' = Ξᵀ softmax(λΞx) on the JavaScript backend.
const small = createMatrix(3, 2, new Float32Array([1, 0, 0, 1, -1, 0]));
const js = await createBackend('js');
const step = js.step(small, new Float32Array([0.9, 0.1]), 4);
report.kernels = { backend: js.name, next: Array.from(step.next), logSumExp: step.logSumExp };
js.dispose?.();

// @dam/dynamics: a run of Eq. 2 in this thread, then experiments on one worker thread (the
// installed dist/worker.js): success rates on both sides of the crossover, and λ½ at N = 20.
const run = retrieve(patterns, row(patterns, 0), { lambda: 2 });
const common = { ensemble: 'spherical', N: 20, alpha: 0.2, samples: 8, seed: 1, workers: 1, backend: 'js' };
const above = await successRate({ ...common, lambda: 1 });
const below = await successRate({ ...common, lambda: 0.05 });
const half = await lambdaHalf({ ...common, samples: 16, seed: 31 });
report.dynamics = {
  retrieve: { steps: run.steps, converged: run.converged, distance: run.distance },
  above: { rate: above.rate, P: above.P, backend: above.backend },
  below: { rate: below.rate },
  lambdaHalf: { value: half.lambdaHalf, stderr: half.stderr, P: half.P, backend: half.backend },
};

// @dam/plot: Fig. 1 (top) as SVG, and as a PNG drawn by resvg with the shipped font.
const svg = renderSvg(fig1Top, { width: 600 });
const png = svgToPng(svg, { width: 300 });
const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
report.plot = {
  svgStart: svg.slice(0, 4),
  svgLength: svg.length,
  hasRamsauer: svg.includes('Ramsauer'),
  pngSignature: Array.from(png.subarray(0, 8)),
  pngSize: [view.getUint32(16), view.getUint32(20)],
};

// @dam/cli, as a library and as the installed `dam` bin.
const captured = bufferedIo();
const code = await main(['node', 'dam', 'thresholds', '--ensemble', 'gaussian', '--lambda', '2', '--json'], captured.io);
const bin = fileURLToPath(new URL('node_modules/.bin/dam', import.meta.url));
report.cli = {
  library: { code, output: JSON.parse(captured.stdout()) },
  bin: JSON.parse(execFileSync(bin, ['thresholds', '--ensemble', 'spherical', '--lambda', '1', '--json'], { encoding: 'utf8' })),
  version: execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(),
};

console.log(JSON.stringify(report));
