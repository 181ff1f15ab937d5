#!/usr/bin/env node
// Assembles covariance.wat into covariance.generated.ts (see tooling/scripts/wat-module.mjs). Run by
// the package's `build` before tsup; the generated file is also committed so that tests run without
// a build, and contraction.test.ts checks that it matches covariance.wat.
// Usage: node src/wasm/build-covariance.mjs [--check]  (--check: exit 1 if the file is stale)
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { watModule } from '../../../../tooling/scripts/wat-module.mjs';

const covariance = watModule({
  wabtInit,
  directory: new URL('.', import.meta.url),
  name: 'covariance',
  constant: 'COVARIANCE_WASM_BASE64',
  packageName: '@dam/dynamics',
  what: 'scores and weighted second-moment kernels',
});

export const { WAT_PATH, GENERATED_PATH, generatedSource } = covariance;
export const assembleCovariance = covariance.assemble;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await covariance.main();
