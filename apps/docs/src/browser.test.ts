// Browser tests of the built site (apps/docs/dist, written by `pnpm build`): headless Debian
// Chromium driven by playwright-core. In CI (CI=true) a missing Chromium or a missing build FAILS
// these tests; elsewhere they are skipped with the reason printed.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { successRate } from '@dam/dynamics';
import { binaryLaw, gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { alpha1, alphaCLowerBound, alphaStar, cMax, cosThetaC, lambdaC, lambdaStar, thetaC } from '@dam/theory';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInternalLinks, sitePages } from './links.js';
import { serveSite } from './site-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SITE = fileURLToPath(new URL('../dist', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../test-output', import.meta.url));
const inCI = Boolean(process.env.CI);
const missing = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`
  : !existsSync(join(SITE, 'index.html'))
    ? `the site is not built (${SITE}/index.html missing): run npx -y pnpm@10 --filter @dam/docs... build`
    : '';
const skip = missing !== '' && !inCI;
if (skip) console.warn(`[@dam/docs] skipping the browser tests: ${missing}`);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let context: BrowserContext;
let origin = '';
let closeServer: (() => Promise<void>) | undefined;
let served404: string[] = [];
let profile = '';

/** Opens a page that records console errors and uncaught exceptions. */
async function openPage(viewport = LAPTOP): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, errors };
}

/** Loads a path and waits until the app has hydrated and the network is quiet. */
async function load(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
  expect(response?.status(), `${path} HTTP status`).toBe(200);
  await page.waitForSelector('.VPContent', { state: 'attached' });
}

describe.skipIf(skip)('the built site in headless Chromium', () => {
  beforeAll(async () => {
    if (missing !== '') throw new Error(missing);
    const server = await serveSite(SITE);
    origin = server.origin;
    closeServer = server.close;
    served404 = server.missing;
    profile = mkdtempSync(join(tmpdir(), 'dam-docs-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await context?.close();
    await closeServer?.();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('has no broken internal link (every <a href> of every page, fragments included)', () => {
    const { checked, broken } = checkInternalLinks(SITE);
    expect(checked).toBeGreaterThan(500);
    expect(broken.slice(0, 20)).toEqual([]);
  });

  it('loads every page with no console error and no uncaught exception', async () => {
    const pages = sitePages(SITE).filter((path) => path !== '/404.html');
    // Every page of the guide, figures and interactive parts; of the API reference, every page too.
    expect(pages.length).toBeGreaterThan(40);
    const failures: string[] = [];
    // Guide, theory, figures, explorer, simulation: a full load each, waiting for the figures.
    const fullLoads = async (): Promise<void> => {
      const { page, errors } = await openPage();
      for (const path of pages.filter((p) => !p.startsWith('/api/'))) {
        errors.length = 0;
        const response = await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
        if (response?.status() !== 200) failures.push(`${path}: HTTP ${response?.status()}`);
        if ((await page.locator('[data-testid="figure"]').count()) > 0) {
          await page.waitForSelector('[data-testid="figure"][data-drawn="true"] svg', { timeout: 20_000 });
        }
        for (const error of errors) failures.push(`${path}: ${error}`);
      }
      await page.close();
    };
    // The API reference (~220 pages): the first loaded in full, the others through the site's own
    // router (a click on a link), which loads each page's chunk and renders it — errors included —
    // without re-parsing the whole application each time.
    const apiNavigation = async (): Promise<void> => {
      const { page, errors } = await openPage();
      const api = pages.filter((p) => p.startsWith('/api/'));
      await load(page, api[0] ?? '/api/index.html');
      for (const path of api.slice(1)) {
        errors.length = 0;
        const route = path.replace(/index\.html$/, '');
        const before = await page.locator('.vp-doc h1').first().textContent();
        await page.evaluate((href) => {
          const link = document.createElement('a');
          link.href = href;
          document.body.append(link);
          link.click();
          link.remove();
        }, route);
        await page
          .waitForFunction(
            ([want, previous]) => {
              const h1 = document.querySelector('.vp-doc h1');
              return location.pathname === want && h1 !== null && h1.textContent !== previous;
            },
            [route, before] as const,
            { timeout: 10_000 },
          )
          .catch(() => failures.push(`${path}: the router did not render it`));
        for (const error of errors) failures.push(`${path}: ${error}`);
      }
      await page.close();
    };
    await Promise.all([fullLoads(), apiNavigation()]);
    expect(served404).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('typesets the theory with KaTeX and links formulas to the API', async () => {
    const { page, errors } = await openPage();
    await load(page, '/theory/alpha1.html');
    expect(await page.locator('.katex-display').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.katex-error').count()).toBe(0);
    await expect(page.locator('a[href="/api/theory/functions/alpha1.html"]').count()).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  const laws = { spherical: sphericalLaw, gaussian: gaussianLaw, binary: binaryLaw };
  const finite = (value: number | undefined): number | undefined => (value !== undefined && Number.isFinite(value) ? value : undefined);
  /** @dam/theory at a point, in the explorer's terms, computed here in Node. */
  const expected = (ensemble: keyof typeof laws, alpha: number, lambda: number): Record<string, number | undefined> => {
    const law = laws[ensemble];
    const theta = thetaC(law, alpha, lambda);
    return {
      alpha1: alpha1(law, lambda),
      alphaCLowerBound: alphaCLowerBound(law, lambda),
      alphaStar: alphaStar(law, lambda),
      lambdaC: finite(lambdaC(law, alpha)),
      lambdaStar: finite(lambdaStar(law, alpha)),
      cosThetaC: cosThetaC(law, alpha, lambda),
      thetaC: theta === undefined ? undefined : (theta * 180) / Math.PI,
      cMax: cMax(law, alpha),
    };
  };
  const cases: [keyof typeof laws, number, number][] = [
    ['spherical', 0.2, 1],
    ['spherical', 0.2, 0.5],
    ['spherical', 3, 2], // above α_1: no basin
    ['gaussian', 0.1, 2],
    ['gaussian', 0.3, 0.8], // between α_c^lb and α_1
    ['gaussian', 0.6, 5], // above sup α_1 = ½: no λ_c
    ['binary', 0.4, 3],
  ];

  it('shows the numbers of @dam/theory in the explorer for several (ensemble, α, λ)', async () => {
    const { page, errors } = await openPage();
    await load(page, '/explorer.html');
    await page.waitForSelector('[data-testid="marker"]');
    for (const [ensemble, alpha, lambda] of cases) {
      await page.getByTestId('ensemble').selectOption(ensemble);
      await page.getByTestId('alpha').fill(String(alpha));
      await page.getByTestId('lambda').fill(String(lambda));
      const want = expected(ensemble, alpha, lambda);
      for (const [id, value] of Object.entries(want)) {
        const text = (await page.getByTestId(id).textContent())?.trim() ?? '';
        const where = `${id} at ${ensemble}, α = ${alpha}, λ = ${lambda}: page shows "${text}", theory ${String(value)}`;
        if (value === undefined) {
          expect(text, where).toBe('—');
        } else {
          // At least 5 significant digits: the text is the number alone, within 1e-5 relative.
          expect(text, where).toMatch(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/);
          expect(
            text
              .replace(/^-?0\.0*/, '')
              .replace(/[.e].*$/, '')
              .replace('.', '').length + (text.split('.')[1]?.length ?? 0),
            where,
          ).toBeGreaterThanOrEqual(5);
          expect(Math.abs(Number(text) - value), where).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(value), 1e-12));
        }
      }
      const retrieved = page.getByTestId('retrieved');
      const typical = alpha < (want.alpha1 as number);
      const all = alpha < (want.alphaCLowerBound as number);
      await expect(retrieved.getAttribute('data-typical')).resolves.toBe(String(typical));
      await expect(retrieved.getAttribute('data-all')).resolves.toBe(String(all));
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('updates the numbers and the marked point within one animation frame when a slider moves', async () => {
    const { page, errors } = await openPage();
    await load(page, '/explorer.html');
    await page.waitForSelector('[data-testid="marker"]');
    const read = async () => ({
      alpha1: await page.getByTestId('alpha1').textContent(),
      thetaC: await page.getByTestId('thetaC').textContent(),
      lambdaBox: await page.getByTestId('lambda').inputValue(),
      x: await page.getByTestId('marker').getAttribute('data-x'),
      y: await page.getByTestId('marker').getAttribute('data-y'),
    });
    const before = await read();
    // Move the λ slider and, in the same task, wait one animation frame: the new numbers must be there.
    const afterFrame = await page.evaluate(
      () =>
        new Promise<{ alpha1: string; x: string; ms: string }>((resolve) => {
          const slider = document.querySelector<HTMLInputElement>('[data-testid="lambda-slider"]');
          if (slider === null) throw new Error('no lambda slider');
          slider.value = '800';
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          requestAnimationFrame(() =>
            resolve({
              alpha1: document.querySelector('[data-testid="alpha1"]')?.textContent ?? '',
              x: document.querySelector('[data-testid="marker"]')?.getAttribute('data-x') ?? '',
              ms: document.querySelector('[data-testid="explorer"]')?.getAttribute('data-update-ms') ?? '',
            }),
          );
        }),
    );
    const lambda = Number(await page.getByTestId('lambda').inputValue());
    expect(lambda).toBeCloseTo(0.01 * 1e5 ** 0.8, 0);
    expect(afterFrame.alpha1).toBe(alpha1(sphericalLaw, lambda).toFixed(6 - Math.floor(Math.log10(alpha1(sphericalLaw, lambda))) - 1));
    expect(afterFrame.alpha1).not.toBe(before.alpha1);
    expect(Number(afterFrame.x)).toBeGreaterThan(Number(before.x));
    expect(Number(afterFrame.ms)).toBeLessThan(16);
    // The α slider moves the point vertically (up: smaller SVG y) and changes θ_c.
    await page.getByTestId('alpha-slider').fill('1');
    const moved = await read();
    expect(Number(await page.getByTestId('alpha').inputValue())).toBe(1);
    expect(Number(moved.y)).toBeLessThan(Number(before.y));
    expect(moved.thetaC).not.toBe(before.thetaC);
    expect(moved.lambdaBox).toBe(String(lambda));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a small simulation in the page on gpu.js, reports its backend, and agrees with @dam/dynamics', async () => {
    const { page, errors } = await openPage();
    await load(page, '/simulate.html');
    const request = { ensemble: 'spherical' as const, N: 16, alpha: 0.2, lambda: 0.45, samples: 12, seed: 3 };
    await page.getByTestId('sim-N').fill(String(request.N));
    await page.getByTestId('sim-alpha').fill(String(request.alpha));
    await page.getByTestId('sim-lambda').fill(String(request.lambda));
    await page.getByTestId('sim-samples').fill(String(request.samples));
    await page.getByTestId('sim-seed').fill(String(request.seed));
    await page.getByTestId('sim-run').click();
    await page.waitForSelector('[data-testid="sim-result"][data-state="done"]', { timeout: 90_000 });
    const backend = (await page.getByTestId('sim-backend').textContent()) ?? '';
    console.log(`[@dam/docs] in-page simulation ran on ${backend}`);
    expect(backend).toMatch(/^gpu\.js\/(webgl2|webgl|cpu)$/);
    expect(await page.getByTestId('sim-done').textContent()).toBe(String(request.samples));
    expect(await page.getByTestId('sim-progress').getAttribute('style')).toMatch(/width: 100(\.0)?%/);
    const rate = Number(await page.getByTestId('sim-rate').textContent());
    const stderr = Number(await page.getByTestId('sim-stderr').textContent());
    // The same realisations (same seeds) in Node with the float64 reference backend.
    const node = await successRate({ ...request, backend: 'reference', workers: 0, earlyStop: false });
    expect(rate).toBeCloseTo(node.rate, 4);
    expect(stderr).toBeCloseTo(node.stderr, 4);
    await page.waitForSelector('[data-testid="sim-diagram"] [data-testid="marker"]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a running simulation and refuses sizes that do not fit in the tab', async () => {
    const { page, errors } = await openPage();
    await load(page, '/simulate.html');
    await page.getByTestId('sim-N').fill('30');
    await page.getByTestId('sim-samples').fill('2000');
    await page.getByTestId('sim-run').click();
    await page.waitForSelector('[data-testid="sim-result"][data-state="running"]', { timeout: 60_000 });
    await page.getByTestId('sim-cancel').click();
    await page.waitForSelector('[data-testid="sim-result"][data-state="cancelled"]', { timeout: 30_000 });
    expect(Number(await page.getByTestId('sim-done').textContent())).toBeLessThan(2000);
    await page.getByTestId('sim-N').fill('200');
    await page.getByTestId('sim-alpha').fill('1');
    const refused = (await page.getByTestId('sim-refused').textContent()) ?? '';
    expect(refused).toMatch(/Too large for this tab: .* more than the 512\.0 MiB .* N ≤ \d+ at α = 1/);
    expect(await page.getByTestId('sim-run').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const [label, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    it(`writes screenshots of the home, explorer and Fig. 1 pages at ${label} width, with no horizontal overflow`, async () => {
      const { page, errors } = await openPage(viewport);
      for (const [name, path, ready] of [
        ['home', '/', '[data-testid="figure"][data-drawn="true"] svg'],
        ['explorer', '/explorer.html', '[data-testid="marker"]'],
        ['fig1-top', '/figures/fig1-top.html', '[data-testid="figure"][data-drawn="true"] svg'],
      ] as const) {
        await load(page, path);
        await page.waitForSelector(ready);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} is wider than the ${label} screen by ${overflow}px`).toBeLessThanOrEqual(0);
        const file = join(OUTPUT, `${name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(existsSync(file)).toBe(true);
      }
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
