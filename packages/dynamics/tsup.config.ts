import { defineConfig } from 'tsup';

// Two entries: the library, and the worker-thread entry that the experiments spawn
// (`dist/worker.js`, also exported as `@dam/dynamics/worker`). Shared code goes to a chunk.
export default defineConfig({
  entry: ['src/index.ts', 'src/internals.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
