import { damProject } from '@dam/vitest-config';

// Packing and the npm install run once, in beforeAll: give them minutes (a cold npm cache
// downloads ~220 packages); each check after that is quick.
export default damProject('pack-install', { testTimeout: 120_000, hookTimeout: 600_000 });
