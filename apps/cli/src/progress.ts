/** A progress display for long work: `update(done, total)` as work completes, `finish()` at the end. */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is being done, shown before the bar (e.g. `N = 40`). */
  readonly label: string;
  /** Draw only when true (stderr is a TTY and the output is not machine-readable). */
  readonly enabled: boolean;
  /** Where to draw (default: process.stderr). */
  readonly write?: (text: string) => void;
  /** Clock in milliseconds (default: performance.now), for the elapsed time and the ETA. */
  readonly now?: () => number;
  /** Bar width in characters (default 28). */
  readonly width?: number;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds - 60 * minutes)).padStart(2, '0')}s`;
}

/** One line of the bar: `label [#####.....]  12/64  19%  3.1s  eta 13s`. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, width = 28): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const eta = done > 0 ? ((elapsedMs / done) * (total - done)) / 1000 : Number.POSITIVE_INFINITY;
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.round(fraction * 100)}% ${formatSeconds(elapsedMs / 1000)} eta ${formatSeconds(eta)}`;
}

/**
 * A progress bar on one terminal line, redrawn with `\r` at most every 100 ms and cleared by
 * `finish()`. Does nothing when disabled (stderr not a TTY, or `--json`/`--csv`).
 */
export function createProgress(options: ProgressOptions): Progress {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const now = options.now ?? (() => performance.now());
  const start = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = 0;
  return {
    update(done, total) {
      if (!options.enabled) return;
      const time = now();
      if (done < total && time - lastDraw < 100) return;
      lastDraw = time;
      const line = progressLine(options.label, done, total, time - start, options.width);
      write(`\r${line.padEnd(drawn)}`);
      drawn = line.length;
    },
    finish() {
      if (!options.enabled || drawn === 0) return;
      write(`\r${' '.repeat(drawn)}\r`);
      drawn = 0;
    },
  };
}
