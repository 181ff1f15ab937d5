import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensembleLaw } from '@dam/ensembles';
import { alpha1, cosThetaC } from '@dam/theory';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs the built `node dist/bin.js …args` (build first: `pnpm -r build` or `turbo run build`). */
function spawnDam(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build @dam/cli first (npx -y pnpm@10 -r build)`);
  const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status, stdout, stderr };
}

describe('the built dam command (dist/bin.js)', () => {
  it('thresholds --ensemble gaussian --lambda 2 --alpha 0.1 --json: exit 0 and one JSON object', () => {
    const { status, stdout, stderr } = spawnDam('thresholds', '--ensemble', 'gaussian', '--lambda', '2', '--alpha', '0.1', '--json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const row = JSON.parse(stdout) as Record<string, unknown>;
    const law = ensembleLaw('gaussian');
    expect(Object.keys(row).sort()).toEqual(
      [
        'ensemble',
        'lambda',
        'alpha',
        'alpha1',
        'alphaCLowerBound',
        'alphaStar',
        'lambdaC',
        'lambdaStar',
        'cMax',
        'epsStar',
        'phi',
        'cosThetaC',
        'retrieved',
      ].sort(),
    );
    expect(row).toMatchObject({ ensemble: 'gaussian', lambda: 2, alpha: 0.1, retrieved: true });
    expect(row.alpha1).toBe(alpha1(law, 2));
    expect(row.cosThetaC).toBe(cosThetaC(law, 0.1, 2));
  });

  it('bad input: exit code 2, one line on stderr, no stack trace', () => {
    const { status, stdout, stderr } = spawnDam('thresholds', '--ensemble', 'gaussian', '--lambda', '-1');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('dam: --lambda: "-1" is not allowed; expected numbers in (0, 1e8] separated by commas\n');
  });

  it('--version works from dist/', () => {
    const { status, stdout } = spawnDam('--version');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });
});
