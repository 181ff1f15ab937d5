import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { namingPath, writeFileAtomic } from '../files.js';

/**
 * The finished steps of `dam reproduce` in `<out>/.cache`, one JSON file per step, so that a run
 * stopped by Ctrl-C (or a crash) resumes from what was already computed. A step is reused only
 * when its parameters and the versions that computed it are the same; each file is written
 * atomically when its step completes.
 */
export class StepCache {
  readonly directory: string;
  /** What must also match for a reuse (e.g. the package versions). */
  readonly stamp: unknown;

  /** `stamp`: what must also match for a reuse (e.g. the package versions). */
  constructor(outDirectory: string, stamp: unknown) {
    this.directory = join(outDirectory, '.cache'); // created with the first stored step
    this.stamp = stamp;
  }

  private file(key: string): string {
    return join(this.directory, `${key.replace(/[^\w.=-]+/g, '_')}.json`);
  }

  /** Where step `key` keeps the journal of its finished realisations while it runs. */
  journal(key: string): string {
    return `${this.file(key)}.journal`;
  }

  /** The stored value of step `key` computed with `parameters`, or `undefined`. */
  get<T>(key: string, parameters: unknown, decode: (value: unknown) => T): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { parameters?: unknown; stamp?: unknown; value?: unknown };
      if (JSON.stringify(entry.parameters) !== JSON.stringify(parameters)) return undefined;
      if (JSON.stringify(entry.stamp) !== JSON.stringify(this.stamp)) return undefined;
      return decode(entry.value);
    } catch {
      return undefined; // unreadable: computed again
    }
  }

  /** Stores the value of step `key` (atomically; creates the cache directory if needed). */
  set(key: string, parameters: unknown, value: unknown): void {
    const path = this.file(key);
    namingPath('--out', path, () => writeFileAtomic(path, `${JSON.stringify({ parameters, stamp: this.stamp, value })}\n`));
  }
}
