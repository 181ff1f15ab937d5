// One package at a time, as researchers depend on them: the @dam/theory and @dam/ensembles tarballs
// installed alone into an empty project need no other @dam package, run no install script and
// stay small; @dam/kernels without gpu.js installs without a native build, runs its js and
// wasm-simd backends, and says in one line what to install for the gpu.js ones.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBuilt, installProject, pack, run } from './workspace.js';

/** Target of the issue: theory + ensembles install ≤ 3 MiB (`du -sk node_modules` ≤ 3072). */
const SMALL_INSTALL_KIB = 3072;

let work = '';
let tarballs = new Map<string, string>();

/** A fresh ESM project `work/name` with the given tarballs installed by npm (install scripts allowed). */
async function project(name: string, packages: readonly string[]): Promise<string> {
  const dir = path.join(work, name);
  await installProject(
    dir,
    packages.map((p) => tarballs.get(p) as string),
    ['--foreground-scripts'],
  );
  return dir;
}

/** Every installed package directory under `node_modules` (scoped ones included). */
function installedPackages(dir: string): string[] {
  const modules = path.join(dir, 'node_modules');
  return readdirSync(modules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) => (entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((sub) => `${entry}/${sub}`) : [entry]));
}

/** Packages that would run something at install: an install/preinstall/postinstall script or a binding.gyp (node-gyp). */
function installScripts(dir: string): string[] {
  return installedPackages(dir).filter((name) => {
    const root = path.join(dir, 'node_modules', name);
    const scripts =
      (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    return ['preinstall', 'install', 'postinstall'].some((key) => key in scripts) || existsSync(path.join(root, 'binding.gyp'));
  });
}

/** Runs an ESM script in `dir` and parses the JSON it prints. */
async function script(dir: string, file: string, code: string): Promise<Record<string, unknown>> {
  writeFileSync(path.join(dir, file), code);
  const result = await run(process.execPath, [file], { cwd: dir, timeoutMs: 60_000 });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  checkBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'dam-pack-alone-'));
  const out = path.join(work, 'tarballs');
  mkdirSync(out);
  tarballs = await pack(['packages/kernels', 'packages/ensembles', 'packages/theory'], out);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('@dam/theory and @dam/ensembles installed alone', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await project('theory', ['@dam/theory', '@dam/ensembles']);
  });

  it(`need no other @dam package, run no install script, and take ≤ ${SMALL_INSTALL_KIB} KiB`, () => {
    const packages = installedPackages(dir);
    expect(packages.filter((name) => name.startsWith('@dam/')).sort()).toEqual(['@dam/ensembles', '@dam/theory']);
    expect(installScripts(dir)).toEqual([]);
    const kib = Number(execFileSync('du', ['-sk', path.join(dir, 'node_modules')], { encoding: 'utf8' }).split(/\s/)[0]);
    console.log(`pack-install (theory): node_modules ${kib} KiB, packages ${packages.join(', ')}`);
    expect(kib).toBeLessThanOrEqual(SMALL_INSTALL_KIB);
  });

  it('compute α_1 (spherical, λ = 1: 0.622572) and sample patterns', async () => {
    const report = await script(
      dir,
      'theory.mjs',
      `import { alpha1 } from '@dam/theory';
import { samplePatterns, sphericalLaw } from '@dam/ensembles';
const patterns = samplePatterns({ ensemble: 'spherical', dimension: 8, seed: 1, count: 3 });
let norm2 = 0;
for (let j = 0; j < 8; j++) norm2 += patterns.data[j] ** 2;
console.log(JSON.stringify({ alpha1: alpha1(sphericalLaw, 1), rows: patterns.rows, cols: patterns.cols, norm2 }));
`,
    );
    expect((report.alpha1 as number).toFixed(6)).toBe('0.622572');
    expect([report.rows, report.cols]).toEqual([3, 8]);
    expect(report.norm2).toBeCloseTo(8, 5); // ‖ξ‖² = N
  });
});

describe('@dam/kernels installed alone, without gpu.js', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await project('kernels', ['@dam/kernels']);
  });

  it('installs no gpu.js, no gl and nothing to build', () => {
    const packages = installedPackages(dir);
    expect(packages).toEqual(['@dam/kernels']);
    expect(installScripts(dir)).toEqual([]);
  });

  it('runs the js and wasm-simd backends; a gpu.js backend says what to install', async () => {
    const report = await script(
      dir,
      'kernels.mjs',
      `import { createBackend, createMatrix, chooseAutoBackend } from '@dam/kernels';
const patterns = createMatrix(2, 2, Float32Array.from([1, 0, 0, 1]));
const x = Float32Array.from([1, 0]);
const steps = {};
for (const name of ['js', 'wasm-simd']) steps[name] = Array.from((await createBackend(name)).step(patterns, x, Math.LN2).next);
const gpu = await createBackend('gpu.js/cpu').then(() => 'created', (error) => error.message);
const auto = await chooseAutoBackend();
console.log(JSON.stringify({ steps, gpu, auto: auto.name }));
`,
    );
    // Weights 2 and 1: x′ = (2/3, 1/3).
    for (const next of Object.values(report.steps as Record<string, number[]>)) {
      expect(next[0]).toBeCloseTo(2 / 3, 6);
      expect(next[1]).toBeCloseTo(1 / 3, 6);
    }
    expect(report.gpu).toMatch(/gpu\.js is not installed: the gpu\.js backends need it \(npm install gpu\.js\)/);
    expect(['wasm-simd', 'js']).toContain(report.auto);
  });
});
