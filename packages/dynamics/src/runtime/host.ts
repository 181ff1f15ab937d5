// What the host offers the experiments: cores and memory from Node's `os` module where there is one
// (through `process.getBuiltinModule`, so that browser bundles carry no `node:os` shim), else the
// browser's defaults: no worker threads (they are Node's) and a 1 GiB memory budget.

/**
 * A Node built-in module (`node:os`, `node:worker_threads`, …) through `process.getBuiltinModule`,
 * or `undefined` outside Node: no `import('node:…')` that a browser bundler would have to shim.
 */
export function nodeBuiltin<Module>(id: `node:${string}`): Module | undefined {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return host?.getBuiltinModule?.(id) as Module | undefined;
}

/** A Node built-in module, or an `Error` saying that this needs Node.js (≥ 20.19, the package's engines). */
export function requireNodeBuiltin<Module>(id: `node:${string}`): Module {
  const module = nodeBuiltin<Module>(id);
  if (module === undefined) throw new Error(`@dam/dynamics: ${id} is needed here, which only Node.js (≥ 20.19) provides`);
  return module;
}

/** Node's `os`, or `undefined` outside Node. */
function nodeOs(): typeof import('node:os') | undefined {
  return nodeBuiltin<typeof import('node:os')>('node:os');
}

/** Whether worker threads (`node:worker_threads`) exist here: in Node, not in a browser. */
export function hasWorkerThreads(): boolean {
  return nodeBuiltin('node:worker_threads') !== undefined;
}

/** Default number of worker threads: one per core in Node, 0 (the calling thread) elsewhere. */
export function defaultWorkers(): number {
  return nodeOs()?.availableParallelism() ?? 0;
}

/** Browsers do not say how much memory a tab may use: a budget that every current one allows. */
const BROWSER_MEMORY_BUDGET = 2 ** 30;

/** Default memory budget of an experiment: half of the machine's memory in Node, 1 GiB elsewhere. */
export function defaultMemoryBudget(): number {
  const os = nodeOs();
  return os === undefined ? BROWSER_MEMORY_BUDGET : os.totalmem() / 2;
}

/** A browser `MessagePort`, as far as {@link yieldToEventLoop} uses it. */
interface BrowserPort {
  onmessage: (() => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

/**
 * Lets the event loop run (progress callbacks, an abort) between tasks of the calling thread:
 * `setImmediate` in Node; in a browser a `MessageChannel` message, which, unlike `setTimeout(0)`,
 * is not clamped to 4 ms.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate !== undefined) return new Promise((resolve) => immediate(resolve));
  const Channel = (globalThis as unknown as { MessageChannel?: new () => { port1: BrowserPort; port2: BrowserPort } }).MessageChannel;
  if (Channel === undefined) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new Channel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
