import { BACKEND_NAMES, chooseAutoBackend } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from '../io.js';
import { main } from '../program.js';

describe('dam backends', () => {
  it('lists every backend with availability and speed, and what auto picks', async () => {
    const captured = bufferedIo();
    expect(await main(['node', 'dam', 'backends', '--json'], captured.io)).toBe(0);
    const report = JSON.parse(captured.stdout()) as {
      auto: { name: string; reason: string };
      backends: { name: string; available: boolean; reason: string; msPerStep?: number }[];
    };
    expect(report.backends.map((b) => b.name).sort()).toEqual([...BACKEND_NAMES].sort());
    expect(report.auto.name).toBe((await chooseAutoBackend()).name);
    expect(report.backends.find((b) => b.name === report.auto.name)?.available).toBe(true);
    // Every available backend is timed in full here, also those auto skipped or stopped timing
    // after one step.
    for (const b of report.backends) {
      if (b.available) expect(b.reason).toMatch(/ms per step/);
      if (b.available) expect(b.msPerStep).toBeGreaterThan(0);
    }
    const table = bufferedIo();
    expect(await main(['node', 'dam', 'backends'], table.io)).toBe(0);
    expect(table.stdout()).toMatch(/^backend {2,}available {2,}msPerStep {2,}gflops {2,}note\n/);
    expect(table.stdout()).toMatch(new RegExp(`\\nauto: ${report.auto.name.replace('.', '\\.')} — fastest available`));
  });
});
