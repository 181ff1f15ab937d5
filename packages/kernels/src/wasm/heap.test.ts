import { describe, expect, it } from 'vitest';
import { WASM_PAGE_BYTES, WasmHeap } from './heap.js';

/** A stand-in for WebAssembly.Memory (grows its ArrayBuffer by whole pages). */
function fakeMemory(pages: number): { buffer: ArrayBuffer; grow(delta: number): number } {
  const memory = {
    buffer: new ArrayBuffer(pages * WASM_PAGE_BYTES),
    grow(delta: number): number {
      const old = memory.buffer.byteLength / WASM_PAGE_BYTES;
      memory.buffer = new ArrayBuffer((old + delta) * WASM_PAGE_BYTES);
      return old;
    },
  };
  return memory;
}

describe('WasmHeap', () => {
  it('hands out 64-byte-aligned, disjoint ranges and never offset 0', () => {
    const heap = new WasmHeap(fakeMemory(1));
    const a = heap.alloc(10);
    const b = heap.alloc(100);
    const c = heap.alloc(0);
    expect(a).toBe(64);
    for (const offset of [a, b, c]) expect(offset % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 64);
    expect(c).toBeGreaterThanOrEqual(b + 128);
  });

  it('reuses and coalesces released ranges', () => {
    const heap = new WasmHeap(fakeMemory(1));
    const free = heap.freeBytes;
    const a = heap.alloc(1000);
    const b = heap.alloc(1000);
    const c = heap.alloc(1000);
    heap.release(b, 1000);
    expect(heap.alloc(900)).toBe(b);
    heap.release(b, 900);
    heap.release(a, 1000);
    heap.release(c, 1000);
    expect(heap.freeBytes).toBe(free);
    expect(heap.alloc(3000)).toBe(a);
  });

  it('grows the memory when nothing fits, and refuses past the page limit with a RangeError', () => {
    const memory = fakeMemory(1);
    const heap = new WasmHeap(memory, 4);
    const big = heap.alloc(2 * WASM_PAGE_BYTES);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(3 * WASM_PAGE_BYTES);
    expect(big + 2 * WASM_PAGE_BYTES).toBeLessThanOrEqual(memory.buffer.byteLength);
    expect(() => heap.alloc(3 * WASM_PAGE_BYTES)).toThrow(RangeError);
    expect(() => heap.alloc(3 * WASM_PAGE_BYTES)).toThrow(/cannot hold/);
    heap.release(big, 2 * WASM_PAGE_BYTES);
    expect(heap.alloc(3 * WASM_PAGE_BYTES)).toBe(64);
  });

  it('detects double release and rejects bad sizes', () => {
    const heap = new WasmHeap(fakeMemory(1));
    const a = heap.alloc(64);
    heap.alloc(64);
    heap.release(a, 64);
    expect(() => heap.release(a, 64)).toThrow(/double release/);
    expect(() => heap.alloc(-1)).toThrow(RangeError);
    expect(() => heap.alloc(Number.NaN)).toThrow(RangeError);
  });
});
