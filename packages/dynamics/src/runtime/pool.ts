import type { Worker } from 'node:worker_threads';
import { createBackend } from '@dam/kernels';
import { abortError, throwIfAborted } from './abort.js';
import { requireNodeBuiltin, yieldToEventLoop } from './host.js';
import { runTask, type Task, type TaskResult } from './tasks.js';

/** Progress of an experiment: `done` of `total` units of work (realisations, or realisation × probe). */
export interface Progress {
  readonly done: number;
  readonly total: number;
  /**
   * Critical-λ experiments: the fraction of the expected cost done in this call (realisations
   * weighted by `P·N` × their measured or expected updates), for a time estimate.
   */
  readonly work?: number | undefined;
}

/** Message from the main thread to a worker: a task to run. */
export interface TaskMessage {
  readonly id: number;
  readonly task: Task;
}

/**
 * The first message to a worker: the backend it creates (workers are started before the name is
 * resolved, so that their start-up overlaps the `auto` probe).
 */
export interface BackendMessage {
  readonly backend: string;
}

/** Message from a worker to the main thread. */
export type WorkerReply =
  | { readonly id: number; readonly result: TaskResult }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/** Rebuilds an error sent by a worker (keeping `RangeError` / `TypeError`). */
export function reviveError(error: { name: string; message: string; stack?: string }): Error {
  const Kind = error.name === 'RangeError' ? RangeError : error.name === 'TypeError' ? TypeError : Error;
  const revived = new Kind(error.message);
  if (Kind === Error && error.name !== 'Error') revived.name = error.name;
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}

/**
 * The worker entry, a built file: `./worker.js` next to this module when running from `dist/`
 * (the bundled code lives in `dist/`), else `../../dist/worker.js` when running from `src/runtime/` (tests
 * under vitest). Throws if the package has not been built.
 */
export async function workerEntry(): Promise<URL> {
  const { existsSync } = requireNodeBuiltin<typeof import('node:fs')>('node:fs');
  const { fileURLToPath } = requireNodeBuiltin<typeof import('node:url')>('node:url');
  for (const candidate of ['./worker.js', '../../dist/worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(
    `@dam/dynamics: the worker entry dist/worker.js was not found next to ${import.meta.url}; build the package first (pnpm --filter @dam/dynamics build)`,
  );
}

/** A pool that runs {@link Task}s in order-independent fashion and returns results in task order. */
export interface TaskPool {
  /**
   * Runs `tasks`; `onDone` is called after each completed task with its index in `tasks` and its
   * result. Results are in task order.
   */
  run(tasks: readonly Task[], onDone?: (index: number, result: TaskResult) => void): Promise<TaskResult[]>;
  /** Stops the workers (rejecting a running batch with `reason`); resolves once they have exited. */
  close(reason?: Error): Promise<void>;
}

/** Tasks queued per worker at a time (see `threadPool`). */
const TASKS_IN_FLIGHT = 2;

/** Runs every task in the calling thread (`workers: 0`); the signal is checked between tasks. */
async function inlinePool(backendName: () => Promise<string>, signal: AbortSignal | undefined): Promise<TaskPool> {
  const backend = await createBackend(await backendName());
  let failure: Error | undefined;
  return {
    async run(tasks, onDone) {
      const results: TaskResult[] = [];
      for (const task of tasks) {
        throwIfAborted(signal);
        if (failure) throw failure;
        const result = runTask(task, backend);
        results.push(result);
        onDone?.(results.length - 1, result);
        await yieldToEventLoop();
      }
      throwIfAborted(signal);
      return results;
    },
    async close(reason) {
      failure ??= reason;
      backend.dispose();
    },
  };
}

/**
 * A pool of `size` worker threads, each creating its own backend with `createBackend(name)`. The
 * workers are started first; then `backendName()` is called (the `auto` probe keeps this thread
 * busy while they boot) and the name is posted to them. If it rejects, the workers are terminated
 * and the pool rejects with its error.
 */
async function threadPool(backendName: () => Promise<string>, size: number): Promise<TaskPool> {
  const { Worker } = requireNodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
  const entry = await workerEntry();
  const workers: Worker[] = [];
  let closed = false;
  let current: { fail(error: Error): void } | undefined;

  for (let i = 0; i < size; i++) {
    const worker = new Worker(entry);
    worker.on('error', (error: Error) => current?.fail(error));
    worker.on('exit', (code) => {
      if (!closed) current?.fail(new Error(`@dam/dynamics: a worker thread exited unexpectedly (code ${code})`));
    });
    workers.push(worker);
  }
  let name: string;
  try {
    name = await backendName();
  } catch (error) {
    closed = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
  const init: BackendMessage = { backend: name };
  for (const worker of workers) worker.postMessage(init);

  let terminated: Promise<void> | undefined;
  const close = (reason?: Error): Promise<void> => {
    if (reason) current?.fail(reason);
    closed = true;
    terminated ??= Promise.all(workers.map((worker) => worker.terminate())).then(() => undefined);
    return terminated;
  };

  const run = (tasks: readonly Task[], onDone?: (index: number, result: TaskResult) => void): Promise<TaskResult[]> =>
    new Promise<TaskResult[]>((resolve, reject) => {
      if (closed) {
        reject(new Error('@dam/dynamics: the worker pool is closed'));
        return;
      }
      const results = new Array<TaskResult>(tasks.length);
      let next = 0;
      let done = 0;
      let settled = false;
      const listeners = new Map<Worker, (reply: WorkerReply) => void>();
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        for (const [worker, listener] of listeners) worker.off('message', listener);
        current = undefined;
        if (error) reject(error);
        else resolve(results);
      };
      current = { fail: (error) => finish(error) };
      const dispatch = (worker: Worker): void => {
        if (next >= tasks.length || settled) return;
        const id = next++;
        const message: TaskMessage = { id, task: tasks[id] as Task };
        worker.postMessage(message);
      };
      if (tasks.length === 0) {
        finish();
        return;
      }
      for (const worker of workers) {
        const listener = (reply: WorkerReply): void => {
          if (settled) return;
          if ('error' in reply) {
            finish(reviveError(reply.error));
            return;
          }
          results[reply.id] = reply.result;
          done += 1;
          onDone?.(reply.id, reply.result);
          if (done === tasks.length) finish();
          else dispatch(worker);
        };
        listeners.set(worker, listener);
        worker.on('message', listener);
      }
      // Two tasks in flight per worker: the next one is already queued when a worker posts a
      // result, so it never idles for a message round trip (about 0.3 ms per task).
      for (let k = 0; k < TASKS_IN_FLIGHT; k++) for (const worker of workers) dispatch(worker);
    });

  return { run, close };
}

/** Options of {@link withPool}. */
export interface PoolOptions {
  /** Resolves the backend name (not `auto`); called once the workers are started (see `prepare`). */
  readonly backend: () => Promise<string>;
  /** Worker threads; 0 runs in the calling thread. */
  readonly workers: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Creates a pool, runs `body` with it and always closes it. When `signal` fires, the workers are
 * terminated at once (interrupting the realisations they are running) and the returned promise
 * rejects with an `AbortError` as soon as they have exited.
 */
export async function withPool<T>(options: PoolOptions, body: (pool: TaskPool) => Promise<T>): Promise<T> {
  const { signal } = options;
  throwIfAborted(signal);
  const pool = options.workers === 0 ? await inlinePool(options.backend, signal) : await threadPool(options.backend, options.workers);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      const error = abortError(signal as AbortSignal);
      reject(error);
      void pool.close(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    throwIfAborted(signal);
    return await Promise.race([body(pool), aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}
