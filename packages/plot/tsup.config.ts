import { defineConfig } from 'tsup';

// Two entry points: `.` (browser-safe figures, no Node-only import) and `./node` (SVG/PNG
// rendering with linkedom and resvg).
export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
