// Depending on the published packages: pack each one as `pnpm publish` would (`pnpm pack`
// rewrites `workspace:` and `catalog:` specifiers to real versions), install the tarballs with
// npm into a fresh project outside the workspace, and run there the ESM script a user would write
// (`consumer.mjs`): every import resolves through the installed packages' `exports`, nothing
// through the workspace. The "Use it from your project" examples of the published READMEs run
// there too and must print what they show. Assumes the packages are built (`pnpm test` runs `turbo run build` first).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaHalf } from '@dam/dynamics';
import { samplePatterns } from '@dam/ensembles';
import { consoleSessions, readmeExamples } from '@dam/vitest-config/readme';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBuilt, installProject, type Manifest, PACKAGES, pack, type RunResult, readJson, root, run } from './workspace.js';

interface Report {
  resolved: Record<string, string>;
  resvgBinding: string[];
  theory: { alpha1: number; lambdaC: number };
  ensembles: { rows: number; cols: number; first: number[]; checksum: number; maxNormError: number };
  kernels: { backend: string; next: number[]; logSumExp: number };
  dynamics: {
    retrieve: { steps: number; converged: boolean; distance: number };
    above: { rate: number; P: number; backend: string };
    below: { rate: number };
    lambdaHalf: { value: number; stderr: number; P: number; backend: string };
  };
  plot: { svgStart: string; svgLength: number; hasRamsauer: boolean; pngSignature: number[]; pngSize: [number, number] };
  cli: {
    library: { code: number; output: Record<string, unknown> };
    bin: Record<string, unknown>;
    version: string;
  };
}

let work = '';
let project = '';
let report: Report;
const manifests = new Map<string, Manifest>();

beforeAll(async () => {
  checkBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'dam-pack-install-'));
  const tarballs = path.join(work, 'tarballs');
  project = path.join(work, 'project');
  mkdirSync(project, { recursive: true });
  if (!path.relative(realpathSync(root), realpathSync(project)).startsWith('..')) {
    throw new Error(`pack-install: the temporary project ${project} lies inside the workspace ${root}; set TMPDIR elsewhere`);
  }

  // 1. Pack every package, as `pnpm publish` would.
  const files = [
    ...(
      await pack(
        PACKAGES.map((p) => p.dir),
        tarballs,
      )
    ).values(),
  ];

  // 2. A fresh ESM project outside the workspace; npm installs all tarballs at once. No install
  //    scripts: the optional `gl` (headless-gl) would otherwise be compiled from source, and
  //    nothing here needs it (@dam/kernels probes it at run time). resvg's platform binary is a
  //    prebuilt optional dependency, which needs no script.
  await installProject(project, files, ['--ignore-scripts'], 540_000);
  for (const { name } of PACKAGES) manifests.set(name, readJson<Manifest>(path.join(project, 'node_modules', name, 'package.json')));

  // 3. The user's script.
  copyFileSync(fileURLToPath(new URL('./consumer.mjs', import.meta.url)), path.join(project, 'consumer.mjs'));
  console.log(`pack-install: node consumer.mjs (in ${project})`);
  const consumer = await run(process.execPath, ['consumer.mjs'], { cwd: project, timeoutMs: 120_000 });
  console.log(`pack-install: consumer.mjs took ${consumer.seconds.toFixed(1)} s`);
  report = JSON.parse(consumer.stdout) as Report;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed packages installed with npm outside the workspace', () => {
  it('have real versions instead of workspace: and catalog: specifiers', () => {
    for (const { dir, name } of PACKAGES) {
      const manifest = manifests.get(name);
      expect(manifest?.version).toBe(readJson<Manifest>(path.join(root, dir, 'package.json')).version);
      for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
        for (const [dependency, specifier] of Object.entries(manifest?.[field] ?? {})) {
          expect(specifier, `${name} ${field} → ${dependency}`).not.toMatch(/^(workspace|catalog):/);
          // `workspace:^` becomes `^<version>`; (optional) peer ranges are written out in full.
          const local = manifests.get(dependency);
          if (local && field !== 'peerDependencies') expect(specifier, `${name} → ${dependency}`).toBe(`^${local.version}`);
        }
      }
    }
  });

  it('carry the MIT LICENSE, a changelog at their version, a description and keywords', () => {
    const license = readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    for (const { name } of PACKAGES) {
      expect(readFileSync(path.join(project, 'node_modules', name, 'LICENSE'), 'utf8'), `${name}/LICENSE`).toBe(license);
      const manifest = readJson<Manifest & { license?: string; description?: string; keywords?: string[] }>(
        path.join(project, 'node_modules', name, 'package.json'),
      );
      expect(manifest.license, name).toBe('MIT');
      expect(manifest.description?.length, name).toBeGreaterThan(20);
      expect(manifest.keywords?.length, name).toBeGreaterThan(2);
      // The changelog of the release, written by `changeset version`.
      const changelog = readFileSync(path.join(project, 'node_modules', name, 'CHANGELOG.md'), 'utf8');
      expect(changelog.startsWith(`# ${name}\n\n## ${manifest.version}\n`), `${name}/CHANGELOG.md starts at ${manifest.version}`).toBe(
        true,
      );
    }
  });

  it('resolve from the project, through their exports, with resvg’s prebuilt binding', () => {
    const modules = path.join(realpathSync(project), 'node_modules');
    for (const [name, file] of Object.entries(report.resolved)) {
      expect(realpathSync(file).startsWith(`${modules}${path.sep}`), `${name} → ${file}`).toBe(true);
    }
    expect(report.resvgBinding.length).toBeGreaterThan(0);
  });

  it('@dam/theory: α_1(λ = 1) of spherical patterns is the closed form, 0.622572', () => {
    // Spherical law at ρ = 1: ζ(λ) = λc + ½ log(1 − c²), c = (√(1 + 4λ²) − 1)/2λ; α_1 = λ − ζ(λ)
    // while ζ′(λ) = c < 1 (packages/theory/README.md). At λ = 1, c is the golden ratio conjugate.
    const c = (Math.sqrt(5) - 1) / 2;
    const expected = 1 - (c + 0.5 * Math.log(1 - c * c));
    expect(report.theory.alpha1).toBeCloseTo(expected, 12);
    expect(report.theory.alpha1.toFixed(6)).toBe('0.622572');
    expect(report.theory.lambdaC.toFixed(6)).toBe('0.224633'); // root README: λ_c(0.2)
  });

  it('@dam/ensembles: seeded spherical patterns, the same bits as in the workspace', () => {
    const { rows, cols, first, checksum, maxNormError } = report.ensembles;
    expect([rows, cols]).toEqual([1000, 30]);
    expect(maxNormError).toBeLessThan(1e-6); // ‖ξ‖² = N up to float32 rounding
    const local = samplePatterns({ ensemble: 'spherical', dimension: 30, seed: 7, count: 1000 });
    let localChecksum = 0;
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < cols; j++) localChecksum += (r + 1) * (j + 1) * (local.data[r * cols + j] ?? Number.NaN);
    expect(first).toEqual(Array.from(local.data.subarray(0, 4)));
    expect(checksum).toBe(localChecksum);
  });

  it('@dam/kernels: the js backend computes the attention step of Eq. 2', () => {
    // Ξ = [(1, 0), (0, 1), (−1, 0)], x = (0.9, 0.1), λ = 4, in float64 here.
    const patterns = [
      [1, 0],
      [0, 1],
      [-1, 0],
    ] as const;
    const scores = patterns.map(([a, b]) => 4 * (0.9 * a + 0.1 * b));
    const logSumExp = Math.log(scores.reduce((sum, s) => sum + Math.exp(s), 0));
    const weights = scores.map((s) => Math.exp(s - logSumExp));
    const next = [0, 1].map((j) => patterns.reduce((sum, xi, mu) => sum + (weights[mu] ?? 0) * xi[j as 0 | 1], 0));
    expect(report.kernels.backend).toBe('js');
    for (const [j, value] of report.kernels.next.entries()) expect(value).toBeCloseTo(next[j] ?? Number.NaN, 6); // float32
    expect(report.kernels.logSumExp).toBeCloseTo(logSumExp, 5);
  });

  it('@dam/dynamics: experiments on the installed worker thread, as in the workspace', async () => {
    const { retrieve, above, below, lambdaHalf: half } = report.dynamics;
    expect(retrieve.converged).toBe(true);
    expect(retrieve.distance).toBeLessThan(0.01);
    expect(above).toEqual({ rate: 1, P: 55, backend: 'js' }); // P = round(e^{0.2·20}); λ = 1 ≫ λ½
    expect(below.rate).toBe(0); // λ = 0.05 ≪ λ½
    // λ½ at N = 20, α = 0.2 lies between the theory's λ_c(0.2) = 0.2246 (N = ∞) and the
    // root README's finite-size values (0.39 at N = 20), and is the workspace's value to the bit.
    expect(half.value).toBeGreaterThan(report.theory.lambdaC);
    expect(half.value).toBeGreaterThan(0.3);
    expect(half.value).toBeLessThan(0.5);
    const local = await lambdaHalf({ ensemble: 'spherical', N: 20, alpha: 0.2, samples: 16, seed: 31, workers: 1, backend: 'js' });
    expect(half).toEqual({ value: local.lambdaHalf, stderr: local.stderr, P: local.P, backend: 'js' });
  });

  it('@dam/plot: Fig. 1 (top) as SVG, and as a PNG through resvg', () => {
    expect(report.plot.svgStart).toBe('<svg');
    expect(report.plot.hasRamsauer).toBe(true);
    expect(report.plot.pngSignature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(report.plot.pngSize[0]).toBe(300);
    expect(report.plot.pngSize[1]).toBeGreaterThan(100);
  });

  it('require() every package and subpath from CommonJS (Node ≥ 20.19 loads ESM through the `default` condition)', async () => {
    const names = [
      '@dam/kernels',
      '@dam/kernels/internals',
      '@dam/ensembles',
      '@dam/ensembles/internals',
      '@dam/theory',
      '@dam/dynamics',
      '@dam/dynamics/internals',
      '@dam/dynamics/worker',
      '@dam/plot',
      '@dam/plot/node',
      '@dam/cli',
    ];
    const code = `const names = ${JSON.stringify(names)};
const loaded = Object.fromEntries(names.map((name) => [name, Object.keys(require(name)).length]));
console.log(JSON.stringify({ loaded, alpha1: require('@dam/theory').alpha1(require('@dam/ensembles').sphericalLaw, 1) }));
`;
    writeFileSync(path.join(project, 'require.cjs'), code);
    const result = await run(process.execPath, ['require.cjs'], { cwd: project, timeoutMs: 60_000 });
    const { loaded, alpha1 } = JSON.parse(result.stdout) as { loaded: Record<string, number>; alpha1: number };
    for (const name of names) expect(loaded[name], name).toBeGreaterThan(0);
    expect(alpha1).toBe(report.theory.alpha1);
  });

  it('@dam/cli: the installed `dam` bin and the library print the thresholds', () => {
    expect(report.cli.version).toBe(manifests.get('@dam/cli')?.version);
    expect(report.cli.bin).toEqual({
      ensemble: 'spherical',
      lambda: 1,
      alpha1: report.theory.alpha1,
      alphaCLowerBound: report.theory.alpha1, // α_c^lb = α_1 for spherical patterns
      alphaStar: expect.closeTo(0.240606, 6),
      ramsauerLowerBound: expect.closeTo(0.0742919, 6),
    });
    expect(report.cli.library.code).toBe(0);
    expect(report.cli.library.output).toMatchObject({ ensemble: 'gaussian', lambda: 2, alpha1: 0.5 });
    expect(report.cli.library.output.alphaCLowerBound).toBeCloseTo(Math.log(2) / 4, 9); // Gaussian saturation
  });
});

describe('"Use it from your project" in each published README', () => {
  for (const { name } of PACKAGES) {
    it(`${name}: its install line and examples work in the installed project`, async () => {
      const readme = readFileSync(path.join(project, 'node_modules', name, 'README.md'), 'utf8');
      const section = /^## Use it from your project\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
      expect(section, `${name}/README.md has a "## Use it from your project" section`).toBeDefined();
      const installs = [...(section ?? '').matchAll(/^npm install (.+)$/gm)].flatMap((match) => (match[1] ?? '').split(/\s+/));
      expect(installs).toContain(name);
      const examples = readmeExamples(section ?? '');
      const sessions = consoleSessions(section ?? '', 'npx dam');
      expect(examples.length + sessions.length).toBeGreaterThan(0);
      for (const [index, { code, output }] of examples.entries()) {
        // Every package the example imports is one the section tells the reader to install.
        for (const match of code.matchAll(/from '(@dam\/[^/']+)/g)) expect(installs, `${name} example ${index + 1}`).toContain(match[1]);
        const file = `readme-${name.slice('@dam/'.length)}-${index + 1}.mjs`;
        writeFileSync(path.join(project, file), code);
        const result = await run(process.execPath, [file], { cwd: project, timeoutMs: 60_000 });
        expect(result.stdout.trim(), `${name} example ${index + 1}`).toBe(output);
      }
      for (const { args, output, exitCode } of sessions) {
        const result = await run(path.join(project, 'node_modules', '.bin', 'dam'), args, { cwd: project, timeoutMs: 60_000 }).catch(
          (error: unknown) => error,
        );
        expect(result, `npx dam ${args.join(' ')}`).not.toBeInstanceOf(Error);
        expect(exitCode).toBe(0);
        expect(`${(result as RunResult).stdout}${(result as RunResult).stderr}`.trimEnd()).toBe(output);
      }
    });
  }
});
