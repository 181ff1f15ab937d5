import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './parse.js';

/** Why a file-system call failed, short (`ENOENT`, `EACCES`, …). */
export function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** Whether `path` exists (any kind of file). */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The nearest existing ancestor of `path` (itself if it exists). */
function nearestExisting(path: string): string {
  let current = path;
  while (!exists(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/**
 * `mkdir -p` one level at a time (Node's `mkdirSync(…, { recursive: true })` never returns on some
 * paths, e.g. under `/proc`): the nearest existing ancestor must be a directory.
 */
export function makeDirectories(target: string): void {
  const existing = nearestExisting(target);
  if (!statSync(existing).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  const missing: string[] = [];
  for (let level = target; level !== existing; level = dirname(level)) missing.push(level);
  for (const level of missing.reverse()) mkdirSync(level);
}

/**
 * Checks, without creating anything, that a directory `directory` could hold new files for `flag`:
 * if it exists it must be a directory where a file can be created (tried with a probe file, removed
 * at once); if not, its nearest existing ancestor must be a writable directory (the missing levels
 * are created only when the first file is written). Throws a {@link UsageError} naming the flag.
 */
export function checkWritableDirectory(flag: string, directory: string, shown = directory): string {
  if (shown.trim() === '') throw new UsageError(`${flag}: an empty path is not allowed; expected a path in a writable directory`);
  const target = resolve(directory);
  try {
    const existing = nearestExisting(target);
    if (!statSync(existing).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(existing, constants.W_OK);
    if (existing === target) {
      const probe = resolve(target, `.dam-write-probe-${process.pid}`);
      writeFileSync(probe, '');
      rmSync(probe, { force: true });
    }
  } catch (error) {
    throw new UsageError(
      `${flag}: ${JSON.stringify(shown)} cannot be written (${reasonOf(error)}); expected a path in a writable directory`,
    );
  }
  return target;
}

/**
 * Checks, before any work, that `path` can be written by `--out`-like `flag`: it is not a
 * directory and its directory passes {@link checkWritableDirectory}. Nothing is created.
 */
export function checkWritableFile(flag: string, path: string): string {
  if (path.trim() === '') throw new UsageError(`${flag}: an empty path is not allowed; expected a file path`);
  const target = resolve(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    // does not exist yet: fine
  }
  if (isDirectory) throw new UsageError(`${flag}: ${JSON.stringify(path)} is a directory; expected a file path`);
  checkWritableDirectory(flag, dirname(target), path);
  return target;
}

/**
 * Writes `data` to `path` atomically: missing directories are created, the data goes to a temporary
 * file beside `path`, then is renamed over it, so that an interrupted run never leaves a
 * half-written file (the temporary is removed on failure).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeDirectories(dirname(path));
  const temporary = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** {@link writeFileAtomic} for a path given by `flag`: a failure names the flag and the path. */
export function writeOutput(flag: string, path: string, shown: string, data: string | Uint8Array): void {
  namingPath(flag, shown, () => writeFileAtomic(path, data));
}

/**
 * Runs the file-system work `write` of `flag`; an error becomes one line naming `path` and the
 * reason (`--out: "figures/fig1.png" could not be written (ENOSPC)`), not a raw errno message.
 */
export function namingPath<T>(flag: string, path: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw new Error(`${flag}: ${JSON.stringify(path)} could not be written (${reasonOf(error)})`);
  }
}

/** Reads a text file given on the command line; a {@link UsageError} naming it when it cannot be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${JSON.stringify(path)} cannot be read (${reasonOf(error)})`);
  }
}
