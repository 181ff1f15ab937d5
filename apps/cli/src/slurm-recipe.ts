import { readFileSync } from 'node:fs';

/**
 * The job-array recipe shipped with the CLI (`slurm/crossover-array.sbatch` of @dam/cli, beside
 * `dist/` and `src/`): the one copy that `simulate --help`, the READMEs and the docs' cluster guide
 * show, and that the Slurm tests submit.
 */
export function slurmRecipe(): string {
  return readFileSync(new URL('../slurm/crossover-array.sbatch', import.meta.url), 'utf8');
}
