import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderFigure } from '../figure-file.js';
import type { FigureFunction } from '../figure-format.js';
import { makeDirectories, namingPath, writeFileAtomic } from '../files.js';
import { formatCsv } from '../format/csv.js';
import { formatJson } from '../format/json.js';

/** The `format` of `manifest.json`. */
export const MANIFEST_FORMAT = 'dam/manifest@2';

/** The staging folder inside `--out` where a run's files wait until the whole set is written. */
export const STAGING = '.staging';

/** `manifest.json`: every file of the folder with the run that made it (an index into `runs`). */
export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly files: readonly { readonly name: string; readonly run: number }[];
  /** The runs that made the files listed, oldest first (the last one is the newest). */
  readonly runs: readonly Record<string, unknown>[];
}

/**
 * The files of one `dam reproduce` run as a set: each is written into `<out>/.staging` (a staging
 * folder left by an interrupted run is removed first), and {@link commit} moves them all into
 * `<out>` with `manifest.json` last, synchronously — so that a signal, handled between event-loop
 * turns, never lands in the middle — or {@link discard} drops them. An interruption before the
 * commit leaves the folder's previous set as it was.
 */
export class OutputSet {
  readonly files: string[] = [];
  private readonly staging: string;

  constructor(readonly directory: string) {
    this.staging = join(directory, STAGING);
    rmSync(this.staging, { recursive: true, force: true });
  }

  /** Writes `name` into the staging folder (atomically) and records it. */
  write(name: string, data: string | Uint8Array): void {
    namingPath('--out', join(this.directory, name), () => writeFileAtomic(join(this.staging, name), data));
    this.files.push(name);
  }

  /** A figure as SVG and PNG. */
  figure(name: string, figure: FigureFunction): void {
    this.write(`${name}.svg`, renderFigure(figure, 'svg'));
    this.write(`${name}.png`, renderFigure(figure, 'png'));
  }

  /** Data as CSV (`columns`) and JSON (non-finite numbers as `null`). */
  data(name: string, rows: readonly object[], columns: readonly string[], json: unknown): void {
    this.write(`${name}.csv`, formatCsv(rows as Record<string, unknown>[], columns));
    this.write(
      `${name}.json`,
      `${JSON.stringify(json, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
    );
  }

  /**
   * Moves the staged files into the folder and writes the cumulative `manifest.json`: the files of
   * earlier runs still in the folder keep their run, this run's files point to `run`.
   */
  commit(run: Record<string, unknown>): void {
    namingPath('--out', this.directory, () => makeDirectories(this.directory));
    const manifest = cumulativeManifest(readManifest(join(this.directory, 'manifest.json')), this.files, run, (name) =>
      existsSync(join(this.directory, name)),
    );
    writeFileAtomic(join(this.staging, 'manifest.json'), formatJson([manifest]));
    for (const name of [...this.files, 'manifest.json']) renameSync(join(this.staging, name), join(this.directory, name));
    rmSync(this.staging, { recursive: true, force: true });
  }

  /** Drops the staged files (the folder keeps its previous set). */
  discard(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * The manifest at `path` as the current format: `undefined` when absent or unreadable; a manifest
 * of the first format (one run's fields and its `files` at the top level) becomes that one run.
 */
export function readManifest(path: string): Manifest | undefined {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (document.format === MANIFEST_FORMAT) return document as unknown as Manifest;
  if (!Array.isArray(document.files)) return undefined;
  const { files, ...run } = document;
  return {
    format: MANIFEST_FORMAT,
    files: (files as unknown[]).filter((f) => typeof f === 'string').map((name) => ({ name: name as string, run: 0 })),
    runs: [run],
  };
}

/**
 * The manifest after a run wrote `written`: its files point to the new last run; the earlier files
 * that are still there (`present`) and not rewritten keep theirs; runs no file points to are dropped.
 */
export function cumulativeManifest(
  previous: Manifest | undefined,
  written: readonly string[],
  run: Record<string, unknown>,
  present: (name: string) => boolean,
): Manifest {
  const mine = new Set(written);
  const kept = (previous?.files ?? []).filter((file) => !mine.has(file.name) && file.name !== 'manifest.json' && present(file.name));
  const used = [...new Set(kept.map((file) => file.run))].sort((a, b) => a - b);
  const runs = [...used.map((index) => previous?.runs[index] ?? {}), run];
  const renumber = new Map(used.map((index, k) => [index, k]));
  const files = [
    ...kept.map((file) => ({ name: file.name, run: renumber.get(file.run) as number })),
    ...written.map((name) => ({ name, run: runs.length - 1 })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { format: MANIFEST_FORMAT, files, runs };
}
