import type { AttentionBackend } from './backend.js';
import { createReferenceBackend } from './reference/reference-backend.js';

/** Names accepted by {@link createBackend}. */
export type BackendName = 'reference';

/** Every backend name, in order of preference for `auto` (fastest first). */
export const BACKEND_NAMES: readonly BackendName[] = ['reference'];

/**
 * Creates a backend by name (what worker threads and the CLI receive). Async because some
 * backends load native or GPU code on demand. Throws a `RangeError` listing the names otherwise.
 */
export async function createBackend(name: string): Promise<AttentionBackend> {
  switch (name) {
    case 'reference':
      return createReferenceBackend();
    default:
      throw new RangeError(`backend must be one of ${BACKEND_NAMES.join(', ')}; got ${name}`);
  }
}
