/**
 * Worker-thread entry of the experiments (`dist/worker.js`, exported as `@dam/dynamics/worker`):
 * creates the backend named by its first message with `createBackend`, then runs each task it
 * receives (one realisation of the patterns) and posts back its result or error. Not meant to be
 * imported by users; the experiments spawn it.
 */
import { parentPort } from 'node:worker_threads';
import { type AttentionBackend, createBackend } from '@dam/kernels';
import type { BackendMessage, TaskMessage, WorkerReply } from './runtime/pool.js';
import { runTask } from './runtime/tasks.js';

const port = parentPort;
if (port) {
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
