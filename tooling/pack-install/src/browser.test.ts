// A browser user's install: the tarballs of @dam/kernels, ensembles, theory, dynamics and plot, with
// neither gpu.js nor @dam/plot/node's peers (resvg, linkedom, fonts). vite bundles bundle-fixture/
// (a page importing each package's root entry) from that project, headless Chromium runs it, and
// what it computes must equal the same calls in Node — successRate on the main thread (workers: 0)
// included — while worker threads and the gpu.js backends say in one line what they need. In CI a
// missing Chromium FAILS this test; elsewhere it is skipped with the reason printed.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { successRate } from '@dam/dynamics';
import { samplePatterns, sphericalLaw } from '@dam/ensembles';
import { createBackend } from '@dam/kernels';
import { alpha1 } from '@dam/theory';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBuilt, installProject, pack } from './workspace.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXTURE = fileURLToPath(new URL('../bundle-fixture', import.meta.url));
const BROWSER_PACKAGES = ['packages/kernels', 'packages/ensembles', 'packages/theory', 'packages/dynamics', 'packages/plot'];
const inCI = Boolean(process.env.CI);
const missing = existsSync(CHROMIUM) ? '' : `Chromium not found at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`;
const skip = missing !== '' && !inCI;
if (skip) console.warn(`[pack-install] skipping the browser bundle test: ${missing}`);

let work = '';
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface PageResult {
  alpha1: number;
  rows: number;
  backends: Record<string, number[]>;
  rate: number;
  threads: string;
  gpu: string;
  figure: string;
  error?: string;
}

describe.skipIf(skip)('the installed tarballs bundled by vite for a browser', () => {
  // Packing, a cold npm install, the vite build and Chromium: minutes on a fresh machine.
  it('run in Chromium as in Node; worker threads and gpu.js say what they need', { timeout: 400_000 }, async () => {
    if (missing !== '') throw new Error(missing);
    checkBuilt();
    work = mkdtempSync(path.join(tmpdir(), 'dam-pack-browser-'));
    const tarballs = path.join(work, 'tarballs');
    const project = path.join(work, 'project');
    mkdirSync(tarballs);
    await installProject(project, [...(await pack(BROWSER_PACKAGES, tarballs)).values()]);
    const installed = readdirSync(path.join(project, 'node_modules'));
    for (const name of ['gpu.js', 'gl', 'linkedom', 'dejavu-fonts-ttf']) expect(installed, `${name} is not installed`).not.toContain(name);
    expect(existsSync(path.join(project, 'node_modules', '@resvg'))).toBe(false);

    const page = path.join(project, 'page');
    cpSync(FIXTURE, page, { recursive: true });
    const outDir = path.join(work, 'dist');
    // The page is built from the project: @dam/* resolve to its node_modules, not the workspace.
    await build({ root: page, logLevel: 'warn', configFile: false, build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 } });
    const server = await preview({
      root: page,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0 },
    });
    const origin = server.resolvedUrls?.local[0] ?? '';
    const profile = path.join(work, 'chromium');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(origin);
      await tab.waitForFunction("document.getElementById('result')?.textContent !== 'running'", undefined, { timeout: 60_000 });
      const result = JSON.parse((await tab.textContent('#result')) ?? '{}') as PageResult;
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();

      // The same numbers as in Node (the workspace's packages, same seeds and backends).
      expect(result.alpha1).toBe(alpha1(sphericalLaw, 1));
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: 8, seed: 1, count: 20 });
      expect(result.rows).toBe(patterns.rows);
      for (const name of ['js', 'wasm-simd']) {
        const next = (await createBackend(name)).step(patterns, patterns.data.slice(0, 8), 3).next;
        expect(result.backends[name], name).toEqual(Array.from(next));
      }
      const rate = await successRate({
        ensemble: 'spherical',
        N: 12,
        alpha: 0.2,
        lambda: 1,
        samples: 4,
        seed: 1,
        workers: 0,
        backend: 'js',
      });
      expect(result.rate).toBe(rate.rate);
      expect(result.threads).toBe(
        'RangeError: workers must be 0 here, got 1: worker threads need Node.js (in a browser, run in the calling thread with workers: 0)',
      );
      expect(result.gpu).toMatch(/gpu\.js is not installed: the gpu\.js backends need it \(npm install gpu\.js\)/);
      expect(result.figure).toBe('svg');
    } finally {
      await context.close();
      await new Promise<void>((done) => server.httpServer.close(() => done()));
    }
  });
});
