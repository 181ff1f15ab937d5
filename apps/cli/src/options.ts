import { Option } from 'commander';

/** What each value-taking option accepts, for the "missing value" message. */
const expectedValues = new WeakMap<Option, string>();

/** A commander `Option` taking a value, remembering `expected` (what it accepts) for error messages. */
export function valueOption(flags: string, description: string, expected: string): Option {
  const option = new Option(flags, description);
  expectedValues.set(option, expected);
  return option;
}

/** What `option` accepts, if it was made by {@link valueOption}. */
export function expectedValue(option: Option): string | undefined {
  return expectedValues.get(option);
}
