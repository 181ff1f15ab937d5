import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gaussianLaw, sphericalLaw } from '@dam/ensembles';
import { alpha1, alphaCLowerBound, ramsauerLowerBound } from '@dam/theory';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';

async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('dam phase-diagram', () => {
  it('prints the curves of @dam/theory on a log-spaced λ grid (JSON)', async () => {
    const { code, stdout, stderr } = await dam(
      'phase-diagram',
      '--ensemble',
      'gaussian',
      '--lambda-min',
      '0.5',
      '--lambda-max',
      '2',
      '--points',
      '3',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { ensemble, rows } = JSON.parse(stdout) as {
      ensemble: string;
      rows: { lambda: number; alpha1: number; alphaCLowerBound: number }[];
    };
    expect(ensemble).toBe('gaussian');
    expect(rows.map((row) => row.lambda)).toEqual([0.5, 1, 2]);
    for (const row of rows) {
      expect(row.alpha1).toBe(alpha1(gaussianLaw, row.lambda));
      expect(row.alphaCLowerBound).toBe(alphaCLowerBound(gaussianLaw, row.lambda));
    }
    expect(rows.map((row) => 'ramsauerLowerBound' in row)).toEqual([false, false, false]);
  });

  it('adds the Ramsauer et al. bound for spherical patterns (CSV)', async () => {
    const { stdout } = await dam(
      'phase-diagram',
      '--ensemble',
      'spherical',
      '--lambda-min',
      '1',
      '--lambda-max',
      '100',
      '--points',
      '3',
      '--csv',
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('lambda,alpha1,alphaCLowerBound,alphaStar,ramsauerLowerBound');
    const [lambda, a1, , , ramsauer] = (lines[2] as string).split(',').map(Number);
    expect(lambda).toBeCloseTo(10, 12);
    expect(a1).toBe(alpha1(sphericalLaw, lambda as number));
    expect(ramsauer).toBe(ramsauerLowerBound(lambda as number));
  });

  it.each([
    ['svg', (b: Buffer) => b.toString('utf8').startsWith('<svg')],
    ['png', (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))],
  ] as const)('draws the figure into a .%s file with --out, and leaves nothing else', async (extension, check) => {
    const dir = mkdtempSync(join(tmpdir(), 'dam-pd-'));
    const file = join(dir, `diagram.${extension}`);
    const { code, stdout } = await dam('phase-diagram', '--ensemble', 'binary', '--points', '3', '--out', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/figure written to .*diagram\./);
    expect(check(readFileSync(file))).toBe(true);
    expect(readdirSync(dir)).toEqual([`diagram.${extension}`]);
  });

  it('keeps a range when only --lambda-max is given below the default minimum', async () => {
    const { code, stdout } = await dam('phase-diagram', '--ensemble', 'spherical', '--lambda-max', '0.05', '--points', '2', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { rows: { lambda: number }[] }).rows.map((row) => row.lambda)).toEqual([0.005, 0.05]);
  });

  it.each([
    [['--points', '3'], '--ensemble: is required; expected one of spherical, gaussian, binary'],
    [['--ensemble', 'all'], '--ensemble: "all" is not allowed here; expected one of spherical, gaussian, binary'],
    [['--ensemble', 'spherical', '--lambda-min', '0'], '--lambda-min: "0" is not allowed; expected a number in (0, 1e8]'],
    [['--ensemble', 'spherical', '--lambda-max', 'big'], '--lambda-max: "big" is not allowed; expected a number in (0, 1e8]'],
    [
      ['--ensemble', 'spherical', '--lambda-min', '2', '--lambda-max', '1'],
      '--lambda-max: 1 is not above --lambda-min 2; expected lambda-min < lambda-max',
    ],
    [['--ensemble', 'spherical', '--points', '1'], '--points: "1" is not allowed; expected an integer between 2 and 100000'],
    [
      ['--ensemble', 'spherical', '--out', 'diagram.pdf'],
      '--out: "diagram.pdf" has no figure extension; expected a file name ending in .svg or .png',
    ],
    [['--ensemble', 'spherical', '--json', '--csv'], '--csv: cannot be combined with --json; expected at most one of --json, --csv'],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await dam('phase-diagram', ...args);
    expect(stdout).toBe('');
    expect(stderr).toBe(`dam: ${message}\n`);
    expect(code).toBe(2);
  });
});
