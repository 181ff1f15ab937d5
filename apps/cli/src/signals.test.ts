import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
/** A shard long enough to interrupt (one worker: ~1–2 s here), short enough for a test. */
const SHARD = [
  'simulate',
  '--ensemble',
  'spherical',
  '--alpha',
  '0.2',
  '--N',
  '40,45',
  '--samples',
  '64',
  '--workers',
  '1',
  '--shard',
  '1/1',
];
const TOTAL = 128;

function records(journal: string): number {
  return existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').length - 2 : 0;
}

/** Starts `dam …args`, waits until its journal holds `atLeast` realisations, sends `signal`; resolves to its exit and stderr. */
async function interrupt(args: string[], journal: string, signal: NodeJS.Signals, atLeast = 4) {
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  const deadline = Date.now() + 60_000;
  while (records(journal) < atLeast && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  child.kill(signal);
  return { ...(await exit), stderr };
}

function dam(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('a shard stopped by a signal keeps its finished realisations and resumes from them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dam-signals-'));
  const whole = join(dir, 'whole.json');
  it('runs uninterrupted (the reference file)', () => {
    expect(dam(...SHARD, '--out', whole).status).toBe(0);
    expect(existsSync(`${whole}.journal`)).toBe(false);
  });

  it.each([
    ['SIGTERM', 143, 'SIGTERM'],
    ['SIGINT', 130, 'Ctrl-C'],
  ] as const)(
    '%s: exit %i, one line saying what was kept; the same command resumes to the same file',
    { timeout: 120_000 },
    async (signal, code, shown) => {
      const out = join(dir, `part-${signal}.json`);
      const journal = `${out}.journal`;
      const stopped = await interrupt([...SHARD, '--out', out], journal, signal);
      expect(stopped.code).toBe(code);
      const kept = records(journal);
      expect(kept).toBeGreaterThanOrEqual(4);
      expect(kept).toBeLessThan(TOTAL);
      expect(stopped.stderr).toBe(
        `dam: interrupted (${shown}); ${kept} of ${TOTAL} realisations kept in ${journal}: run the same command to resume\n`,
      );
      expect(existsSync(out)).toBe(false);
      const resumed = dam(...SHARD, '--out', out);
      expect(resumed.stderr).toBe(`resuming: ${kept} of ${TOTAL} realisations done (${journal})\n`);
      expect(resumed.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(whole, 'utf8'));
      expect(existsSync(journal)).toBe(false);
    },
  );

  it('drops a last line cut by the interruption, and still gives the same file', { timeout: 120_000 }, async () => {
    const out = join(dir, 'cut.json');
    const journal = `${out}.journal`;
    await interrupt([...SHARD, '--out', out], journal, 'SIGTERM');
    appendFileSync(journal, '{"N":45,"r":6');
    expect(dam(...SHARD, '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(whole, 'utf8'));
  });

  it('refuses a journal of another run or a damaged one with one line naming it, and leaves it', { timeout: 120_000 }, async () => {
    const out = join(dir, 'foreign.json');
    const journal = `${out}.journal`;
    await interrupt([...SHARD, '--out', out], journal, 'SIGTERM');
    const text = readFileSync(journal, 'utf8');
    const otherSeed = dam(...SHARD, '--seed', '2', '--out', out);
    expect(otherSeed.status).toBe(1);
    expect(otherSeed.stderr).toBe(
      `dam: ${journal}: the records are of another run (seed: 1 ≠ 2); delete it (its realisations are then computed again) or choose another --out\n`,
    );
    expect(readFileSync(journal, 'utf8')).toBe(text);
    const lines = text.split('\n');
    writeFileSync(journal, [lines[0], lines[1], 'garbage', ...lines.slice(2)].join('\n'));
    const damaged = dam(...SHARD, '--out', out);
    expect(damaged.status).toBe(1);
    expect(damaged.stderr).toBe(`dam: ${journal}: line 3 is damaged (not a JSON object); delete the file to start the run again\n`);
  });
});

describe("reproduce stopped by SIGTERM while it writes its files leaves the folder's previous set", () => {
  it('old files byte for byte, no staging folder, exit 143; the re-run then replaces the set', { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'dam-reproduce-signal-'));
    const args = ['reproduce', 'fig1', '--out', out, '--workers', '1'];
    expect(dam(...args, '--samples', '2').status).toBe(0);
    const before = new Map(
      readdirSync(out)
        .filter((name) => name !== '.cache')
        .map((name) => [name, readFileSync(join(out, name))]),
    );
    // Run again with other samples and send SIGTERM as soon as the staging folder appears.
    const child = spawn(process.execPath, [bin, ...args, '--samples', '3'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Once: a second SIGTERM would end the process at once (the handler is a one-shot, as for Ctrl-C).
    const watcher = watch(out, (_, name) => {
      if (name === '.staging' && child.signalCode === null && !child.killed) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    watcher.close();
    expect(code).toBe(143);
    expect(stderr).toMatch(/dam: interrupted \(SIGTERM\); the folder keeps its previous files/);
    expect(
      readdirSync(out)
        .filter((name) => name !== '.cache')
        .sort(),
    ).toEqual([...before.keys()].sort());
    for (const [name, data] of before) expect(readFileSync(join(out, name)).equals(data), name).toBe(true);
    // The steps of the interrupted run were cached: the re-run only writes.
    const again = dam(...args, '--samples', '3');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/0 simulation steps computed, 18 from the cache/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { runs: { samples: number }[] };
    expect(manifest.runs.map((run) => run.samples)).toEqual([3]);
  });
});
