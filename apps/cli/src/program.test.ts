import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from './io.js';
import { main } from './program.js';

/** Runs `dam …args` in-process and returns its exit code and output. */
async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const LAMBDA = 'expected numbers in (0, 1e8] separated by commas';
const ALPHA = 'expected non-negative numbers separated by commas';
const THRESHOLD_FLAGS = '--ensemble, --all, --lambda, --alpha, --json, --csv, --help';

describe('bad input: exit code 2, one line on stderr, nothing on stdout', () => {
  const cases: [string, string[], string][] = [
    ['negative lambda', ['--ensemble', 'spherical', '--lambda', '-1'], `--lambda: "-1" is not allowed; ${LAMBDA}`],
    ['zero lambda', ['--ensemble', 'spherical', '--lambda', '0'], `--lambda: "0" is not allowed; ${LAMBDA}`],
    ['non-numeric lambda', ['--ensemble', 'spherical', '--lambda', '1,two'], `--lambda: "two" is not allowed; ${LAMBDA}`],
    ['empty lambda item', ['--ensemble', 'spherical', '--lambda', '1,,2'], `--lambda: "1,,2" is not allowed; ${LAMBDA}`],
    ['lambda with = syntax', ['--ensemble', 'binary', '--lambda=-3'], `--lambda: "-3" is not allowed; ${LAMBDA}`],
    ['missing lambda value', ['--ensemble', 'spherical', '--lambda'], `--lambda: a value is required; ${LAMBDA}`],
    ['negative alpha', ['--ensemble', 'gaussian', '--alpha', '-0.1'], `--alpha: "-0.1" is not allowed; ${ALPHA}`],
    ['non-numeric alpha', ['--ensemble', 'gaussian', '--alpha', 'abc'], `--alpha: "abc" is not allowed; ${ALPHA}`],
    ['empty alpha item', ['--ensemble', 'gaussian', '--alpha', '0.1,'], `--alpha: "0.1," is not allowed; ${ALPHA}`],
    ['unknown ensemble', ['--ensemble', 'cubic'], '--ensemble: "cubic" is not allowed; expected one of spherical, gaussian, binary, all'],
    ['missing ensemble', ['--lambda', '1'], '--ensemble: a value is required; expected one of spherical, gaussian, binary, all (or --all)'],
    [
      '--all with another ensemble',
      ['--all', '--ensemble', 'gaussian'],
      '--all: cannot be combined with --ensemble "gaussian"; expected either --all or --ensemble <name>',
    ],
    [
      'unknown flag',
      ['--ensemble', 'spherical', '--beta', '2'],
      `"--beta" is not an option of dam thresholds; expected one of ${THRESHOLD_FLAGS}`,
    ],
    [
      '--json with --csv',
      ['--ensemble', 'spherical', '--json', '--csv'],
      '--csv: cannot be combined with --json; expected at most one of --json, --csv',
    ],
    [
      'stray argument',
      ['spherical', '--all'],
      '"spherical" is not allowed after dam thresholds; expected only options (see dam thresholds --help)',
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const result = await dam('thresholds', ...args);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `dam: ${message}\n` });
  });

  it('dam alone prints the help, exit 0', async () => {
    const alone = await dam();
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/^Usage: dam \[options\] \[command\]\n/);
    expect(alone.stdout).toContain('simulate [options]');
    expect(alone.stderr).toBe('');
  });

  it.each([
    [['thresholds', '--alpha', '0.1', '--alpha', '0.2'], '--alpha'],
    [['thresholds', '--lambda', '1', '--lambda=2'], '--lambda'],
    [['simulate', '--ensemble', 'spherical', '--alpha', '0.1', '--alpha', '0.2', '--N', '20'], '--alpha'],
    [['basins', '--N', '30', '--N', '40'], '--N'],
    [['thresholds', '--json', '--json'], '--json'],
  ])('refuses a repeated flag in every command: %j', async (args, flag) => {
    const result = await dam(...args);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `dam: ${flag}: given twice; expected it once (a list is one comma-separated value, e.g. --N 20,25,30)\n`,
    });
  });

  it('prints each default once in --help', async () => {
    for (const command of ['simulate', 'basins', 'reproduce', 'merge', 'bench', 'thresholds', 'phase-diagram']) {
      const help = (await dam(command, '--help')).stdout;
      expect(help, command).not.toMatch(/\(default ([^)\s]+)\)\s*\(default:\s*"?\1/);
    }
  });

  it.each([
    [
      ['threshold'],
      'dam: "threshold" is not a command of dam; expected one of reproduce, thresholds, phase-diagram, simulate, merge, basins, bench, backends, help',
    ],
    [
      ['help', 'nope'],
      'dam: "nope" is not a command of dam; expected one of reproduce, thresholds, phase-diagram, simulate, merge, basins, bench, backends, help',
    ],
    [['--json'], 'dam: "--json" is not an option of dam; expected one of --version, --help'],
  ])('root: dam %j', async (args, message) => {
    expect(await dam(...args)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});

describe('help and version', () => {
  it('dam --help lists the commands, the flags and examples', async () => {
    const { code, stdout, stderr } = await dam('--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const word of ['thresholds', 'help', '--version', '--help', 'Examples:', '$ dam thresholds --all']) {
      expect(stdout).toContain(word);
    }
  });

  it('dam thresholds --help explains every flag and has an example using each one', async () => {
    const { code, stdout, stderr } = await dam('thresholds', '--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const [options = '', after = ''] = stdout.split('\nOutput:');
    expect(after).toContain('Examples:');
    for (const flag of ['--ensemble <name>', '--all', '--lambda <list>', '--alpha <list>', '--json', '--csv', '--help']) {
      expect(options).toMatch(new RegExp(`^ +(-\\w, )?${flag} +\\S`, 'm'));
    }
    const examples = after.split('Examples:')[1] ?? '';
    for (const flag of ['--ensemble', '--all', '--lambda', '--alpha', '--json', '--csv']) {
      expect(examples).toContain(flag);
    }
  });

  it('dam help thresholds is the same help', async () => {
    expect((await dam('help', 'thresholds')).stdout).toBe((await dam('thresholds', '--help')).stdout);
  });

  it('dam --version prints the package version', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await dam('--version')).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });
});

describe('output formats', () => {
  it('--json prints one object for one combination, full precision, infinities as null', async () => {
    const { code, stdout, stderr } = await dam('thresholds', '--ensemble', 'gaussian', '--alpha', '0.6', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed: unknown = JSON.parse(stdout);
    expect(parsed).toMatchObject({ ensemble: 'gaussian', alpha: 0.6, lambdaC: null });
    expect(Array.isArray(parsed)).toBe(false);
  });

  it('--json prints an array for several combinations', async () => {
    const { stdout } = await dam('thresholds', '--all', '--lambda', '1', '--json');
    const parsed = JSON.parse(stdout) as { ensemble: string }[];
    expect(parsed.map((row) => row.ensemble)).toEqual(['spherical', 'gaussian', 'binary']);
  });

  it('--csv prints a header and a line per row', async () => {
    const { code, stdout } = await dam('thresholds', '--ensemble', 'gaussian', '--alpha', '0.1,0.5', '--csv');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ensemble,alpha,lambdaC,lambdaStar,cMax,epsStar');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^gaussian,0\.5,inf,/);
  });

  it('--lambda and --alpha take comma-separated lists', async () => {
    const { stdout } = await dam('thresholds', '--ensemble', 'binary', '--lambda', '1,2,3', '--json');
    expect((JSON.parse(stdout) as { lambda: number }[]).map((row) => row.lambda)).toEqual([1, 2, 3]);
  });

  it('dam thresholds --all (the start script) prints the default-grid table for every ensemble', async () => {
    const viaFlag = await dam('thresholds', '--all');
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stderr).toBe('');
    const lines = viaFlag.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ensemble +lambda +alpha1 +alphaCLowerBound +alphaStar +ramsauerLowerBound$/);
    expect(lines).toHaveLength(2 + 3 * 8);
    expect((await dam('thresholds', '--ensemble', 'all')).stdout).toBe(viaFlag.stdout);
    expect((await dam('thresholds', '--all', '--ensemble', 'all')).stdout).toBe(viaFlag.stdout);
  });
});
