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
 * Before its first task, the worker runs six tiny critical-λ searches (spherical, N = 21, P = 67,
 * thrown away), alternately with the paper's protocol and with runs stopped after three updates:
 * every exit of a run is taken before the compiler optimises the protocol's code, which would
 * otherwise be recompiled at the first unseen path (3–10% of a scan, bench/NOTES.md). A failed
 * warm-up only means a colder start.
 */
function warmUp(): void {
  if (!wasmSimdAvailable().available) return;
  const backend = createWasmSimdBackend();
  try {
    for (let search = 0; search < 6; search++) {
      const maxSteps = search % 2 === 0 ? PAPER_PROTOCOL.maxSteps : 3;
      runTask(
        {
          kind: 'critical',
          patterns: { ensemble: 'spherical', N: 21, P: 67, seed: search + 1 },
          lambdaRange: [0.01, 3],
          tolerance: 1e-3,
          protocol: { ...PAPER_PROTOCOL, maxSteps },
        },
        backend,
      );
    }
  } catch {
    // A cold start instead.
  } finally {
    backend.dispose();
  }
}

const port = parentPort;
if (port) {
  // The first message names the backend (see `threadPool`); tasks follow.
  let backend: Promise<AttentionBackend> | undefined;
  warmUp(); // messages posted meanwhile wait in the port
  port.on('message', (message: BackendMessage | TaskMessage) => {
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
