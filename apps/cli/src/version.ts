import { createRequire } from 'node:module';

/**
 * The version of `@dam/cli` from its `package.json`, read at run time next to `src/` or `dist/`
 * (both sit one level below the package root, and npm always ships `package.json`).
 */
export function cliVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('../package.json') as { readonly version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
