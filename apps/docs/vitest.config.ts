import { damProject } from '@dam/vitest-config';

// The browser tests start a static server and headless Chromium: allow them time.
export default damProject('docs', { testTimeout: 120_000, hookTimeout: 120_000 });
