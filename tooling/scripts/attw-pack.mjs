#!/usr/bin/env node
// Are-the-types-wrong check of the tarball that would actually be published.
//
// Usage, from a package's `lint` script (no package-specific arguments):
//   node ../../tooling/scripts/attw-pack.mjs [extra attw options]
//
// Why not `attw --pack .`: it runs `npm pack`, which leaves pnpm's `workspace:` and `catalog:`
// specifiers unresolved in the packed package.json and drops the .tgz into the package folder.
// `pnpm pack` rewrites them to real versions, exactly as `pnpm publish` would. So: pack with
// pnpm into a fresh temporary directory, run attw on it with every resolution profile (node10,
// node16 CommonJS and ESM, bundler), clean up. One rule is ignored: `cjs-resolves-to-esm`, since
// the packages are ESM with a `default` condition and `require()` of ESM works on the Node they
// require (≥ 20.19; the pack-install test runs a `require` of each).
// Extra arguments are passed on to attw (e.g. `--format table-flipped`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const cwd = process.cwd();

/** The pnpm to use: the one running this script (`pnpm run` sets npm_execpath), else `pnpm` on PATH. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/i.test(path.basename(execPath))) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  return ['pnpm', []];
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', ...options });
  if (result.error) {
    console.error(`attw-pack: cannot run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result;
}

const dir = mkdtempSync(path.join(tmpdir(), 'attw-pack-'));
let status = 1;
try {
  const [pnpm, pnpmArgs] = pnpmCommand();
  const pack = run(pnpm, [...pnpmArgs, 'pack', '--pack-destination', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (pack.status !== 0) {
    console.error(`attw-pack: \`pnpm pack\` failed in ${cwd} (exit ${pack.status})`);
  } else {
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    if (tarballs.length !== 1) {
      console.error(`attw-pack: expected one tarball from \`pnpm pack\`, found ${tarballs.length}`);
    } else {
      const args = [path.join(dir, tarballs[0]), '--ignore-rules', 'cjs-resolves-to-esm', ...process.argv.slice(2)];
      // `attw` comes from the package's devDependencies (node_modules/.bin is on PATH under pnpm run).
      status = run('attw', args).status ?? 1;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
