import { testReadmeConsole } from '@dam/vitest-config/readme';
import { describe } from 'vitest';

// Every `$ pnpm --silent dam …` shown in the CLI's README and in the repository's README is run
// against the built CLI and must print what is shown.
const bin = [process.execPath, new URL('../dist/bin.js', import.meta.url).pathname];

describe('apps/cli/README.md', () => {
  testReadmeConsole(new URL('../README.md', import.meta.url), 'pnpm --silent dam', bin);
});

describe('README.md (repository root)', () => {
  testReadmeConsole(new URL('../../../README.md', import.meta.url), 'pnpm --silent dam', bin);
});
