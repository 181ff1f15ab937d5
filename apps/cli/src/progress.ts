/**
 * A progress display for long work: `update(done, total, work?)` as work completes (`work`: the
 * fraction of the expected cost done, when the experiment weighs its units), `finish()` at the end.
 */
export interface Progress {
  update(done: number, total: number, work?: number): void;
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

/** A duration: `4.0s`, `42s`, `2m05s`, `1h02m`; `--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  if (seconds < 9.95) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** What one line of the bar shows. */
export interface ProgressState {
  readonly done: number;
  readonly total: number;
  /** Fraction of the expected cost done (default `done/total`): the bar, the percentage and the ETA follow it. */
  readonly work?: number | undefined;
  readonly elapsedMs: number;
  /** Units done in this run (not counting those resumed), for the rate. */
  readonly doneHere?: number | undefined;
}

/** One line of the bar: `label [#####.....] 12/64 19% 3.1s eta 13s 3.9/s`. */
export function progressLine(label: string, state: ProgressState, width = 28): string {
  const { done, total, elapsedMs } = state;
  const fraction = Math.min(1, Math.max(0, state.work ?? (total > 0 ? done / total : 1)));
  const filled = Math.round(fraction * width);
  const seconds = elapsedMs / 1000;
  const eta = fraction >= 1 ? 0 : fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.POSITIVE_INFINITY;
  const rate = seconds > 0 ? (state.doneHere ?? done) / seconds : 0;
  const shownRate = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.round(fraction * 100)}% ${formatDuration(seconds)} eta ${formatDuration(eta)} ${shownRate}/s`;
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
  let firstDone: number | undefined;
  return {
    update(done, total, work) {
      if (!options.enabled) return;
      firstDone ??= done;
      const time = now();
      if (done < total && time - lastDraw < 100) return;
      lastDraw = time;
      const line = progressLine(options.label, { done, total, work, elapsedMs: time - start, doneHere: done - firstDone }, options.width);
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
