import { version } from '../package.json';

/** The version of `@dam/kernels` (from its `package.json`, inlined at build time). */
export const KERNELS_VERSION: string = version;
