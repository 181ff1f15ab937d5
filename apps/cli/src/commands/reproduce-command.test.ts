import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrossoverResult } from '@dam/dynamics';
import { sphericalLaw } from '@dam/ensembles';
import { lambdaC } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';
import type { Manifest } from '../reproduce/output.js';
import type { ReproducePreset } from '../reproduce/presets.js';
import { reproduce } from '../reproduce/reproduce.js';

async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const temporary = (): string => mkdtempSync(join(tmpdir(), 'dam-reproduce-'));
const PNG = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** A small preset for the library-level tests (the CLI presets are exercised with few samples). */
const TINY: ReproducePreset = {
  name: 'quick',
  samples: 6,
  crossovers: [
    { alpha: 0.2, Ns: [10, 12, 14] },
    { alpha: 0.3, Ns: [8, 10, 12] },
  ],
  basins: { N: 12, alpha: 0.2, lambdas: [0.5, 2], thetasDegrees: [0, 30, 60, 90] },
  largeN: { spherical: { ensemble: 'spherical', alpha: 0.2, Ns: [60, 80, 100], patterns: 'order-statistics', samples: 2 } },
};

function tinyRun(outDirectory: string, overrides: Partial<Parameters<typeof reproduce>[0]> = {}) {
  const lines: string[] = [];
  const promise = reproduce({
    target: 'fig1',
    outDirectory,
    preset: TINY,
    samples: TINY.samples,
    seed: 3,
    backend: 'js',
    workers: 0,
    log: (line) => lines.push(line),
    command: 'dam reproduce fig1 (test)',
    ...overrides,
  });
  return { promise, lines };
}

describe('dam reproduce', () => {
  it('all: every figure as SVG and PNG with its data and a manifest, then a summary', { timeout: 120_000 }, async () => {
    const out = temporary();
    const { code, stdout, stderr } = await dam('reproduce', 'all', '--out', out, '--samples', '2', '--backend', 'wasm-simd');
    expect(code).toBe(0);
    const files = readdirSync(out).filter((name) => name !== '.cache');
    for (const name of [
      'fig1',
      'fig1-top',
      'fig1-bottom',
      'fig2',
      'fig3',
      'binary',
      'ensembles',
      'scaled-regime',
      'basins',
      'large-n-spherical',
    ]) {
      expect(readFileSync(join(out, `${name}.svg`), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(
        readFileSync(join(out, `${name}.png`))
          .subarray(0, 8)
          .equals(PNG),
      ).toBe(true);
    }
    for (const name of ['fig1-top', 'fig1-bottom', 'fig2', 'fig3', 'binary', 'basins', 'large-n-spherical']) {
      expect(JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8'))).toBeTruthy();
      expect(readFileSync(join(out, `${name}.csv`), 'utf8').split('\n').length).toBeGreaterThan(3);
    }
    // The large-N crossover: order statistics with the finite-size law, its extrapolation within 0.1 % of λ_c.
    const large = JSON.parse(readFileSync(join(out, 'large-n-spherical.json'), 'utf8')) as CrossoverResult;
    expect(large.points.map((p) => p.N)).toEqual([100, 200, 400, 800]);
    expect(Math.abs((large.fit?.lambdaInf as number) / lambdaC(sphericalLaw, 0.2) - 1)).toBeLessThan(1e-3);
    expect(readFileSync(join(out, 'large-n-spherical.svg'), 'utf8')).toContain('finite-size law');
    expect(files.filter((name) => name.endsWith('.partial'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.format).toBe('dam/manifest@2');
    expect(manifest.runs).toHaveLength(1);
    const run = manifest.runs[0] as Record<string, unknown>;
    expect(run).toMatchObject({ target: 'all', preset: 'quick', samples: 2, seed: 1, backend: 'wasm-simd', steps: { fromCache: 0 } });
    expect(Object.keys(run.versions as object).sort()).toEqual([
      '@dam/cli',
      '@dam/dynamics',
      '@dam/ensembles',
      '@dam/kernels',
      '@dam/plot',
      '@dam/theory',
    ]);
    expect(Object.keys(run)).toEqual(expect.arrayContaining(['command', 'machine', 'startedAt', 'seconds']));
    expect(manifest.files.map((file) => file.name)).toEqual(files.filter((name) => name !== 'manifest.json').sort());
    expect(manifest.files.every((file) => file.run === 0)).toBe(true);
    // A later run of one figure into the same folder: the manifest still lists every file, each
    // with the run that made it.
    expect((await dam('reproduce', 'fig2', '--out', out)).code).toBe(0);
    const after = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(after.files.map((file) => file.name)).toEqual(manifest.files.map((file) => file.name));
    expect(after.runs.map((r) => r.target)).toEqual(['all', 'fig2']);
    for (const file of after.files) expect(file.run, file.name).toBe(file.name.startsWith('fig2.') ? 1 : 0);
    // The summary: the simulated extrapolations beside the theory, and one progress line per step.
    expect(stdout).toMatch(
      /^dam reproduce all \(quick\): \d+ files written to .* in [\d.]+ s \(25 simulation steps computed, 0 from the cache; backend wasm-simd\)\n/,
    );
    expect(stdout).toContain(`0.2  `);
    expect(stdout).toContain(String(Math.round(lambdaC(sphericalLaw, 0.2) * 1e6) / 1e6));
    expect(stderr.trim().split('\n')).toHaveLength(25);
    expect(readdirSync(out)).not.toContain('.staging');
  });

  it('fig2 and fig3 are theory only: no simulation, no cache entries', async () => {
    const out = temporary();
    for (const figure of ['fig2', 'fig3']) {
      const { code, stdout } = await dam('reproduce', figure, '--out', out);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^dam reproduce ${figure} \\(quick\\): 5 files written to .* in [\\d.]+ s\\n$`));
    }
    expect(readdirSync(out).sort()).toEqual([
      'fig2.csv',
      'fig2.json',
      'fig2.png',
      'fig2.svg',
      'fig3.csv',
      'fig3.json',
      'fig3.png',
      'fig3.svg',
      'manifest.json',
    ]);
    const fig3 = JSON.parse(readFileSync(join(out, 'fig3.json'), 'utf8')) as { rows: { lambda: number; alpha1: number }[] };
    expect(fig3.rows.at(-1)).toMatchObject({ lambda: 10, alpha1: 0.5 }); // Gaussian α_1 = 1/2 for λ ≥ 1 (paper)
  });

  it('after an interruption leaves no figure and no half-written file, and the same run resumes from the cache', async () => {
    const fresh = temporary();
    const reference = await tinyRun(fresh).promise;
    expect(reference.computed).toBe(6);

    const out = temporary();
    const controller = new AbortController();
    const first = tinyRun(out, { signal: controller.signal, log: () => controller.abort() });
    await expect(first.promise).rejects.toThrow();
    const left = readdirSync(out);
    expect(left).toEqual(['.cache']);
    // Finished steps, and at most the journal of the step that was starting.
    const entries = readdirSync(join(out, '.cache'));
    const cached = entries.filter((name) => name.endsWith('.json'));
    expect(cached.length).toBeGreaterThanOrEqual(1);
    expect(entries.length - cached.length).toBeLessThanOrEqual(1);

    const resumed = await tinyRun(out).promise;
    expect(resumed.cached).toBe(cached.length);
    expect(resumed.computed + resumed.cached).toBe(6);
    // Same numbers as the uninterrupted run.
    expect(readFileSync(join(out, 'fig1-bottom.json'), 'utf8')).toBe(readFileSync(join(fresh, 'fig1-bottom.json'), 'utf8'));
    expect(resumed.crossovers).toEqual(reference.crossovers);
  });

  it('an interrupted step resumes from the journal of its finished realisations', async () => {
    const fresh = temporary();
    const reference = await tinyRun(fresh).promise;
    const out = temporary();
    const controller = new AbortController();
    // Stop three realisations into the second step (6 realisations per step).
    const first = tinyRun(out, { signal: controller.signal, onProgress: (done) => done === 9 && controller.abort() });
    await expect(first.promise).rejects.toThrow();
    const journals = readdirSync(join(out, '.cache')).filter((name) => name.endsWith('.journal'));
    expect(journals).toHaveLength(1);
    const resumed = tinyRun(out);
    const result = await resumed.promise;
    expect(resumed.lines.filter((line) => line.startsWith('resuming: '))).toEqual([
      `resuming: 3 realisations of this step done (${join(out, '.cache', journals[0] as string)})`,
    ]);
    expect(result.crossovers).toEqual(reference.crossovers);
    expect(readFileSync(join(out, 'fig1-bottom.json'), 'utf8')).toBe(readFileSync(join(fresh, 'fig1-bottom.json'), 'utf8'));
    expect(readdirSync(join(out, '.cache')).filter((name) => name.endsWith('.journal'))).toEqual([]);
  });

  it('an interrupted basin step resumes from its journal, and a journal of other parameters is discarded', {
    timeout: 120_000,
  }, async () => {
    const fresh = temporary();
    const reference = await tinyRun(fresh, { target: 'all' }).promise;
    const out = temporary();
    const controller = new AbortController();
    // The six crossover steps (36 realisations), then three realisations into the first basin step.
    const first = tinyRun(out, { target: 'all', signal: controller.signal, onProgress: (done) => done === 39 && controller.abort() });
    await expect(first.promise).rejects.toThrow();
    const journals = readdirSync(join(out, '.cache')).filter((name) => name.endsWith('.journal'));
    expect(journals).toEqual([expect.stringMatching(/^basins-/)]);
    const journal = join(out, '.cache', journals[0] as string);
    const resumed = tinyRun(out, { target: 'all' });
    const result = await resumed.promise;
    expect(resumed.lines.filter((line) => line.startsWith('resuming: '))).toEqual([
      `resuming: 3 realisations of this step done (${journal})`,
    ]);
    expect(result.basins).toEqual(reference.basins);
    expect(readFileSync(join(out, 'basins.json'), 'utf8')).toBe(readFileSync(join(fresh, 'basins.json'), 'utf8'));
    // A journal whose header is not this step's (here: edited) is discarded with a warning.
    const other = temporary();
    const stop = new AbortController();
    await expect(
      tinyRun(other, { target: 'all', signal: stop.signal, onProgress: (done) => done === 39 && stop.abort() }).promise,
    ).rejects.toThrow();
    const [name] = readdirSync(join(other, '.cache')).filter((file) => file.endsWith('.journal'));
    const path = join(other, '.cache', name as string);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"thetasDegrees":[0,30,60,90]', '"thetasDegrees":[0,30,60]'));
    const discarded = tinyRun(other, { target: 'all' });
    expect((await discarded.promise).basins).toEqual(reference.basins);
    expect(discarded.lines).toContain(`warning: ${path}: the records are of another run; discarded`);
  });

  it('recomputes a cached step whose file is damaged or whose parameters differ', async () => {
    const out = temporary();
    await tinyRun(out).promise;
    const [name] = readdirSync(join(out, '.cache'));
    writeFileSync(join(out, '.cache', name as string), '{"trunc');
    const again = await tinyRun(out).promise;
    expect(again).toMatchObject({ computed: 1, cached: 5 });
    const otherSeed = await tinyRun(out, { seed: 4 }).promise;
    expect(otherSeed).toMatchObject({ computed: 6, cached: 0 });
    // Another backend rounds differently: its steps are not taken from the cache of this one.
    const otherBackend = await tinyRun(out, { backend: 'reference' }).promise;
    expect(otherBackend).toMatchObject({ computed: 6, cached: 0 });
  });

  it('--no-early-stop: the same crossovers, cached apart from the default steps, recorded in the manifest', async () => {
    const out = temporary();
    const early = await tinyRun(out).promise;
    const full = await tinyRun(out, { earlyStop: false }).promise;
    expect(full).toMatchObject({ computed: 6, cached: 0 });
    expect(full.crossovers).toEqual(early.crossovers);
    const names = readdirSync(join(out, '.cache'));
    expect(names.filter((name) => name.endsWith('-no-early-stop.json'))).toHaveLength(6);
    expect(names).toHaveLength(12);
    expect((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest).runs.at(-1)).toMatchObject({ earlyStop: false });
    expect(await tinyRun(out, { earlyStop: false }).promise).toMatchObject({ computed: 0, cached: 6 });
    // The flag on the command line.
    const cli = temporary();
    expect((await dam('reproduce', 'fig2', '--out', cli, '--no-early-stop')).code).toBe(0);
    expect((JSON.parse(readFileSync(join(cli, 'manifest.json'), 'utf8')) as Manifest).runs.at(-1)).toMatchObject({ earlyStop: false });
  });

  it('names the file it cannot write, in one line (exit 1), instead of a raw errno message', async () => {
    const { code, stdout, stderr } = await dam('reproduce', 'fig2', '--out', '/proc/dam-x');
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'dam: --out: "/proc/dam-x/fig2.csv" could not be written (ENOENT)\n',
    });
  });

  it.each([
    [['fig4'], 'figure: "fig4" is not allowed; expected one of fig1, fig2, fig3, all'],
    [['all', '--quick', '--full'], '--full: cannot be combined with --quick; expected at most one of --quick, --full'],
    [['all', '--samples', '0'], '--samples: "0" is not allowed; expected an integer between 1 and 1000000'],
    [['all', '--seed', 'x'], '--seed: "x" is not allowed; expected an integer between 0 and 9007199254740991'],
    [
      ['fig2', '--backend', 'nope'],
      '--backend: "nope" is not allowed; expected auto or one of wasm-simd, js, reference, gpu.js/gpu, gpu.js/webgl2, gpu.js/webgl, gpu.js/headlessgl, gpu.js/cpu',
    ],
    [['all', '--out', ''], '--out: an empty path is not allowed; expected a path in a writable directory'],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await dam('reproduce', ...args);
    expect(stdout).toBe('');
    expect(stderr).toBe(`dam: ${message}\n`);
    expect(code).toBe(2);
  });

  it('rejects an --out that cannot be a directory before computing anything', async () => {
    const file = join(temporary(), 'file.txt');
    writeFileSync(file, 'x');
    const { code, stderr } = await dam('reproduce', 'all', '--out', join(file, 'figures'));
    expect(stderr).toMatch(/^dam: --out: ".*file\.txt\/figures" cannot be written \(ENOTDIR\); expected a path in a writable directory\n$/);
    expect(code).toBe(2);
    expect(existsSync(join(file, 'figures'))).toBe(false);
  });
});
