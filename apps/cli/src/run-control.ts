import { createProgress, type Progress } from './progress.js';

/** Exit code after Ctrl-C (128 + SIGINT), the shell convention. */
export const INTERRUPTED_EXIT_CODE = 130;

/** Raised when the user interrupts a long run with Ctrl-C; `main` prints one line and exits 130. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(message = 'interrupted (Ctrl-C); nothing was written') {
    super(message);
  }
}

/** What a long-running command needs: a signal that Ctrl-C aborts, and a progress display. */
export interface RunControl {
  readonly signal: AbortSignal;
  readonly progress: Progress;
  /** Removes the Ctrl-C handler and clears the progress line. */
  close(): void;
}

/**
 * Wires Ctrl-C (SIGINT) to an `AbortController` for the duration of a command, and a progress bar
 * on stderr that is drawn only when stderr is a TTY and the output is not JSON/CSV.
 */
export function startRun(label: string, machineReadable: boolean): RunControl {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort(new InterruptedError());
  process.once('SIGINT', onInterrupt);
  const progress = createProgress({ label, enabled: process.stderr.isTTY === true && !machineReadable });
  return {
    signal: controller.signal,
    progress,
    close() {
      process.removeListener('SIGINT', onInterrupt);
      progress.finish();
    },
  };
}
