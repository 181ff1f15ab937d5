import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';

async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const run = [
  '--ensemble',
  'spherical',
  '--alpha',
  '0.2',
  '--N',
  '10,12,14',
  '--samples',
  '7',
  '--seed',
  '4',
  '--workers',
  '0',
  '--backend',
  'js',
];

async function shards(count: number, args = run): Promise<{ dir: string; files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'dam-shards-'));
  const files: string[] = [];
  for (let k = 1; k <= count; k++) {
    const file = join(dir, `part-${k}.json`);
    const { code, stdout, stderr } = await dam('simulate', ...args, '--shard', `${k}/${count}`, '--out', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^shard ${k}/${count}: realisations \\d+\\.\\.\\d+ of 7 at N = 10, 12, 14 written to `));
    files.push(file);
  }
  return { dir, files };
}

describe('dam simulate --shard and dam merge', () => {
  it('merge prints exactly what the unsharded run prints (JSON, table and CSV)', async () => {
    const { dir, files } = await shards(3);
    expect(readdirSync(dir).sort()).toEqual(['part-1.json', 'part-2.json', 'part-3.json']);
    for (const format of [['--json'], [], ['--csv']]) {
      const whole = await dam('simulate', ...run, ...format);
      const merged = await dam('merge', ...[...files].reverse(), ...format);
      expect(merged.stderr).toBe('');
      expect(merged.code).toBe(0);
      expect(merged.stdout).toBe(whole.stdout);
    }
  });

  it('without --out, a shard goes to stdout as a shard file', async () => {
    const { stdout, code } = await dam('simulate', ...run, '--shard', '2/2');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ format: 'dam/critical-lambdas@1', shard: { index: 2, count: 2 }, realisations: [3, 7] });
  });

  it.each([
    [['--shard', '3/2'], '--shard: "3/2" is not allowed; expected k/n with integers 1 <= k <= n (e.g. 3/8)'],
    [['--shard', '0/2'], '--shard: "0/2" is not allowed; expected k/n with integers 1 <= k <= n (e.g. 3/8)'],
    [['--shard', 'half'], '--shard: "half" is not allowed; expected k/n with integers 1 <= k <= n (e.g. 3/8)'],
    [['--out', 'x.json'], '--out: needs --shard (it writes a shard file); without --shard the report goes to stdout'],
    [['--shard', '1/2', '--out', ''], '--out: an empty path is not allowed; expected a file path'],
    [
      ['--backend', 'nope'],
      '--backend: "nope" is not allowed; expected auto or one of wasm-simd, js, reference, gpu.js/gpu, gpu.js/webgl2, gpu.js/webgl, gpu.js/headlessgl, gpu.js/cpu',
    ],
    [
      ['--shard', '1/2', '--json'],
      '--json: cannot be combined with --shard; a shard file is JSON already (print the report with dam merge)',
    ],
    [
      ['--shard', '1/2', '--out', '<file>/sub/part.json'],
      /^--out: ".*\/sub\/part\.json" cannot be written \(ENOTDIR\); expected a path in a writable directory$/,
    ],
  ])('simulate rejects %j with one line and exit code 2', async (args, message) => {
    // <file>: a regular file, so that <file>/sub cannot be a directory (even for root).
    const file = join(mkdtempSync(join(tmpdir(), 'dam-file-')), 'file.txt');
    writeFileSync(file, 'x');
    // A flag of the case replaces the run's own (a repeated flag is refused).
    const base = run.filter((arg, i) => !args.includes(arg) && !args.includes(run[i - 1] as string));
    const { code, stdout, stderr } = await dam('simulate', ...base, ...args.map((arg) => arg.replace('<file>', file)));
    expect(stdout).toBe('');
    if (typeof message === 'string') expect(stderr).toBe(`dam: ${message}\n`);
    else expect(stderr.slice(5, -1)).toMatch(message);
    expect(code).toBe(2);
  });

  it('simulate checks --out without creating anything: a run refused for its size leaves no directory behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dam-out-'));
    const { code, stderr } = await dam(
      'simulate',
      '--ensemble',
      'spherical',
      '--alpha',
      '2',
      '--N',
      '40',
      '--workers',
      '0',
      '--shard',
      '1/2',
      '--out',
      join(dir, 'new', 'deeper', 'part.json'),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^dam: .*GiB.*\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('simulate creates the missing directories of --out when it writes the shard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dam-out-'));
    const { code } = await dam('simulate', ...run, '--shard', '1/2', '--out', join(dir, 'new', 'part.json'));
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'new'))).toEqual(['part.json']);
  });

  it('simulate refuses an --out that is a directory, before computing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dam-out-'));
    const { code, stderr } = await dam('simulate', ...run, '--shard', '1/2', '--out', dir);
    expect(stderr).toBe(`dam: --out: ${JSON.stringify(dir)} is a directory; expected a file path\n`);
    expect(code).toBe(2);
  });

  describe('merge refuses', () => {
    let one = '';
    let two = '';
    let otherTwo = '';
    let truncated = '';
    let other = '';
    let otherVersion = '';
    let dir = '';
    beforeAll(async () => {
      const mine = await shards(2);
      dir = mine.dir;
      [one, two] = mine.files as [string, string];
      otherTwo = (
        await shards(
          2,
          run.map((arg, i) => (run[i - 1] === '--seed' ? '5' : arg)),
        )
      ).files[1] as string;
      truncated = join(dir, 'truncated.json');
      writeFileSync(truncated, readFileSync(two, 'utf8').slice(0, 100));
      other = join(dir, 'other.json');
      writeFileSync(other, '{"points":[]}');
      // The same shard as computed by another version of @dam/dynamics.
      otherVersion = join(dir, 'other-version.json');
      writeFileSync(otherVersion, readFileSync(two, 'utf8').replace(/"version":"[^"]*"/, '"version":"99.0.0"'));
    });
    it.each([
      [
        'shards of different runs',
        () => [one, otherTwo],
        /^dam: cannot merge: shards 1\/2 and 2\/2 are from different runs \(seed: 4 ≠ 5\)\n$/,
      ],
      [
        'shards of different versions',
        () => [one, otherVersion],
        /^dam: cannot merge: shards were computed by different package versions \(@dam\/dynamics [\d.]+, @dam\/ensembles [\d.]+, @dam\/kernels [\d.]+ ≠ 99\.0\.0\)\n$/,
      ],
      ['a missing shard', () => [one], /^dam: cannot merge: missing shard 2\/2\n$/],
      ['a repeated shard', () => [one, one, two], /^dam: cannot merge: shard 1\/2 is given twice\n$/],
      ['a truncated file', () => [one, truncated], /^dam: .*truncated\.json: not valid JSON \(truncated or corrupted\?: .*\)\n$/],
      ['a file that does not exist', () => [one, join(dir, 'nope.json')], /^dam: ".*nope\.json" cannot be read \(ENOENT\)\n$/],
      [
        'a JSON file of another kind',
        () => [one, other],
        /^dam: .*other\.json: not a dam shard file \(format missing, expected "dam\/critical-lambdas@1"; write one with dam simulate --shard k\/n --out file\)\n$/,
      ],
    ])('%s, with one line and exit code 2', async (_, inputs, message) => {
      const { code, stdout, stderr } = await dam('merge', ...inputs());
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
    });
  });
});
