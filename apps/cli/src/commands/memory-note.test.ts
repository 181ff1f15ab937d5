import { patternCount, realisationBytes } from '@dam/dynamics';
import { describe, expect, it } from 'vitest';
import { memoryNote } from './memory-note.js';

describe('memoryNote', () => {
  it('states the memory of the largest size, per worker and in all, from a gigabyte on', () => {
    const P = patternCount(80, 0.2);
    expect(P).toBe(8_886_111);
    const note = memoryNote([60, 80, 70], 0.2, 2, undefined);
    const perWorker = realisationBytes(80, P);
    // Two float32 copies of P × 80 patterns dominate: 8·P·80 bytes ≈ 5.3 GiB per worker.
    expect(perWorker / (8 * P * 80)).toBeGreaterThan(1);
    expect(perWorker / (8 * P * 80)).toBeLessThan(1.1);
    expect(note).toBe(
      `memory: about ${((2 * perWorker) / 2 ** 30).toFixed(1)} GiB (N = 80, P = 8886111: ${(perWorker / 2 ** 30).toFixed(1)} GiB per worker × 2; the patterns twice, in the certificates' and the attention kernel's memory)\n`,
    );
    expect(memoryNote([80], 0.2, 0, 'materialized')).toMatch(/× 1;/); // workers: 0 runs in one thread
  });

  it('says nothing below a gigabyte, in the other pattern modes, or where P overflows', () => {
    expect(memoryNote([40, 50], 0.2, 2, undefined)).toBeUndefined();
    expect(memoryNote([80], 0.2, 2, 'order-statistics')).toBeUndefined();
    expect(memoryNote([80], 0.2, 2, 'streaming')).toBeUndefined();
    expect(memoryNote([10_000], 2, 2, undefined)).toBeUndefined();
  });
});
