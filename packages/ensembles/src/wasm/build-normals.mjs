#!/usr/bin/env node
// Assembles normals.wat into normals.generated.ts (see tooling/scripts/wat-module.mjs). Run by the
// package's `build` before tsup; the generated file is also committed so that tests run without a
// build, and normals.test.ts checks that it matches normals.wat.
// Usage: node src/wasm/build-normals.mjs [--check]  (--check: exit 1 if the file is stale)
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { watModule } from '../../../../tooling/scripts/wat-module.mjs';

const normals = watModule({
  wabtInit,
  directory: new URL('.', import.meta.url),
  name: 'normals',
  constant: 'NORMALS_WASM_BASE64',
  packageName: '@dam/ensembles',
  what: 'normal-rows sampler',
});

export const { WAT_PATH, GENERATED_PATH, generatedSource } = normals;
export const assembleNormals = normals.assemble;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await normals.main();
