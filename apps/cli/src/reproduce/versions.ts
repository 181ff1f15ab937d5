import { createRequire } from 'node:module';
import { cliVersion } from '../version.js';

/** The @dam packages `dam reproduce` records in its manifest. */
const PACKAGES = ['@dam/kernels', '@dam/ensembles', '@dam/theory', '@dam/dynamics', '@dam/plot'] as const;

/** Versions of `@dam/cli` and the packages it computes with (from their `package.json`). */
export function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = { '@dam/cli': cliVersion() };
  for (const name of PACKAGES) {
    const manifest = require(`${name}/package.json`) as { version?: unknown };
    versions[name] = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  }
  return versions;
}
