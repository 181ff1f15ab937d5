import { damProject } from '@dam/vitest-config';

// The job arrays run on a real (one-node) Slurm: each test waits for its jobs, minutes at most.
export default damProject('slurm', { testTimeout: 600_000, hookTimeout: 120_000 });
