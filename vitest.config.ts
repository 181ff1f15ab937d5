import { defineConfig } from 'vitest/config';

// The root runs every workspace project (packages and apps, the pack-install test of the published
// tarballs and the Slurm job-array tests); each has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/pack-install', 'tooling/slurm'],
  },
});
