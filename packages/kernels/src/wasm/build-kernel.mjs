#!/usr/bin/env node
// Assembles kernel.wat into kernel.generated.ts (see tooling/scripts/wat-module.mjs). Run by the
// package's `build` before tsup; the generated file is also committed so that tests run without a
// build, and kernel.test.ts checks that it matches kernel.wat.
// Usage: node src/wasm/build-kernel.mjs [--check]  (--check: exit 1 if the file is stale)
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { watModule } from '../../../../tooling/scripts/wat-module.mjs';

const kernel = watModule({
  wabtInit,
  directory: new URL('.', import.meta.url),
  name: 'kernel',
  constant: 'KERNEL_WASM_BASE64',
  packageName: '@dam/kernels',
  what: 'attention kernel',
});

export const { WAT_PATH, GENERATED_PATH, generatedSource } = kernel;
export const assembleKernel = kernel.assemble;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await kernel.main();
