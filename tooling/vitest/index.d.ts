// Types for index.js, so that each package's vitest.config.ts type-checks under `tsc --noEmit`.
import type { UserWorkspaceConfig } from 'vitest/config';

/**
 * Vitest project configuration for one workspace package.
 * @param name project name shown in the test report
 * @param extra extra test options, merged over the shared defaults
 */
export declare function damProject(name: string, extra?: NonNullable<UserWorkspaceConfig['test']>): UserWorkspaceConfig;
