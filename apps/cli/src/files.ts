import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './parse.js';

/**
 * Checks, before any work, that `path` can be written by `--out`-like `flag`: its directory exists
 * (or, with `createDirectory`, can be created) and is writable, and `path` is not a directory.
 * Throws a {@link UsageError} naming the flag and the path otherwise.
 */
export function checkWritableFile(flag: string, path: string): string {
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
 * `mkdir -p` one level at a time (Node's `mkdirSync(…, { recursive: true })` never returns on some
 * paths, e.g. under `/proc`): finds the nearest existing ancestor, which must be a directory, then
 * creates the missing levels.
 */
function makeDirectories(target: string): void {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    let exists = true;
    try {
      statSync(current);
    } catch {
      exists = false;
    }
    if (exists) break;
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!statSync(current).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  for (const level of missing.reverse()) mkdirSync(level);
}

/** Checks that `directory` exists or can be created, and is writable (a {@link UsageError} otherwise). */
export function checkWritableDirectory(flag: string, directory: string, shown = directory): string {
  const target = resolve(directory);
  try {
    makeDirectories(target);
    accessSync(target, constants.W_OK);
    if (!statSync(target).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`${flag}: ${JSON.stringify(shown)} cannot be written (${reason}); expected a path in a writable directory`);
  }
  return target;
}

/**
 * Writes `data` to `path` atomically: to a temporary file beside it, then renamed over `path`, so
 * that an interrupted run never leaves a half-written file (the temporary is removed on failure).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Reads a text file given on the command line; a {@link UsageError} naming it when it cannot be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`${JSON.stringify(path)} cannot be read (${reason})`);
  }
}
