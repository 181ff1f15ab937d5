// Depending on the published packages: pack each one as `pnpm publish` would (`pnpm pack`
// rewrites `workspace:` and `catalog:` specifiers to real versions), install the tarballs with
// npm into a fresh project outside the workspace, and run there the ESM script a user would write
// (`consumer.mjs`): every import resolves through the installed packages' `exports`, nothing
// through the workspace. The "Use it from your project" examples of the published READMEs run
// there too and must print what they show. Assumes the packages are built (`pnpm test` runs `turbo run build` first).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaHalf } from '@dam/dynamics';
import { samplePatterns } from '@dam/ensembles';
import { consoleSessions, readmeExamples } from '@dam/vitest-config/readme';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The published packages, by workspace directory. */
const PACKAGES = [
  { dir: 'packages/kernels', name: '@dam/kernels' },
  { dir: 'packages/ensembles', name: '@dam/ensembles' },
  { dir: 'packages/theory', name: '@dam/theory' },
  { dir: 'packages/dynamics', name: '@dam/dynamics' },
  { dir: 'packages/plot', name: '@dam/plot' },
  { dir: 'apps/cli', name: '@dam/cli' },
] as const;

interface Manifest {
  name: string;
  version: string;
  exports?: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Every file a package's `exports` and `bin` point to, relative to the package. */
function entryFiles(manifest: Manifest): string[] {
  const targets = Object.entries(manifest.exports ?? {})
    .filter(([key]) => key !== './package.json')
    .flatMap(([, target]) => (typeof target === 'string' ? [target] : Object.values(target)));
  return [...new Set([...targets, ...Object.values(manifest.bin ?? {})])];
}

/** Fails with what to run when a package has not been built. */
function checkBuilt(): void {
  const missing = PACKAGES.flatMap(({ dir }) => {
    const manifest = readJson<Manifest>(path.join(root, dir, 'package.json'));
    return entryFiles(manifest)
      .filter((file) => !existsSync(path.join(root, dir, file)))
      .map((file) => `${dir}/${file}`);
  });
  if (missing.length > 0) {
    throw new Error(
      `pack-install: the packages are not built (missing ${missing.join(', ')}); run \`npx -y pnpm@10 build\` first (\`npx -y pnpm@10 test\` builds before testing)`,
    );
  }
}

/**
 * Environment for child tools: without the `npm_*` variables that a surrounding `pnpm run` or
 * `npx` exports (npm would take e.g. `npm_config_local_prefix` = the workspace as its own config),
 * but keeping the ones that say where and how to reach the registry and its cache.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(.*registry.*|cache|cafile|ca|proxy|https?_proxy|no_?proxy|strict_ssl|userconfig|globalconfig)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.test(key)));
}

/** pnpm: the one running this test (`pnpm test` sets npm_execpath), else `npx -y pnpm@10`. */
function pnpmCommand(): [string, string[], NodeJS.ProcessEnv] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/i.test(path.basename(execPath))) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath], process.env] : [execPath, [], process.env];
  }
  return ['npx', ['-y', 'pnpm@10'], cleanEnv()];
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command without blocking the test worker; rejects with its output if it fails. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`pack-install: cannot run ${command}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const result = { status, stdout, stderr, seconds: (performance.now() - started) / 1000 };
      if (status === 0) resolve(result);
      else {
        const why = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` after ${options.timeoutMs / 1000} s` : ''}` : `exit ${status}`;
        reject(new Error(`pack-install: \`${[command, ...args].join(' ')}\` in ${options.cwd} failed (${why})\n${stdout}\n${stderr}`));
      }
    });
  });
}

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
  const [pnpm, pnpmArgs, pnpmEnv] = pnpmCommand();
  console.log(`pack-install: ${[pnpm, ...pnpmArgs].join(' ')} pack --pack-destination ${tarballs} in ${PACKAGES.map((p) => p.dir).join(', ')}`);
  const packs = await Promise.all(
    PACKAGES.map(({ dir }) => run(pnpm, [...pnpmArgs, 'pack', '--pack-destination', tarballs], { cwd: path.join(root, dir), env: pnpmEnv, timeoutMs: 180_000 })),
  );
  const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
  console.log(`pack-install: packed ${files.join(', ')} in ${Math.max(...packs.map((p) => p.seconds)).toFixed(1)} s`);
  if (files.length !== PACKAGES.length) throw new Error(`pack-install: expected ${PACKAGES.length} tarballs, found ${files.join(', ') || 'none'}`);

  // 2. A fresh ESM project outside the workspace; npm installs all tarballs at once. No install
  //    scripts: the optional `gl` (headless-gl) would otherwise be compiled from source, and
  //    nothing here needs it (@dam/kernels probes it at run time). resvg's platform binary is a
  //    prebuilt optional dependency, which needs no script.
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'dam-consumer', private: true, type: 'module' }, null, 2)}\n`);
  const install = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', ...files.map((file) => path.join(tarballs, file))];
  console.log(`pack-install: npm ${install.join(' ')} (in ${project})`);
  const installed = await run('npm', install, { cwd: project, timeoutMs: 540_000 });
  console.log(`pack-install: npm install took ${installed.seconds.toFixed(1)} s\n${`${installed.stdout}${installed.stderr}`.trim()}`);
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
    for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) localChecksum += (r + 1) * (j + 1) * (local.data[r * cols + j] ?? Number.NaN);
    expect(first).toEqual(Array.from(local.data.subarray(0, 4)));
    expect(checksum).toBe(localChecksum);
  });

  it('@dam/kernels: the js backend computes the attention step of Eq. 2', () => {
    // Ξ = [(1, 0), (0, 1), (−1, 0)], x = (0.9, 0.1), λ = 4, in float64 here.
    const patterns = [[1, 0], [0, 1], [-1, 0]] as const;
    const scores = patterns.map(([a, b]) => 4 * (0.9 * a + 0.1 * b));
    const logSumExp = Math.log(scores.reduce((sum, s) => sum + Math.exp(s), 0));
    const weights = scores.map((s) => Math.exp(s - logSumExp));
    const next = [0, 1].map((j) => patterns.reduce((sum, xi, mu) => sum + (weights[mu] ?? 0) * xi[j as 0 | 1], 0));
    expect(report.kernels.backend).toBe('js');
    report.kernels.next.forEach((value, j) => expect(value).toBeCloseTo(next[j] ?? Number.NaN, 6)); // float32
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
        const result = await run(path.join(project, 'node_modules', '.bin', 'dam'), args, { cwd: project, timeoutMs: 60_000 }).catch((error: unknown) => error);
        expect(result, `npx dam ${args.join(' ')}`).not.toBeInstanceOf(Error);
        expect(exitCode).toBe(0);
        expect(`${(result as RunResult).stdout}${(result as RunResult).stderr}`.trimEnd()).toBe(output);
      }
    });
  }
});
