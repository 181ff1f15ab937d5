import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cumulativeManifest, type Manifest, OutputSet, readManifest } from './output.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'dam-output-'));
const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');

describe("OutputSet: a run's files as one set", () => {
  it('stages every file and moves them in only at commit; discard leaves the old set', () => {
    const dir = folder();
    const first = new OutputSet(dir);
    first.write('a.txt', 'old a');
    first.write('b.txt', 'old b');
    expect(readdirSync(dir)).toEqual(['.staging']);
    first.commit({ samples: 8 });
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt', 'manifest.json']);

    const interrupted = new OutputSet(dir);
    interrupted.write('a.txt', 'new a');
    interrupted.discard();
    expect([read(dir, 'a.txt'), read(dir, 'b.txt')]).toEqual(['old a', 'old b']);
    expect(existsSync(join(dir, '.staging'))).toBe(false);

    // A staging folder left by a killed run is cleared by the next one.
    const killed = new OutputSet(dir);
    killed.write('a.txt', 'half');
    const next = new OutputSet(dir);
    next.write('a.txt', 'new a');
    next.commit({ samples: 64 });
    expect([read(dir, 'a.txt'), read(dir, 'b.txt')]).toEqual(['new a', 'old b']);
    const manifest = readManifest(join(dir, 'manifest.json')) as Manifest;
    expect(manifest.files).toEqual([
      { name: 'a.txt', run: 1 },
      { name: 'b.txt', run: 0 },
    ]);
    expect(manifest.runs).toEqual([{ samples: 8 }, { samples: 64 }]);
  });
});

describe('cumulativeManifest', () => {
  it('keeps earlier files that are still there, drops runs no file points to, and reads the first format', () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ command: 'dam reproduce all', samples: 64, files: ['x.svg', 'y.svg', 'gone.svg'] }),
    );
    const old = readManifest(join(dir, 'manifest.json'));
    expect(old?.runs).toEqual([{ command: 'dam reproduce all', samples: 64 }]);
    const next = cumulativeManifest(old, ['y.svg'], { samples: 8 }, (name) => name !== 'gone.svg');
    expect(next.files).toEqual([
      { name: 'x.svg', run: 0 },
      { name: 'y.svg', run: 1 },
    ]);
    const all = cumulativeManifest(next, ['x.svg', 'y.svg'], { samples: 2 }, () => true);
    expect(all.runs).toEqual([{ samples: 2 }]);
    expect(all.files.every((file) => file.run === 0)).toBe(true);
  });
});
