// Shared vitest settings: every package's tests sit beside its source as `src/**/*.test.ts`.
import { defineProject } from 'vitest/config';

/**
 * Vitest project configuration for one workspace package.
 * @param {string} name project name shown in the test report
 * @param {import('vitest/config').UserWorkspaceConfig['test']} [extra] extra test options
 */
export function damProject(name, extra = {}) {
  return defineProject({
    test: {
      name,
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: 30_000,
      ...extra,
    },
  });
}
