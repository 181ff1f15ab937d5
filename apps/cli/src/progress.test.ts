import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, progressLine } from './progress.js';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours without a "60"', () => {
    expect(formatDuration(4)).toBe('4.0s');
    expect(formatDuration(9.96)).toBe('10s');
    expect(formatDuration(59.6)).toBe('1m00s');
    expect(formatDuration(119.7)).toBe('2m00s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3599.6)).toBe('1h00m');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--');
    for (let s = 0; s < 8000; s += 0.37) expect(formatDuration(s)).not.toMatch(/(^|[hm])60/);
  });
});

describe('progressLine', () => {
  it('shows the bar, the count, the percentage, the elapsed time, the ETA and the rate', () => {
    expect(progressLine('N = 40', { done: 16, total: 64, elapsedMs: 4000 }, 8)).toBe('N = 40 [##......] 16/64 25% 4.0s eta 12s 4.0/s');
    expect(progressLine('x', { done: 0, total: 10, elapsedMs: 0 }, 4)).toBe('x [....] 0/10 0% 0.0s eta -- 0.0/s');
    expect(progressLine('x', { done: 10, total: 10, elapsedMs: 125_000 }, 4)).toBe('x [####] 10/10 100% 2m05s eta 0.0s 0.1/s');
  });

  it('follows the cost-weighted fraction when given, and counts the rate on the units of this run', () => {
    // 8 of 64 realisations done, but they were the costly ones: 50% of the work in 30 s, 30 s left.
    expect(progressLine('x', { done: 8, total: 64, work: 0.5, elapsedMs: 30_000 }, 4)).toBe('x [##..] 8/64 50% 30s eta 30s 0.3/s');
    // Resumed at 40 of 64: 4 more in 2 s is 2 per second.
    expect(progressLine('x', { done: 44, total: 64, work: 0.2, elapsedMs: 2000, doneHere: 4 }, 4)).toBe(
      'x [#...] 44/64 20% 2.0s eta 8.0s 2.0/s',
    );
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
    expect(out[0]).toBe('\rrun [#...] 1/4 25% 0.0s eta 0.0s 0.0/s');
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
