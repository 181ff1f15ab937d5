import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from './progress.js';

describe('progressLine', () => {
  it('shows the bar, the count, the percentage, the elapsed time and the ETA', () => {
    expect(progressLine('N = 40', 16, 64, 4000, 8)).toBe('N = 40 [##......] 16/64 25% 4.0s eta 12s');
    expect(progressLine('x', 0, 10, 0, 4)).toBe('x [....] 0/10 0% 0.0s eta --');
    expect(progressLine('x', 10, 10, 125_000, 4)).toBe('x [####] 10/10 100% 2m05s eta 0.0s');
  });
});

describe('createProgress', () => {
  it('draws on one line with \\r, throttles redraws to 100 ms, and clears itself', () => {
    const out: string[] = [];
    let clock = 0;
    const progress = createProgress({ label: 'run', enabled: true, write: (t) => out.push(t), now: () => clock, width: 4 });
    progress.update(1, 4);
    clock = 50;
    progress.update(2, 4); // throttled
    clock = 200;
    progress.update(3, 4);
    progress.update(4, 4); // the last update always draws
    progress.finish();
    expect(out).toHaveLength(4);
    expect(out[0]).toBe('\rrun [#...] 1/4 25% 0.0s eta 0.0s');
    expect(out[3]?.startsWith('\r ')).toBe(true);
    expect(out[3]?.endsWith('\r')).toBe(true);
  });

  it('writes nothing when disabled', () => {
    const out: string[] = [];
    const progress = createProgress({ label: 'run', enabled: false, write: (t) => out.push(t) });
    progress.update(1, 2);
    progress.finish();
    expect(out).toEqual([]);
  });
});
