import { basins } from '@dam/dynamics';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';

async function dam(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = bufferedIo();
  const code = await main(['node', 'dam', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('dam basins', () => {
  const args = ['basins', '--alpha', '0.2', '--lambda', '1', '--N', '16', '--thetas', '0,30,60,90', '--samples', '8', '--workers', '0'];

  it('reports rates per angle in degrees, the crossing and the theory, equal to basins() of @dam/dynamics', async () => {
    const { code, stdout, stderr } = await dam(...args, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { points: { thetaDegrees: number; rate: number }[]; theory: { thetaC: number } };
    expect(report.points.map((p) => p.thetaDegrees)).toEqual([0, 30, 60, 90]);
    const direct = await basins({
      N: 16,
      alpha: 0.2,
      lambda: 1,
      thetas: [0, 30, 60, 90].map((d) => (d * Math.PI) / 180),
      samples: 8,
      seed: 1,
      workers: 0,
    });
    expect(report.points.map((p) => p.rate)).toEqual(direct.points.map((p) => p.rate));
    // Theory: λ = 1 > λ_*(0.2), so cos θ_c = c_max(0.2) = √(1 − e^{−0.4}).
    expect(report.theory.thetaC).toBeCloseTo((Math.acos(Math.sqrt(1 - Math.exp(-0.4))) * 180) / Math.PI, 8);
    const table = await dam(...args);
    expect(table.stdout).toMatch(/theory theta_c \(N = ∞\): 54\.9579° \(cos = 0\.574178\)\n$/);
  });

  it('--no-early-stop prints the same bytes', async () => {
    const early = await dam(...args, '--json');
    const full = await dam(...args, '--json', '--no-early-stop');
    expect([early.code, full.code]).toEqual([0, 0]);
    expect(full.stdout).toBe(early.stdout);
  });

  it.each([
    [['--alpha', '0.2', '--N', '16'], '--lambda: is required; expected a number in (0, 1e8]'],
    [
      ['--alpha', '0.2', '--lambda', '1', '--N', '16', '--thetas', '30,10'],
      '--thetas: "30,10" is not allowed; expected strictly increasing angles in degrees in [0, 180] separated by commas',
    ],
    [
      ['--alpha', '0.2', '--lambda', '1', '--N', '16', '--thetas', '200'],
      '--thetas: "200" is not allowed; expected strictly increasing angles in degrees in [0, 180] separated by commas',
    ],
    [['--alpha', '0.2', '--lambda', '1', '--N', '1'], '--N: "1" is not allowed; expected an integer between 2 and 1000'],
    [
      ['--ensemble', 'gaussian', '--alpha', '0.2', '--lambda', '1', '--N', '16', '--patterns', 'order-statistics'],
      '--patterns: "order-statistics" basins support --ensemble spherical only, got gaussian',
    ],
    [
      ['--alpha', '0.2', '--lambda', '1', '--N', '16', '--explicit-patterns', '8'],
      '--explicit-patterns: needs --patterns order-statistics',
    ],
  ])('rejects %j with one line and exit code 2', async (bad, message) => {
    const { code, stdout, stderr } = await dam('basins', ...bad);
    expect(stdout).toBe('');
    expect(stderr).toBe(`dam: ${message}\n`);
    expect(code).toBe(2);
  });

  it('--patterns order-statistics: the one-step and full basin angles, with their rates per angle, in JSON', async () => {
    const args = ['--alpha', '0.2', '--lambda', '0.6', '--N', '20', '--samples', '16', '--thetas', '30,45,60,75', '--json'];
    const { code, stdout } = await dam('basins', ...args, '--patterns', 'order-statistics', '--explicit-patterns', '64');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      points: { rate: number; oneStepRate: number }[];
      thetaC: number | null;
      thetaCOneStep: number | null;
    };
    expect(report.points.map((p) => Object.keys(p))).toEqual([0, 1, 2, 3].map(() => ['thetaDegrees', 'rate', 'stderr', 'oneStepRate']));
    expect(report.points[0]).toMatchObject({ rate: 1, oneStepRate: 1 });
    expect(report.points[3]).toMatchObject({ rate: 0, oneStepRate: 0 });
    expect(report.thetaC).toBeGreaterThan(30);
    expect(report.thetaCOneStep).toBeLessThanOrEqual(report.thetaC as number);
  });
});
