// The root entry of @dam/dynamics stays small (what the README's API table lists: the experiments,
// their shards and statistics); the machinery is in `@dam/dynamics/internals`. api/*.api.md pins
// both surfaces in `pnpm lint`; this pins the size of the root as features are added.
import { describe, expect, it } from 'vitest';

describe('the public API of @dam/dynamics', () => {
  it('has at most 45 runtime names at its root, none of them from internals', async () => {
    const root = Object.keys(await import('./index.js'));
    const internals = Object.keys(await import('./internals.js'));
    expect(root.length).toBeLessThanOrEqual(45);
    expect(root.filter((name) => internals.includes(name))).toEqual([]);
    for (const name of ['retrieve', 'successRate', 'lambdaHalf', 'finiteSizeScan', 'basins', 'criticalLambdaShard'])
      expect(root).toContain(name);
    for (const name of ['RealisationRunner', 'CertificateKernel', 'StepMerger', 'logGamma']) expect(internals).toContain(name);
  });
});
