import { closeSync, fsyncSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirectories, namingPath } from './files.js';

/** The `format` of a journal's first line. */
export const JOURNAL_FORMAT = 'dam/journal@1';

/** At most this long between two fsyncs of a journal (a kill loses at most what the OS had not written). */
const SYNC_EVERY_MS = 500;

/** A journal that cannot be used, named by its path: `main` prints it as one line (exit 1). */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** How one kind of record is written to a journal line and read back (`undefined`: not such a record). */
export interface RecordCodec<R> {
  readonly encode: (record: R) => object;
  readonly decode: (line: Record<string, unknown>) => R | undefined;
  /** What a record line holds, for the error on a damaged one (e.g. `{"N","r","critical","updates"}`). */
  readonly shape: string;
}

/** What a journal holds: its header (what identifies the work), then the records finished so far. */
export interface JournalContent<R> {
  readonly header: Record<string, unknown>;
  readonly records: R[];
  /** Bytes of its complete lines (what a reopened journal keeps). */
  readonly bytes: number;
}

/**
 * The journal kept next to an output file `F`: `F.journal`. Line 1 is `{"format", ...header}`, then
 * one JSON line per finished realisation, appended as they finish. Append-only: an interruption
 * leaves every finished line, at worst plus a cut last line without its newline, which reading drops.
 */
export function journalPath(out: string): string {
  return `${out}.journal`;
}

/**
 * Reads the journal at `path`: `undefined` when there is none, else its header and records (a cut
 * last line is dropped). Throws a {@link JournalError} naming the file when it is not a dam journal
 * or a line is damaged.
 */
export function readJournal<R>(path: string, codec: RecordCodec<R>): JournalContent<R> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const lines = text.split('\n');
  const cut = lines.pop() as string; // after the last newline: empty, or a line cut by an interruption
  const bytes = Buffer.byteLength(text) - Buffer.byteLength(cut);
  const damaged = (line: number, why: string): JournalError =>
    new JournalError(`${path}: line ${line} is damaged (${why}); delete the file to start the run again`);
  const parse = (line: string, number: number): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw damaged(number, 'not a JSON object');
  };
  if (lines.length === 0) return undefined; // cut before its header was complete: nothing kept
  const { format, ...header } = parse(lines[0] as string, 1);
  if (format !== JOURNAL_FORMAT) {
    throw new JournalError(`${path}: not a dam journal of format ${JOURNAL_FORMAT} (format ${JSON.stringify(format) ?? 'missing'})`);
  }
  const records = lines.slice(1).map((line, i) => {
    const record = codec.decode(parse(line, i + 2));
    if (record === undefined) throw damaged(i + 2, `expected ${codec.shape}`);
    return record;
  });
  return { header, records, bytes };
}

/** Appends records to a journal: created with its header line, or reopened after its last complete line. */
export class JournalWriter<R> {
  private readonly fd: number;
  private lastSync = Number.NEGATIVE_INFINITY;
  /** Records in the journal (read plus appended). */
  count: number;

  private constructor(
    readonly path: string,
    private readonly codec: RecordCodec<R>,
    fd: number,
    count: number,
  ) {
    this.fd = fd;
    this.count = count;
  }

  /**
   * Opens the journal at `path` with `header`: a new file, or — when `existing` holds what was read
   * from it — the same file for appending, after its complete lines (a cut last line is truncated away).
   */
  static open<R>(path: string, header: object, codec: RecordCodec<R>, existing: JournalContent<R> | undefined): JournalWriter<R> {
    return namingPath('journal', path, () => {
      if (existing !== undefined) {
        truncateSync(path, existing.bytes);
        return new JournalWriter(path, codec, openSync(path, 'a'), existing.records.length);
      }
      makeDirectories(dirname(path));
      const writer = new JournalWriter(path, codec, openSync(path, 'w'), 0);
      writer.write(`${JSON.stringify({ format: JOURNAL_FORMAT, ...header })}\n`);
      writer.sync();
      return writer;
    });
  }

  /** Appends one record (fsync'd at most every {@link SYNC_EVERY_MS}). */
  append(record: R): void {
    this.write(`${JSON.stringify(this.codec.encode(record))}\n`);
    this.count += 1;
    if (performance.now() - this.lastSync >= SYNC_EVERY_MS) this.sync();
  }

  /** Flushes to disk. */
  sync(): void {
    fsyncSync(this.fd);
    this.lastSync = performance.now();
  }

  /** Flushes and closes; `remove` deletes the file (its work is complete). */
  close(remove = false): void {
    this.sync();
    closeSync(this.fd);
    if (remove) rmSync(this.path, { force: true });
  }

  private write(text: string): void {
    namingPath('journal', this.path, () => writeSync(this.fd, text));
  }
}
