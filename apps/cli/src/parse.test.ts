import { describe, expect, it } from 'vitest';
import { parseAlphaList, parseEnsemble, parseLambdaList, UsageError } from './parse.js';

/** The message of the `UsageError` that `run` throws (fails the test if it throws something else). */
function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseLambdaList', () => {
  it('parses comma-separated positive numbers, with blanks and exponents', () => {
    expect(parseLambdaList('0.1,2, 1e2 ,.5')).toEqual([0.1, 2, 100, 0.5]);
    expect(parseLambdaList('3')).toEqual([3]);
  });

  it.each([
    ['-1', '-1'],
    ['0', '0'],
    ['1,0', '0'],
    ['abc', 'abc'],
    ['1,x', 'x'],
    ['0x10', '0x10'],
    ['Infinity', 'Infinity'],
    ['1e999', '1e999'],
    ['NaN', 'NaN'],
  ])('rejects %j naming the item %j', (value, item) => {
    expect(usageMessage(() => parseLambdaList(value))).toBe(
      `--lambda: "${item}" is not allowed; expected numbers in (0, 1e8] separated by commas`,
    );
  });

  it.each(['', '1,,2', '1,', ',1', ' , '])('rejects empty items in %j naming the whole value', (value) => {
    expect(usageMessage(() => parseLambdaList(value))).toBe(
      `--lambda: ${JSON.stringify(value)} is not allowed; expected numbers in (0, 1e8] separated by commas`,
    );
  });
});

describe('parseAlphaList', () => {
  it('accepts zero (and turns -0 into 0)', () => {
    expect(parseAlphaList('0,0.25')).toEqual([0, 0.25]);
    expect(Object.is(parseAlphaList('-0')[0], 0)).toBe(true);
  });

  it.each(['-0.1', 'one', '1e999'])('rejects %j', (value) => {
    expect(usageMessage(() => parseAlphaList(value))).toBe(
      `--alpha: "${value}" is not allowed; expected non-negative numbers separated by commas`,
    );
  });
});

describe('parseEnsemble', () => {
  it('accepts each built-in name and all', () => {
    expect(parseEnsemble('gaussian')).toEqual(['gaussian']);
    expect(parseEnsemble('all')).toEqual(['spherical', 'gaussian', 'binary']);
  });

  it.each(['foo', 'Gaussian', ''])('rejects %j', (value) => {
    expect(usageMessage(() => parseEnsemble(value))).toBe(
      `--ensemble: ${JSON.stringify(value)} is not allowed; expected one of spherical, gaussian, binary, all`,
    );
  });
});

describe('parseLambdaList: the upper end of the domain', () => {
  it('accepts 1e8 and rejects anything above, where the theory loses precision', () => {
    expect(parseLambdaList('1e8')).toEqual([1e8]);
    expect(usageMessage(() => parseLambdaList('0.5,1.5e8'))).toBe(
      '--lambda: "1.5e8" is not allowed; expected numbers in (0, 1e8] separated by commas',
    );
  });
});
