/** Bytes in one WebAssembly memory page. */
export const WASM_PAGE_BYTES = 65_536;
/** Most pages a 32-bit WebAssembly memory can have (4 GiB). */
export const WASM_MAX_PAGES = 65_536;
/** Alignment (and granularity) of every allocation: one cache line. */
const ALIGN = 64;

/** The part of `WebAssembly.Memory` the heap uses. */
export interface GrowableMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

interface FreeRange {
  start: number;
  end: number;
}

function roundUp(bytes: number): number {
  return Math.ceil(Math.max(bytes, 1) / ALIGN) * ALIGN;
}

/**
 * A first-fit allocator of 64-byte-aligned ranges of a WebAssembly memory, which it grows when no
 * free range fits (up to {@link WASM_MAX_PAGES}); freed ranges are coalesced. Offset 0 is never
 * handed out. After any `alloc`, views of `memory.buffer` taken before it may be detached.
 */
export class WasmHeap {
  readonly memory: GrowableMemory;
  private readonly free: FreeRange[] = [];
  private readonly maxPages: number;

  /** Manages `memory` from byte 64 on; `maxPages` caps growth (tests use it to simulate a full memory). */
  constructor(memory: GrowableMemory, maxPages = WASM_MAX_PAGES) {
    this.memory = memory;
    this.maxPages = maxPages;
    const total = memory.buffer.byteLength;
    if (total > ALIGN) this.free.push({ start: ALIGN, end: total });
  }

  /** Bytes currently free without growing the memory. */
  get freeBytes(): number {
    return this.free.reduce((sum, range) => sum + range.end - range.start, 0);
  }

  /**
   * Reserves `bytes` (rounded up to 64) and returns the byte offset. Throws a `RangeError` naming
   * the size when the memory cannot grow enough.
   */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`cannot allocate ${String(bytes)} bytes`);
    const size = roundUp(bytes);
    for (let i = 0; i < this.free.length; i++) {
      const range = this.free[i] as FreeRange;
      if (range.end - range.start >= size) {
        const start = range.start;
        range.start += size;
        if (range.start === range.end) this.free.splice(i, 1);
        return start;
      }
    }
    this.grow(size);
    return this.alloc(size);
  }

  /** Returns a range obtained from {@link alloc} (same `bytes`) to the free list. */
  release(start: number, bytes: number): void {
    const end = start + roundUp(bytes);
    let i = 0;
    while (i < this.free.length && (this.free[i] as FreeRange).start < start) i++;
    const before = this.free[i - 1];
    const after = this.free[i];
    if ((before !== undefined && before.end > start) || (after !== undefined && after.start < end)) {
      throw new Error(`heap: range [${start}, ${end}) overlaps a free range (double release?)`);
    }
    if (before !== undefined && before.end === start) {
      before.end = end;
      if (after !== undefined && after.start === end) {
        before.end = after.end;
        this.free.splice(i, 1);
      }
    } else if (after !== undefined && after.start === end) {
      after.start = start;
    } else {
      this.free.splice(i, 0, { start, end });
    }
  }

  /** Grows the memory so that a free range of `size` bytes exists at its end. */
  private grow(size: number): void {
    const total = this.memory.buffer.byteLength;
    const last = this.free[this.free.length - 1];
    const tail = last !== undefined && last.end === total ? last.end - last.start : 0;
    const currentPages = total / WASM_PAGE_BYTES;
    const needed = Math.ceil((size - tail) / WASM_PAGE_BYTES);
    // Grow by at least an eighth of the current size, so that many small growths stay cheap.
    const pages = Math.min(Math.max(needed, Math.ceil(currentPages / 8)), this.maxPages - currentPages);
    if (pages < needed) {
      throw new RangeError(
        `WebAssembly memory cannot hold ${size} more bytes: it has ${total} bytes and may grow to at most ${this.maxPages * WASM_PAGE_BYTES} (4 GiB for 32-bit WebAssembly)`,
      );
    }
    try {
      this.memory.grow(pages);
    } catch (cause) {
      throw new RangeError(`WebAssembly memory could not grow by ${pages * WASM_PAGE_BYTES} bytes (to hold ${size} bytes)`, {
        cause,
      });
    }
    this.release(total, pages * WASM_PAGE_BYTES);
  }
}
