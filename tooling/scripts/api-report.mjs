#!/usr/bin/env node
// The public API report of a package: for every entry of its `exports` (`.` → api/index.api.md,
// `./node` → api/node.api.md, …), api-extractor reads the built declarations (dist/*.d.ts) and
// compares their public surface with the committed report. A difference fails, so that a change
// of the API is a reviewed diff of api/*.api.md.
//
// Usage, from a package's directory after its build:
//   node ../../tooling/scripts/api-report.mjs            check (the package's `lint`)
//   node ../../tooling/scripts/api-report.mjs --update   rewrite api/*.api.md (`pnpm api:update`)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const cwd = process.cwd();
const update = process.argv.includes('--update');
const manifest = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));
const temp = mkdtempSync(path.join(tmpdir(), 'api-report-'));
if (update) mkdirSync(path.join(cwd, 'api'), { recursive: true });
let failed = false;
try {
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (subpath === './package.json' || typeof target !== 'object' || typeof target.types !== 'string') continue;
    const entry = subpath === '.' ? 'index' : subpath.slice(2).replaceAll('/', '-');
    const declarations = path.join(cwd, target.types);
    const configObject = {
      projectFolder: cwd,
      mainEntryPointFilePath: declarations,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            module: 'ESNext',
            moduleResolution: 'Bundler',
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
          files: [declarations],
        },
      },
      apiReport: { enabled: true, reportFileName: `${entry}.api.md`, reportFolder: path.join(cwd, 'api'), reportTempFolder: temp },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        // Release tags and TSDoc syntax are not this report's business: the report is the surface.
        extractorMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
      },
    };
    const config = ExtractorConfig.prepare({
      configObject,
      configObjectFullPath: undefined,
      packageJsonFullPath: path.join(cwd, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message) => {
        if (message.logLevel === 'none') message.handled = true;
      },
    });
    if (!result.succeeded || (!update && result.apiReportChanged)) {
      failed = true;
      console.error(
        `api-report: the public API of ${manifest.name}${subpath === '.' ? '' : subpath.slice(1)} differs from api/${entry}.api.md; ` +
          'if the change is intended, run `pnpm api:update` and commit the reviewed report',
      );
    } else
      console.log(
        `api-report: ${manifest.name}${subpath === '.' ? '' : subpath.slice(1)} ${update ? 'written to' : 'matches'} api/${entry}.api.md`,
      );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
