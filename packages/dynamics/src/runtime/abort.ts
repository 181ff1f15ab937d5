/**
 * The error an experiment rejects with when its `AbortSignal` fires: `name` is `'AbortError'`
 * and `code` is `'ABORT_ERR'` (like Node's own), and `cause` is the signal's `reason`.
 */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  /** Node's code for aborted operations. */
  readonly code = 'ABORT_ERR';

  constructor(message = 'The experiment was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An {@link AbortError} for `signal`, with its reason as the cause. */
export function abortError(signal: AbortSignal): AbortError {
  return new AbortError('The experiment was aborted', { cause: signal.reason });
}

/** Throws an {@link AbortError} when `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw abortError(signal);
}
