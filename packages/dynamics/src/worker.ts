/**
 * Worker-thread entry of the experiments (`dist/worker.js`, exported as `@dam/dynamics/worker`):
 * creates the backend named by its first message with `createBackend`, then runs each task it
 * receives (one realisation of the patterns) and posts back its result or error. Not meant to be
 * imported by users; the experiments spawn it.
 */
import { parentPort } from 'node:worker_threads';
import { type AttentionBackend, createBackend, createWasmSimdBackend, wasmSimdAvailable } from '@dam/kernels';
import type { BackendMessage, TaskMessage, WorkerReply } from './pool.js';
import { PAPER_PROTOCOL } from './protocol.js';
import { runTask } from './tasks.js';

/**
 * Warms the just-in-time compilers up while the worker waits for its first task (the main thread
 * probes `auto` meanwhile, tens of milliseconds): small critical-λ searches on the `wasm-simd`
 * backend, one per turn of the event loop, so that the sampler, the packing, the kernels and the
 * certificates are compiled before the first real realisation instead of during it. It stops as
 * soon as a message arrives (the first task waits for at most one of these searches);
 * the patterns (spherical, N = 44, P = 800) and their numbers are thrown away.
 */
function warmUp(stopped: () => boolean): void {
  if (!wasmSimdAvailable().available) return;
  const backend = createWasmSimdBackend();
  const search = (seed: number): void => {
    if (stopped() || seed > WARM_UP_SEARCHES) {
      backend.dispose();
      return;
    }
    try {
      runTask(
        {
          kind: 'critical',
          patterns: { ensemble: 'spherical', N: 44, P: 800, seed },
          lambdaRange: [0.01, 3],
          tolerance: 1e-3,
          protocol: PAPER_PROTOCOL,
        },
        backend,
      );
    } catch {
      // A failed warm-up only means a cold start.
      backend.dispose();
      return;
    }
    setImmediate(() => search(seed + 1));
  };
  setImmediate(() => search(1));
}

/** Warm-up searches at most (each a few milliseconds once compiled). */
const WARM_UP_SEARCHES = 3;

const port = parentPort;
if (port) {
  // The first message names the backend (see `threadPool`); tasks follow.
  let backend: Promise<AttentionBackend> | undefined;
  let messaged = false;
  warmUp(() => messaged);
  port.on('message', (message: BackendMessage | TaskMessage) => {
    messaged = true; // the backend name comes just before the first tasks: stop warming up
    if (!('task' in message)) {
      backend = createBackend(message.backend);
      backend.catch(() => undefined);
      return;
    }
    (backend ?? Promise.reject(new Error('@dam/dynamics: a task reached a worker before its backend')))
      .then((instance) => {
        const reply: WorkerReply = { id: message.id, result: runTask(message.task, instance) };
        port.postMessage(reply);
      })
      .catch((error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        const reply: WorkerReply = {
          id: message.id,
          error: { name: e.name, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) },
        };
        port.postMessage(reply);
      });
  });
}

/** Marker export so that the entry has a type declaration (`dist/worker.d.ts`). */
export const WORKER_ENTRY = true;
