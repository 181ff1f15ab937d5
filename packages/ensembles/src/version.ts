import { version } from '../package.json';

/** The version of `@dam/ensembles` (from its `package.json`, inlined at build time). */
export const ENSEMBLES_VERSION: string = version;
