/**
 * Worker-thread entry of the experiments (`dist/worker.js`, exported as `@dam/dynamics/worker`):
 * creates the backend named in `workerData.backend` with `createBackend`, then runs each task it
 * receives (one realisation of the patterns) and posts back its result or error. Not meant to be
 * imported by users; the experiments spawn it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBackend } from '@dam/kernels';
import type { TaskMessage, WorkerReply } from './pool.js';
import { runTask } from './tasks.js';

const port = parentPort;
if (port) {
  const backendName = (workerData as { backend?: unknown } | undefined)?.backend;
  const backend = createBackend(typeof backendName === 'string' ? backendName : 'reference');
  backend.catch(() => undefined);
  port.on('message', (message: TaskMessage) => {
    backend
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
