import { damProject } from '@dam/vitest-config';

export default damProject('plot');
