// The packages in a browser bundle: vite builds bundle-fixture/ (a page importing the root entry of
// @dam/theory, @dam/ensembles, @dam/kernels, @dam/dynamics and @dam/plot), headless Chromium runs
// it, and what it computes must equal the same calls in Node — successRate on the main thread
// (workers: 0) included — while worker threads are refused in one line. In CI a missing Chromium
// FAILS this test; elsewhere it is skipped with the reason printed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { successRate } from '@dam/dynamics';
import { samplePatterns, sphericalLaw } from '@dam/ensembles';
import { createBackend } from '@dam/kernels';
import { alpha1 } from '@dam/theory';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { serveSite } from './site-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXTURE = fileURLToPath(new URL('../bundle-fixture', import.meta.url));
const inCI = Boolean(process.env.CI);
const missing = existsSync(CHROMIUM) ? '' : `Chromium not found at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`;
const skip = missing !== '' && !inCI;
if (skip) console.warn(`[@dam/docs] skipping the bundle test: ${missing}`);

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

interface PageResult {
  alpha1: number;
  rows: number;
  backends: Record<string, number[]>;
  rate: number;
  threads: string;
  figure: string;
  error?: string;
}

describe.skipIf(skip)('the packages bundled by vite for a browser', () => {
  it('run in Chromium as in Node: theory, a sample, js and wasm-simd steps, successRate with workers: 0, a figure', async () => {
    if (missing !== '') throw new Error(missing);
    const outDir = mkdtempSync(join(tmpdir(), 'dam-bundle-'));
    temporary.push(outDir);
    // gpu.js (loaded lazily by @dam/kernels) makes a large chunk: no size warning for it.
    await build({ root: FIXTURE, logLevel: 'warn', build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 } });
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);

    const server = await serveSite(outDir);
    const profile = mkdtempSync(join(tmpdir(), 'dam-bundle-chromium-'));
    temporary.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.origin}/index.html`);
      await page.waitForFunction(() => document.getElementById('result')?.textContent !== 'running', undefined, { timeout: 60_000 });
      const result = JSON.parse((await page.textContent('#result')) ?? '{}') as PageResult;
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();

      // The same calls in Node.
      expect(result.alpha1).toBe(alpha1(sphericalLaw, 1));
      const patterns = samplePatterns({ ensemble: 'spherical', dimension: 8, seed: 1, count: 20 });
      expect(result.rows).toBe(20);
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
      expect(result.figure).toBe('svg');
    } finally {
      await context.close();
      await server.close();
    }
  });
});
