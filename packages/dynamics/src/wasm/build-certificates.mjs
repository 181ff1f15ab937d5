#!/usr/bin/env node
// Assembles certificates.wat into certificates.generated.ts (see tooling/scripts/wat-module.mjs). Run by
// the package's `build` before tsup; the generated file is also committed so that tests run without
// a build, and certificate-kernel.test.ts checks that it matches certificates.wat.
// Usage: node src/wasm/build-certificates.mjs [--check]  (--check: exit 1 if the file is stale)
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { watModule } from '../../../../tooling/scripts/wat-module.mjs';

const covariance = watModule({
  wabtInit,
  directory: new URL('.', import.meta.url),
  name: 'certificates',
  constant: 'CERTIFICATES_WASM_BASE64',
  packageName: '@dam/dynamics',
  what: 'certificate kernels (target geometry and its bins, scores, weighted second moment and its eigenvalue bound)',
});

export const { WAT_PATH, GENERATED_PATH, generatedSource } = covariance;
export const assembleCertificates = covariance.assemble;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await covariance.main();
