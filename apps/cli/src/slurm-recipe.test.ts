import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bufferedIo } from './io.js';
import { main } from './program.js';
import { slurmRecipe } from './slurm-recipe.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('one Slurm recipe, shown everywhere it is shown', () => {
  const recipe = slurmRecipe();

  it('pins the backend and takes sizes and resources from outside', () => {
    expect(recipe).toMatch(/^#!\/bin\/bash\n/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    expect(recipe).toContain('--backend "${DAM_BACKEND:-wasm-simd}"');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    expect(recipe).toContain('--shard "${SLURM_ARRAY_TASK_ID}/${DAM_SHARDS:-16}"');
    expect(recipe).toMatch(/^exec /m); // dam itself receives Slurm's SIGTERM
  });

  it.each([
    ['the CLI README', '../README.md'],
    ['the repository README', '../../../README.md'],
    ["the docs' cluster guide", '../../docs/site/guides/cluster.md'],
  ])('%s holds it verbatim', (_, path) => {
    expect(read(path)).toContain(`\`\`\`sh\n${recipe}\`\`\``);
  });

  it('simulate --help prints it', async () => {
    const captured = bufferedIo();
    expect(await main(['node', 'dam', 'simulate', '--help'], captured.io)).toBe(0);
    const shown = recipe
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');
    expect(captured.stdout()).toContain(shown);
  });
});
