import { describe, expect, it } from 'vitest';
import { createMatrix, formatBytes, MAX_MATRIX_ENTRIES, row } from './matrix.js';

describe('createMatrix', () => {
  it('allocates rows × cols zeros in row-major order', () => {
    const m = createMatrix(3, 4);
    expect(m.data.length).toBe(12);
    m.data[1 * 4 + 2] = 7;
    expect(row(m, 1)[2]).toBe(7);
    expect(row(m, 1).length).toBe(4);
  });

  it('wraps existing data of the right length and rejects the wrong length', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(createMatrix(2, 3, data).data).toBe(data);
    expect(() => createMatrix(4, 2, data)).toThrow(/length 6, expected rows × cols = 8/);
  });

  it('rejects negative, fractional and oversized dimensions with the size it needed', () => {
    expect(() => createMatrix(-1, 2)).toThrow(/rows must be a non-negative integer, got -1/);
    expect(() => createMatrix(2, 1.5)).toThrow(/cols must be a non-negative integer, got 1.5/);
    expect(() => createMatrix(MAX_MATRIX_ENTRIES, 2)).toThrow(/needs 4294967294 float32 entries \(16\.0 GiB\)/);
  });

  it('rejects row indices outside the matrix', () => {
    expect(() => row(createMatrix(2, 2), 2)).toThrow(/row index must be an integer in \[0, 1\], got 2/);
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});
