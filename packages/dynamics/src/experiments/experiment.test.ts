import { chooseAutoBackend, MAX_MATRIX_ENTRIES } from '@dam/kernels';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../runtime/abort.js';
import { defaultMemoryBudget, defaultWorkers } from '../runtime/host.js';
import { checkExperimentSize, patternCount, realisationBytes } from '../runtime/memory.js';
import { workerEntry } from '../runtime/pool.js';
import { allPatternsRetrieval } from './all-patterns.js';
import { basins } from './basins.js';
import { resolveBackendName } from './experiment.js';
import { lambdaHalf } from './lambda-half.js';
import { successRate } from './success-rate.js';

const activeWorkerPorts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

describe('worker threads', () => {
  it('run the built entry dist/worker.js (also when the code runs from src/)', async () => {
    expect((await workerEntry()).pathname).toMatch(/dynamics\/dist\/worker\.js$/);
  });

  it('report progress once per realisation, in order, and leave no worker behind', async () => {
    const seen: [number, number][] = [];
    const before = activeWorkerPorts();
    const result = await successRate({
      ensemble: 'gaussian',
      N: 14,
      alpha: 0.2,
      lambda: 0.5,
      samples: 10,
      seed: 1,
      workers: 2,
      onProgress: ({ done, total }) => seen.push([done, total]),
    });
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 10]));
    expect(result.samples).toBe(10);
    expect(activeWorkerPorts()).toBe(before);
  });

  it('are cancelled promptly by an AbortSignal, with an AbortError, and terminated', async () => {
    // A lambdaHalf that would take tens of seconds (N = 40: ~3000 patterns, 400 realisations).
    const controller = new AbortController();
    let abortedAt = 0;
    const before = activeWorkerPorts();
    const run = lambdaHalf({
      ensemble: 'spherical',
      N: 40,
      alpha: 0.2,
      samples: 400,
      seed: 1,
      workers: 2,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 1) {
          abortedAt = performance.now();
          controller.abort(new Error('user request'));
        }
      },
    });
    const error = await run.catch((e: unknown) => e);
    const latency = performance.now() - abortedAt;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    expect((error as Error).cause).toEqual(new Error('user request'));
    // "Promptly": the workers are terminated mid-realisation; allow 1 s on a loaded CI machine
    // (measured: a few milliseconds).
    expect(latency).toBeLessThan(1000);
    expect(activeWorkerPorts()).toBe(before);
  });

  it('reject at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      successRate({ ensemble: 'spherical', N: 10, alpha: 0.1, lambda: 1, samples: 2, seed: 1, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
  });

  it('cancel the calling-thread mode (workers: 0) between realisations', async () => {
    const controller = new AbortController();
    const run = successRate({
      ensemble: 'spherical',
      N: 20,
      alpha: 0.2,
      lambda: 0.4,
      samples: 50,
      seed: 1,
      workers: 0,
      signal: controller.signal,
      onProgress: ({ done }) => done === 3 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('determinism', () => {
  it('basins and allPatternsRetrieval give the same numbers in the calling thread and on 2 workers', async () => {
    const basinOptions = { N: 16, alpha: 0.2, lambda: 0.5, thetas: [0, 0.8, 1.1, 1.4], samples: 8, seed: 4 };
    const [b0, b2] = await Promise.all([basins({ ...basinOptions, workers: 0 }), basins({ ...basinOptions, workers: 2 })]);
    expect(b2.points).toEqual(b0.points);
    const allOptions = { ensemble: 'binary', N: 14, alpha: 0.2, lambda: 0.45, samples: 8, seed: 4 } as const;
    const [a0, a2] = await Promise.all([
      allPatternsRetrieval({ ...allOptions, workers: 0 }),
      allPatternsRetrieval({ ...allOptions, workers: 2 }),
    ]);
    expect(a2.fractions).toEqual(a0.fractions);
  });
});

describe('backends', () => {
  it("resolve 'auto' to a registered backend and reject unknown names", async () => {
    expect(await resolveBackendName('auto')).toBe((await chooseAutoBackend()).name);
    expect(await resolveBackendName('reference')).toBe('reference');
    await expect(resolveBackendName('nope')).rejects.toThrow(/backend must be auto or one of/);
    await expect(
      successRate({ ensemble: 'spherical', N: 10, alpha: 0.1, lambda: 1, samples: 2, seed: 1, backend: 'nope' }),
    ).rejects.toThrow(RangeError);
  });
});

describe('memory check (before anything is allocated)', () => {
  it('refuses P·N beyond one Float32Array, stating the size in GiB and what would fit', async () => {
    const run = successRate({ ensemble: 'spherical', N: 40, alpha: 1, lambda: 1, samples: 1, seed: 1 });
    await expect(run).rejects.toThrow(RangeError);
    await expect(run).rejects.toThrow(/GiB/);
    await expect(run).rejects.toThrow(/MAX_MATRIX_ENTRIES/);
    // The largest N whose matrix fits one Float32Array (18) and whose realisation fits the default
    // budget per worker (two copies of the patterns, 11.8 GB at N = 18: with less memory per
    // worker, fewer).
    let nMax = 18;
    expect(patternCount(18, 1) * 18).toBeLessThanOrEqual(MAX_MATRIX_ENTRIES);
    expect(patternCount(19, 1) * 19).toBeGreaterThan(MAX_MATRIX_ENTRIES);
    const perWorker = defaultMemoryBudget() / Math.max(1, defaultWorkers());
    while (realisationBytes(nMax, patternCount(nMax, 1)) > perWorker) nMax -= 1;
    await expect(run).rejects.toThrow(new RegExp(`largest that fits is N = ${nMax}\\b`));
  });

  it('refuses a realisation larger than the memory budget per worker', () => {
    // N = 30, α = 0.3: P = 8103, 2.24 MB per realisation (the patterns twice, 8·P·N bytes, and
    // 36 bytes per pattern); a 3 MB budget over 2 workers is 1.5 MB each.
    expect(realisationBytes(30, 8103)).toBe(8103 * (8 * 30 + 36) + 64 * 30 + 1024);
    expect(() => checkExperimentSize(30, 0.3, 2, 3e6)).toThrow(/memory budget/);
    expect(() => checkExperimentSize(30, 0.3, 2, 3e6)).toThrow(/workers: 1 fits/);
    expect(() => checkExperimentSize(30, 0.3, 2, 3e6)).toThrow(/or stream the patterns \(patterns: 'streaming'/);
    expect(checkExperimentSize(30, 0.3, 1, 3e6)).toBe(8103);
    expect(() => checkExperimentSize(2000, 1, 1, 1e9)).toThrow(/overflow/);
  });

  it('passes the budget option through the experiments', async () => {
    await expect(
      lambdaHalf({ ensemble: 'spherical', N: 30, alpha: 0.3, samples: 2, seed: 1, workers: 2, memoryBudget: 1.5e6 }),
    ).rejects.toThrow(/memory budget of .* GiB per worker/);
  });
});
