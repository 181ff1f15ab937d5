import { finiteSizeScan } from '@dam/dynamics';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';

async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const small = ['--ensemble', 'spherical', '--alpha', '0.2', '--samples', '6', '--workers', '0'];

describe('dam simulate', () => {
  it('prints the JSON document of the issue, equal to finiteSizeScan of @dam/dynamics', async () => {
    const { code, stdout, stderr } = await dam('simulate', ...small, '--N', '12,14,16', '--seed', '3', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['ensemble', 'alpha', 'samples', 'seed', 'points', 'fit', 'fitQuadratic', 'theory']);
    const points = report.points as Record<string, number>[];
    expect(points.map((p) => Object.keys(p))).toEqual([0, 1, 2].map(() => ['N', 'P', 'lambdaHalf', 'stderr', 'censored', 'lambdaTheory']));
    expect(Object.keys(report.fit as object)).toEqual(['lambdaInf', 'ci', 'chi2', 'dof', 'skipped', 'b']);
    expect(Object.keys(report.fitQuadratic as object)).toEqual(['lambdaInf', 'ci', 'chi2', 'dof', 'skipped']);
    const scan = await finiteSizeScan({ ensemble: 'spherical', alpha: 0.2, Ns: [12, 14, 16], samples: 6, seed: 3, workers: 0 });
    expect(points.map((p) => p.lambdaHalf)).toEqual(scan.points.map((p) => p.lambdaHalf));
    expect(points.map((p) => p.lambdaTheory)).toEqual(scan.points.map((p) => p.lambdaTheory));
    expect((report.fit as { lambdaInf: number }).lambdaInf).toBe(scan.fit?.lambdaInf);
    expect((report.fitQuadratic as { lambdaInf: number }).lambdaInf).toBe(scan.fitQuadratic.lambdaInf);
    expect(Object.keys(report.theory as object)).toEqual(['lambdaC', 'finiteSize']);
    expect((report.theory as { lambdaC: number }).lambdaC).toBeCloseTo(0.2246325, 6);
  });

  it('--no-early-stop prints the same bytes: the certificates change no outcome (binary patterns, whose scores tie)', {
    timeout: 120_000,
  }, async () => {
    const args = ['simulate', '--ensemble', 'binary', '--alpha', '0.2', '--N', '16,20', '--samples', '16', '--seed', '3', '--json'];
    const early = await dam(...args);
    const full = await dam(...args, '--no-early-stop');
    expect([early.code, full.code, early.stderr, full.stderr]).toEqual([0, 0, '', '']);
    expect(full.stdout).toBe(early.stdout);
    // The flag reaches the runs: the shard files (which count the updates) have the same critical λs,
    // and the full runs take more updates.
    const shardArgs = ['simulate', ...small, '--N', '12,16', '--seed', '3', '--shard', '1/1'];
    const shards = [await dam(...shardArgs), await dam(...shardArgs, '--no-early-stop')].map(
      (r) => JSON.parse(r.stdout) as { points: { criticalLambdas: number[]; updates: number }[] },
    );
    const [withStop, without] = shards as [(typeof shards)[0], (typeof shards)[0]];
    expect(without.points.map((p) => p.criticalLambdas)).toEqual(withStop.points.map((p) => p.criticalLambdas));
    for (let i = 0; i < 2; i++) expect(without.points[i]?.updates).toBeGreaterThan(withStop.points[i]?.updates as number);
  });

  it('is deterministic in the seed, whatever the number of workers; one size gives fit: null', async () => {
    const one = await dam('simulate', ...small, '--N', '14', '--seed', '5', '--json');
    const two = await dam('simulate', ...small.slice(0, -2), '--workers', '2', '--N', '14', '--seed', '5', '--json');
    expect(one.stdout).toBe(two.stdout);
    expect((JSON.parse(one.stdout) as { fit: unknown }).fit).toBeNull();
    // The point of size 14 is the same alone and inside a scan.
    const scan = await dam('simulate', ...small, '--N', '12,14,16', '--seed', '5', '--json');
    const inScan = (JSON.parse(scan.stdout) as { points: { N: number }[] }).points.find((p) => p.N === 14);
    expect(inScan).toEqual((JSON.parse(one.stdout) as { points: unknown[] }).points[0]);
  });

  it('prints a table with the fit and the theory, and CSV with a last row N = inf', async () => {
    const table = await dam('simulate', ...small, '--N', '12,14,16');
    expect(table.stdout).toMatch(
      /^spherical patterns, alpha = 0\.2, 6 samples, seed 1\n N {2,}P {2,}lambdaHalf {2,}stderr {2,}lambdaTheory\n/,
    );
    expect(table.stdout).toMatch(/\n12 +11 +[\d.]+ +[\d.]+ +0\.428555\n/);
    expect(table.stdout).toMatch(/fit \(finite-size law \+ b\/N\^2\): lambdaInf = [-\d.e]+, 95% CI \[[-\d.e]+, [-\d.e]+\]\n/);
    expect(table.stdout).toMatch(/fit \(quadratic in 1\/N, the paper's\): lambdaInf = [-\d.e]+, 95% CI \[[-\d.e]+, [-\d.e]+\]\n/);
    expect(table.stdout).toMatch(
      /theory \(N = ∞\): lambdaC = 0\.224633; lambdaTheory = lambdaC \+ \(1\.27277 log N − 1\.24049\)\/N to order 1\/N\n$/,
    );
    const csv = await dam('simulate', ...small, '--N', '12,14,16', '--csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'N,P,lambdaHalf,stderr,censored,lambdaTheory,ciLow,ciHigh,lambdaC,quadraticLambdaInf,quadraticCiLow,quadraticCiHigh',
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^12,11,[\d.e-]+,[\d.e-]+,,0\.4285/);
    expect(lines[4]).toMatch(/^inf,,[-\d.e]+,,,,[-\d.e]+,[-\d.e]+,0\.22463251911286\d*,[-\d.e]+,[-\d.e]+,[-\d.e]+$/);
  });

  it('reports a censored size as a bound (P = 1 retrieves at any λ) in every format, and fits without it', async () => {
    const args = ['simulate', '--ensemble', 'spherical', '--alpha', '0.2', '--samples', '8', '--N', '2,20,25,30'];
    const json = JSON.parse((await dam(...args, '--json')).stdout) as { points: Record<string, unknown>[]; fit: { skipped: number[] } };
    expect(json.points[0]).toEqual({ N: 2, P: 1, lambdaHalf: 0.01, stderr: null, censored: 'below', lambdaTheory: null });
    expect(json.points.slice(1).every((p) => p.censored === null && typeof p.stderr === 'number')).toBe(true);
    expect(json.fit.skipped).toEqual([2]);
    const table = (await dam(...args)).stdout;
    expect(table).toMatch(/\n *2 +1 +0\.01 +- +below \(<=\) +-\n/);
    expect(table).toMatch(/fit \(finite-size law \+ b\/N\^2; N = 2 censored, skipped\): lambdaInf = /);
    expect(table).toMatch(/fit \(quadratic in 1\/N, the paper's; N = 2 censored, skipped\): lambdaInf = /);
    const csv = (await dam(...args, '--csv')).stdout.split('\n');
    expect(csv[1]).toBe('2,1,0.01,,below,,,,,,,');
  });

  it.each([
    [['--alpha', '0.2', '--N', '20'], '--ensemble: is required; expected one of spherical, gaussian, binary'],
    [
      ['--ensemble', 'all', '--alpha', '0.2', '--N', '20'],
      '--ensemble: "all" is not allowed here; expected one of spherical, gaussian, binary',
    ],
    [['--ensemble', 'spherical', '--N', '20'], '--alpha: is required; expected a number in (0, 2]'],
    [['--ensemble', 'spherical', '--alpha', '0', '--N', '20'], '--alpha: "0" is not allowed; expected a number in (0, 2]'],
    [['--ensemble', 'spherical', '--alpha', '0.1,0.2', '--N', '20'], '--alpha: "0.1,0.2" is not allowed; expected a number in (0, 2]'],
    [['--ensemble', 'spherical', '--alpha', '0.2'], '--N: is required; expected integers between 2 and 10000 separated by commas'],
    [
      ['--ensemble', 'spherical', '--alpha', '0.2', '--N', '20.5'],
      '--N: "20.5" is not allowed; expected integers between 2 and 10000 separated by commas',
    ],
    [
      ['--ensemble', 'spherical', '--alpha', '0.2', '--N', '20', '--samples', '0'],
      '--samples: "0" is not allowed; expected an integer between 1 and 1000000',
    ],
    [
      ['--ensemble', 'spherical', '--alpha', '0.2', '--N', '20', '--seed', '-1'],
      '--seed: "-1" is not allowed; expected an integer between 0 and 9007199254740991',
    ],
    [
      ['--ensemble', 'spherical', '--alpha', '0.2', '--N', '20', '--json', '--csv'],
      '--csv: cannot be combined with --json; expected at most one of --json, --csv',
    ],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await dam('simulate', ...args);
    expect(stdout).toBe('');
    expect(stderr).toBe(`dam: ${message}\n`);
    expect(code).toBe(2);
  });

  it('refuses sizes that would not fit in memory before allocating, with exit code 1', async () => {
    const { code, stderr } = await dam('simulate', '--ensemble', 'spherical', '--alpha', '2', '--N', '30', '--workers', '0');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^dam: .*GiB.*\n$/);
  });

  it('--patterns order-statistics reaches P = e^40 (spherical only)', async () => {
    const { code, stdout, stderr } = await dam(
      'simulate',
      ...small.slice(0, 4),
      '--samples',
      '2',
      '--workers',
      '0',
      '--N',
      '200',
      '--patterns',
      'order-statistics',
      '--explicit-patterns',
      '64',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const point = (JSON.parse(stdout) as { points: { P: number; lambdaHalf: number }[] }).points[0];
    expect(point?.P).toBe(Math.round(Math.exp(40)));
    expect(point?.lambdaHalf).toBeGreaterThan(0.22);
    const binary = await dam('simulate', '--ensemble', 'binary', '--alpha', '0.2', '--N', '20', '--patterns', 'order-statistics');
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/--patterns: "order-statistics" supports --ensemble spherical and gaussian, not binary/);
  });
});
