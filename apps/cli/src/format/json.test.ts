import { describe, expect, it } from 'vitest';
import { formatJson } from './json.js';

describe('formatJson', () => {
  it('prints a single row as an object and several as an array', () => {
    expect(JSON.parse(formatJson([{ a: 1 }]))).toEqual({ a: 1 });
    expect(JSON.parse(formatJson([{ a: 1 }, { a: 2 }]))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('keeps full precision, prints non-finite numbers as null and ends with a newline', () => {
    const text = formatJson([{ x: 0.1732867951399863, inf: Infinity, nan: Number.NaN, flag: false }]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ x: 0.1732867951399863, inf: null, nan: null, flag: false });
  });
});
