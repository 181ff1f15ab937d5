// Helpers of the pack-install tests: the published packages, packing them as `pnpm publish` would,
// and running commands outside the workspace. Assumes the packages are built (`pnpm test` runs
// `turbo run build` first).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The published packages, by workspace directory. */
export const PACKAGES = [
  { dir: 'packages/kernels', name: '@dam/kernels' },
  { dir: 'packages/ensembles', name: '@dam/ensembles' },
  { dir: 'packages/theory', name: '@dam/theory' },
  { dir: 'packages/dynamics', name: '@dam/dynamics' },
  { dir: 'packages/plot', name: '@dam/plot' },
  { dir: 'apps/cli', name: '@dam/cli' },
] as const;

export interface Manifest {
  name: string;
  version: string;
  exports?: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Every file a package's `exports` and `bin` point to, relative to the package. */
function entryFiles(manifest: Manifest): string[] {
  const targets = Object.entries(manifest.exports ?? {})
    .filter(([key]) => key !== './package.json')
    .flatMap(([, target]) => (typeof target === 'string' ? [target] : Object.values(target)));
  return [...new Set([...targets, ...Object.values(manifest.bin ?? {})])];
}

/** Fails with what to run when a package has not been built. */
export function checkBuilt(): void {
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
export function cleanEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(.*registry.*|cache|cafile|ca|proxy|https?_proxy|no_?proxy|strict_ssl|userconfig|globalconfig)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.test(key)));
}

/** pnpm: the one running this test (`pnpm test` sets npm_execpath), else `npx -y pnpm@10`. */
export function pnpmCommand(): [string, string[], NodeJS.ProcessEnv] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/i.test(path.basename(execPath))) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath], process.env] : [execPath, [], process.env];
  }
  return ['npx', ['-y', 'pnpm@10'], cleanEnv()];
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command without blocking the test worker; rejects with its output if it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
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

/**
 * Packs the packages in `dirs` (workspace directories) into `tarballs`, as `pnpm publish` would
 * (`workspace:` and `catalog:` specifiers rewritten to versions); returns the tarball paths by name.
 */
export async function pack(dirs: readonly string[], tarballs: string): Promise<Map<string, string>> {
  const [pnpm, pnpmArgs, pnpmEnv] = pnpmCommand();
  console.log(`pack-install: ${[pnpm, ...pnpmArgs].join(' ')} pack --pack-destination ${tarballs} in ${dirs.join(', ')}`);
  const packs = await Promise.all(
    dirs.map((dir) =>
      run(pnpm, [...pnpmArgs, 'pack', '--pack-destination', tarballs], { cwd: path.join(root, dir), env: pnpmEnv, timeoutMs: 180_000 }),
    ),
  );
  const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
  console.log(`pack-install: packed ${files.join(', ')} in ${Math.max(...packs.map((p) => p.seconds)).toFixed(1)} s`);
  if (files.length !== dirs.length) throw new Error(`pack-install: expected ${dirs.length} tarballs, found ${files.join(', ') || 'none'}`);
  const byName = new Map<string, string>();
  for (const dir of dirs) {
    const { name, version } = readJson<Manifest>(path.join(root, dir, 'package.json'));
    const file = `${name.replace('@', '').replace('/', '-')}-${version}.tgz`;
    if (!files.includes(file)) throw new Error(`pack-install: ${name} packed into none of ${files.join(', ')} (expected ${file})`);
    byName.set(name, path.join(tarballs, file));
  }
  return byName;
}

/**
 * A fresh ESM project in `dir` (created if needed) with the `tarballs` installed by npm, plus the
 * `flags` given (e.g. `--ignore-scripts`); npm's output is logged with the time it took.
 */
export async function installProject(
  dir: string,
  tarballs: readonly string[],
  flags: readonly string[] = [],
  timeoutMs = 300_000,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const name = `dam-${path.basename(dir)}`;
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`);
  const args = ['install', ...flags, '--no-audit', '--no-fund', '--prefer-offline', ...tarballs];
  const installed = await run('npm', args, { cwd: dir, timeoutMs });
  console.log(
    `pack-install (${name}): npm ${args.join(' ')} took ${installed.seconds.toFixed(1)} s\n${`${installed.stdout}${installed.stderr}`.trim()}`,
  );
}
