import { testReadmeExamples } from '@dam/vitest-config/readme';
import { describe } from 'vitest';

describe('README', () => {
  testReadmeExamples(new URL('../README.md', import.meta.url));
});
