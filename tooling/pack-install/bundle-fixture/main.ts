// A browser page bundled by vite from the installed tarballs of a browser user (no gpu.js, none of
// @dam/plot/node's peers; src/browser.test.ts builds and opens it): each package's root entry runs
// in the page, and what needs Node or gpu.js says so in one line. The result goes to #result as JSON.
import { successRate } from '@dam/dynamics';
import { samplePatterns, sphericalLaw } from '@dam/ensembles';
import { createBackend } from '@dam/kernels';
import { fig1Top } from '@dam/plot';
import { alpha1 } from '@dam/theory';

async function run(): Promise<Record<string, unknown>> {
  const patterns = samplePatterns({ ensemble: 'spherical', dimension: 8, seed: 1, count: 20 });
  const backends: Record<string, number[]> = {};
  for (const name of ['js', 'wasm-simd']) {
    const backend = await createBackend(name);
    backends[name] = Array.from(backend.step(patterns, patterns.data.slice(0, 8), 3).next);
  }
  const rate = await successRate({ ensemble: 'spherical', N: 12, alpha: 0.2, lambda: 1, samples: 4, seed: 1, workers: 0, backend: 'js' });
  const threads = await successRate({ ensemble: 'spherical', N: 12, alpha: 0.2, lambda: 1, samples: 4, seed: 1, workers: 1 }).then(
    () => 'ran',
    (error: Error) => `${error.name}: ${error.message}`,
  );
  const gpu = await createBackend('gpu.js/webgl2').then(
    () => 'created',
    (error: Error) => error.message,
  );
  const figure = fig1Top({ width: 400, document });
  return {
    alpha1: alpha1(sphericalLaw, 1),
    rows: patterns.rows,
    backends,
    rate: rate.rate,
    threads,
    gpu,
    figure: figure.tagName.toLowerCase(),
  };
}

const out = document.getElementById('result') as HTMLElement;
run().then(
  (result) => {
    out.textContent = JSON.stringify(result);
  },
  (error: Error) => {
    out.textContent = JSON.stringify({ error: `${error.name}: ${error.message}` });
  },
);
