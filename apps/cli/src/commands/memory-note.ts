import { availableParallelism } from 'node:os';
import { patternCount, realisationBytes } from '@dam/dynamics';
import { formatBytes } from '@dam/kernels';

/** Below this, a run's memory goes unmentioned. */
const NOTE_FROM_BYTES = 2 ** 30;

/**
 * The line `dam simulate` prints on stderr before an exact-mode run of a gigabyte or more: the
 * memory the largest size will hold (`realisationBytes` per worker, each worker holding one
 * realisation at a time), or `undefined` for smaller runs and the other pattern modes.
 */
export function memoryNote(
  Ns: readonly number[],
  alpha: number,
  workers: number | undefined,
  patterns: string | undefined,
): string | undefined {
  if (patterns !== undefined && patterns !== 'materialized') return undefined;
  const N = Math.max(...Ns);
  const P = patternCount(N, alpha);
  if (!Number.isSafeInteger(P)) return undefined; // refused by the size check with its own message
  const threads = Math.max(1, workers ?? availableParallelism());
  const perWorker = realisationBytes(N, P);
  const total = perWorker * threads;
  if (total < NOTE_FROM_BYTES) return undefined;
  return `memory: about ${formatBytes(total)} (N = ${N}, P = ${P}: ${formatBytes(perWorker)} per worker × ${threads}; the patterns twice, in the certificates' and the attention kernel's memory)\n`;
}
