// The job-array recipe of dam (apps/cli/slurm/crossover-array.sbatch) on a real one-node Slurm
// (tooling/slurm/cluster.sh: munged, slurmctld, slurmd). .ci/run installs slurm-wlm and munge and
// starts the cluster; elsewhere the test starts it when it can (root, Slurm installed). In CI an
// unavailable cluster FAILS these tests with the reason; elsewhere they are skipped with it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cluster = join(root, 'tooling/slurm/cluster.sh');
const recipe = join(root, 'apps/cli/slurm/crossover-array.sbatch');
const bin = join(root, 'apps/cli/dist/bin.js');
const inCI = Boolean(process.env.CI);

/** Starts the cluster unless it runs; the environment to reach it, or why it cannot. */
function startCluster(): { env?: NodeJS.ProcessEnv; started: boolean; why?: string } {
  const running = spawnSync(cluster, ['status'], { encoding: 'utf8' }).status === 0;
  const start = spawnSync(cluster, ['start'], { encoding: 'utf8' });
  const conf = /export SLURM_CONF=(\S+)/.exec(start.stdout)?.[1];
  if (start.status !== 0 || conf === undefined) return { started: false, why: (start.stderr || start.stdout).trim() };
  return { env: { ...process.env, SLURM_CONF: conf }, started: !running };
}

const slurm = startCluster();
const skip = slurm.env === undefined && !inCI;
if (skip) console.warn(`slurm tests skipped: ${slurm.why}`);
afterAll(() => {
  if (slurm.started) spawnSync(cluster, ['stop']);
});

/** `dam …args` (the built CLI). */
function dam(args: string[], cwd?: string): string {
  return execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
}

/** Submits the recipe with `DAM_*` settings and sbatch `options`; returns the job id (waits with `--wait`). */
function sbatch(dir: string, settings: Record<string, string>, options: string[]): { id: string; status: number | null } {
  const result = spawnSync('sbatch', ['--parsable', `--chdir=${dir}`, ...options, recipe], {
    encoding: 'utf8',
    env: { ...slurm.env, DAM: `${process.execPath} ${bin}`, DAM_OUT: dir, ...settings },
  });
  if (result.status !== 0 && !options.includes('--wait')) throw new Error(`sbatch failed: ${result.stderr}`);
  return { id: result.stdout.trim().split(';')[0] as string, status: result.status };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The unsharded (or one-shard) run a job array must reproduce: the recipe's settings, seed 7, wasm-simd. */
function simulate(sizes: { N: string; samples: string }, extra: string[]): string[] {
  const run = ['--ensemble', 'spherical', '--alpha', '0.2', '--N', sizes.N, '--samples', sizes.samples];
  return ['simulate', ...run, '--seed', '7', '--backend', 'wasm-simd', ...extra];
}

describe.skipIf(skip)('the job-array recipe on a real Slurm', () => {
  it('is available (in CI: installed and started by .ci/run)', () => {
    expect(slurm.why).toBeUndefined();
    expect(execFileSync('sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8', env: slurm.env })).toMatch(/idle|mixed|allocated/);
  });

  it('sbatch --array=1-3, then dam merge: byte for byte the unsharded run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dam-slurm-array-'));
    const settings = { DAM_SHARDS: '3', DAM_N: '20,25,30', DAM_SAMPLES: '24', DAM_SEED: '7' };
    const job = sbatch(dir, settings, ['--array=1-3', '--cpus-per-task=1', '--mem=1G', '--wait']);
    expect(job.status).toBe(0);
    for (const k of [1, 2, 3])
      expect(existsSync(join(dir, `part-${k}.json`)), readFileSync(join(dir, `dam-crossover-${k}.log`), 'utf8')).toBe(true);
    const merged = dam(['merge', 'part-1.json', 'part-2.json', 'part-3.json', '--json'], dir);
    const whole = dam(simulate({ N: '20,25,30', samples: '24' }, ['--json']));
    expect(merged).toBe(whole);
  });

  it('scancel stops a task with SIGTERM, keeping its journal; resubmitted, it resumes and gives the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dam-slurm-cancel-'));
    const settings = { DAM_SHARDS: '2', DAM_N: '40,45', DAM_SAMPLES: '128', DAM_SEED: '7' };
    const options = ['--array=2', '--cpus-per-task=1', '--mem=2G'];
    const { id } = sbatch(dir, settings, options);
    const journal = join(dir, 'part-2.json.journal');
    const records = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').length - 2 : 0);
    const deadline = Date.now() + 120_000;
    while (records() < 4 && Date.now() < deadline) await settle(50);
    expect(records()).toBeGreaterThanOrEqual(4);
    execFileSync('scancel', [id], { env: slurm.env });
    while (
      execFileSync('squeue', ['--noheader', '--jobs', id], { encoding: 'utf8', env: slurm.env }).trim() !== '' &&
      Date.now() < deadline
    ) {
      await settle(100);
    }
    const log = readFileSync(join(dir, 'dam-crossover-2.log'), 'utf8');
    const kept = records();
    expect(log).toContain(`dam: interrupted (SIGTERM); ${kept} of 128 realisations kept in ${journal}: run the same command to resume`);
    expect(existsSync(join(dir, 'part-2.json'))).toBe(false);
    // Resubmitted with the same settings: it resumes from the journal.
    const again = sbatch(dir, settings, [...options, '--wait']);
    expect(again.status).toBe(0);
    expect(readFileSync(join(dir, 'dam-crossover-2.log'), 'utf8')).toContain(`resuming: ${kept} of 128 realisations done (${journal})`);
    const whole = join(dir, 'whole-2.json');
    dam(simulate({ N: '40,45', samples: '128' }, ['--workers', '1', '--shard', '2/2', '--out', whole]));
    expect(readFileSync(join(dir, 'part-2.json'), 'utf8')).toBe(readFileSync(whole, 'utf8'));
  });
});
