import { createProgress, type Progress } from './progress.js';

/** Exit code after Ctrl-C (128 + SIGINT), the shell convention. */
export const INTERRUPTED_EXIT_CODE = 130;
/** Exit code after SIGTERM (128 + 15): what a scheduler's time limit or `scancel` sends. */
export const TERMINATED_EXIT_CODE = 143;

/** The signals that stop a long run, with how they are named in messages and their exit codes. */
const STOP_SIGNALS = {
  SIGINT: { shown: 'Ctrl-C', code: INTERRUPTED_EXIT_CODE },
  SIGTERM: { shown: 'SIGTERM', code: TERMINATED_EXIT_CODE },
} as const;

/** A signal that stops a long run. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** Raised when a long run is stopped by a signal; `main` prints its one line and exits with {@link exitCode}. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  /** 130 after SIGINT, 143 after SIGTERM. */
  readonly exitCode: number;
  constructor(stop: StopSignal = 'SIGINT', kept = 'nothing was written') {
    super(`interrupted (${STOP_SIGNALS[stop].shown}); ${kept}`);
    this.exitCode = STOP_SIGNALS[stop].code;
  }
}

/** What a long-running command needs: a signal that SIGINT/SIGTERM abort, and a progress display. */
export interface RunControl {
  readonly signal: AbortSignal;
  readonly progress: Progress;
  /** The signal that stopped the run, if one did. */
  stoppedBy(): StopSignal | undefined;
  /**
   * `error` as the command's error: an abort by a signal becomes an {@link InterruptedError} saying
   * `kept` (what survives and how to resume); anything else is returned as it is.
   */
  interrupted(error: unknown, kept?: string): unknown;
  /** Removes the signal handlers and clears the progress line. */
  close(): void;
}

/**
 * Wires SIGINT (Ctrl-C) and SIGTERM to an `AbortController` for the duration of a command (the
 * workers stop at once), and a progress bar on stderr that is drawn only when stderr is a TTY and
 * the output is not JSON/CSV.
 */
export function startRun(label: string, machineReadable: boolean): RunControl {
  const controller = new AbortController();
  let stopped: StopSignal | undefined;
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => {
    const handler = (): void => {
      stopped ??= name;
      controller.abort(new InterruptedError(name));
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  const progress = createProgress({ label, enabled: process.stderr.isTTY === true && !machineReadable });
  return {
    signal: controller.signal,
    progress,
    stoppedBy: () => stopped,
    interrupted(error, kept) {
      const aborted = error instanceof Error && (error.name === 'AbortError' || error.name === 'InterruptedError');
      return aborted && stopped !== undefined ? new InterruptedError(stopped, kept) : error;
    },
    close() {
      for (const [name, handler] of handlers) process.removeListener(name, handler);
      progress.finish();
    },
  };
}
