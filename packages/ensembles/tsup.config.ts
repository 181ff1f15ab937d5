import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/internals.ts'],
  format: ['esm'],
  // @dam/core is private: bundled into this package (its types are inlined into the declarations
  // through the `paths` entry of tsconfig.json).
  noExternal: ['@dam/core'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
