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
 * Warms the just-in-time compilers up while the worker waits for its backend name (the main
 * thread probes `auto` meanwhile, tens of milliseconds): one small critical-λ search on the
 * `wasm-simd` backend, so that the sampler, the packing, the kernels and the certificates are
 * compiled before the first real realisation instead of during it. Costs about 10 ms of one core;
 * the patterns (spherical, N = 44, P = 800) and their numbers are thrown away.
 */
function warmUp(): void {
  if (!wasmSimdAvailable().available) return;
  const backend = createWasmSimdBackend();
  try {
    for (let seed = 1; seed <= 3; seed++) {
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
    }
  } finally {
    backend.dispose();
  }
}

const port = parentPort;
if (port) {
  setImmediate(() => {
    try {
      warmUp();
    } catch {
      // A failed warm-up only means a cold start.
    }
  });
  // The first message names the backend (see `threadPool`); tasks follow.
  let backend: Promise<AttentionBackend> | undefined;
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
