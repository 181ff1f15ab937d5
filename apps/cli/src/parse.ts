import { ENSEMBLE_NAMES, type EnsembleName } from '@dam/ensembles';
import { MAX_LAMBDA } from '@dam/theory';

/**
 * A bad command line: `message` is the complete one-line reason shown after `dam: `, naming the
 * flag, the offending value and what is allowed. The CLI prints it and exits with {@link USAGE_EXIT_CODE}.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit code of `dam` on bad input (a {@link UsageError}); `1` is kept for failures of the work itself. */
export const USAGE_EXIT_CODE = 2;

/** What `--lambda` accepts, as said in error messages and help. */
export const LAMBDA_EXPECTED = 'numbers in (0, 1e8] separated by commas';

/** What `--alpha` accepts, as said in error messages and help. */
export const ALPHA_EXPECTED = 'non-negative numbers separated by commas';

/** The value of `--ensemble` that selects every built-in ensemble. */
export const ALL_ENSEMBLES = 'all';

/** Plain decimal notation with an optional exponent (no hex, no `Infinity`, no blanks). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The one-line message for a rejected value of `flag`. */
export function notAllowed(flag: string, value: string, expected: string): string {
  return `${flag}: ${JSON.stringify(value)} is not allowed; expected ${expected}`;
}

/**
 * Parses a comma-separated list of finite numbers accepted by `accept` (blanks around items are
 * ignored); throws a {@link UsageError} naming `flag` and the first bad item (or the whole value
 * when an item is empty).
 */
export function parseNumberList(flag: string, value: string, accept: (x: number) => boolean, expected: string): number[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(notAllowed(flag, value, expected));
  return items.map((item) => {
    const x = DECIMAL.test(item) ? Number(item) : Number.NaN;
    if (!(Number.isFinite(x) && accept(x))) throw new UsageError(notAllowed(flag, item, expected));
    return x + 0; // turns -0 into 0
  });
}

/** Parses `--lambda`: inverse temperatures `0 < λ ≤ MAX_LAMBDA` (1e8), e.g. `"0.5,1,2"`. */
export function parseLambdaList(value: string, flag = '--lambda'): number[] {
  return parseNumberList(flag, value, (x) => x > 0 && x <= MAX_LAMBDA, LAMBDA_EXPECTED);
}

/** Parses `--alpha`: loads α = log P / N ≥ 0, e.g. `"0.1,0.2"`. */
export function parseAlphaList(value: string, flag = '--alpha'): number[] {
  return parseNumberList(flag, value, (x) => x >= 0, ALPHA_EXPECTED);
}

/** Parses `--ensemble`: one built-in ensemble name, or `all` for every one in `ENSEMBLE_NAMES` order. */
export function parseEnsemble(value: string, flag = '--ensemble'): EnsembleName[] {
  if (value === ALL_ENSEMBLES) return [...ENSEMBLE_NAMES];
  const name = ENSEMBLE_NAMES.find((candidate) => candidate === value);
  if (name === undefined) {
    throw new UsageError(notAllowed(flag, value, `one of ${[...ENSEMBLE_NAMES, ALL_ENSEMBLES].join(', ')}`));
  }
  return [name];
}
