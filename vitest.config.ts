import { defineConfig } from 'vitest/config';

// The root runs every workspace project (packages and apps); each has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
