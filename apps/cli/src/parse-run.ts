import { notAllowed, parseNumberList, UsageError } from './parse.js';

/** What integer-list flags such as `--N` accept. */
export const SIZES_EXPECTED = 'integers between 2 and 10000 separated by commas';

/** Parses `--N`: dimensions, distinct integers in [2, 10000], e.g. `"20,25,30"`. */
export function parseSizes(value: string, flag = '--N'): number[] {
  const sizes = parseNumberList(flag, value, (x) => Number.isInteger(x) && x >= 2 && x <= 10000, SIZES_EXPECTED);
  if (new Set(sizes).size !== sizes.length) throw new UsageError(notAllowed(flag, value, `distinct ${SIZES_EXPECTED}`));
  return sizes;
}

/** Parses a positive integer flag (`--samples`, `--workers` allows 0 via `min`). */
export function parsePositiveInteger(flag: string, value: string, min = 1, max = 1_000_000): number {
  const expected = `an integer between ${min} and ${max}`;
  const [x] = parseNumberList(flag, value, (n) => Number.isInteger(n) && n >= min && n <= max, expected);
  if (x === undefined || value.includes(',')) throw new UsageError(notAllowed(flag, value, expected));
  return x;
}

/** Parses `--seed`: an integer in [0, 2^53 − 1]. */
export function parseSeed(value: string, flag = '--seed'): number {
  return parsePositiveInteger(flag, value, 0, Number.MAX_SAFE_INTEGER);
}

/** Parses a single number flag accepted by `accept` (e.g. `--alpha` for a simulation). */
export function parseSingleNumber(flag: string, value: string, accept: (x: number) => boolean, expected: string): number {
  const [x] = parseNumberList(flag, value, accept, expected);
  if (x === undefined || value.includes(',')) throw new UsageError(notAllowed(flag, value, expected));
  return x;
}

/** The value of a required flag, or a {@link UsageError} saying it is required and what it accepts. */
export function requireOption<T>(value: T | undefined, flag: string, expected: string): T {
  if (value === undefined) throw new UsageError(`${flag}: is required; expected ${expected}`);
  return value;
}
