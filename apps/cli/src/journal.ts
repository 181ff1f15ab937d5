import { closeSync, fsyncSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RealisationRecord, ShardIdentity } from '@dam/dynamics';
import { makeDirectories, namingPath } from './files.js';

/** The `format` of a journal's first line. */
export const JOURNAL_FORMAT = 'dam/journal@1';

/** At most this long between two fsyncs of a journal (a kill loses at most what the OS had not written). */
const SYNC_EVERY_MS = 500;

/** A journal that cannot be used, named by its path: `main` prints it as one line (exit 1). */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** What a journal holds: the identity of its run, then the realisations finished so far. */
export interface JournalContent {
  readonly identity: ShardIdentity;
  readonly records: RealisationRecord[];
  /** Bytes of its complete lines (what a reopened journal keeps). */
  readonly bytes: number;
}

/**
 * The journal kept next to an output file `F`: `F.journal`. Line 1 is `{"format", ...identity}`,
 * then one line per finished realisation `{"N","r","critical","updates"}` (`critical: null` for
 * `Infinity`, as in shard files), appended as they finish. Append-only: an interruption leaves every
 * finished line, at worst plus a cut last line without its newline, which reading drops.
 */
export function journalPath(out: string): string {
  return `${out}.journal`;
}

/**
 * Reads the journal at `path`: `undefined` when there is none, else its identity and records (a cut
 * last line is dropped). Throws a {@link JournalError} naming the file when it is not a dam journal
 * or a line is damaged.
 */
export function readJournal(path: string): JournalContent | undefined {
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
  if (lines.length === 0) return undefined; // cut before its header was complete: nothing kept
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(lines[0] as string) as Record<string, unknown>;
  } catch {
    throw damaged(1, 'not JSON');
  }
  if (header.format !== JOURNAL_FORMAT) {
    throw new JournalError(`${path}: not a dam journal of format ${JOURNAL_FORMAT} (format ${JSON.stringify(header.format) ?? 'missing'})`);
  }
  const { format: _, ...identity } = header;
  const records = lines.slice(1).map((line, i): RealisationRecord => {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw damaged(i + 2, 'not JSON');
    }
    const { N, r, critical, updates } = value;
    if (
      !Number.isSafeInteger(N) ||
      !Number.isSafeInteger(r) ||
      !Number.isSafeInteger(updates) ||
      !(critical === null || typeof critical === 'number')
    ) {
      throw damaged(i + 2, 'expected {"N","r","critical","updates"}');
    }
    return {
      N: N as number,
      realisation: r as number,
      critical: critical === null ? Number.POSITIVE_INFINITY : (critical as number),
      updates: updates as number,
    };
  });
  return { identity: identity as unknown as ShardIdentity, records, bytes };
}

/** Appends to a journal: created with its header line, or reopened after its last complete line. */
export class JournalWriter {
  private readonly fd: number;
  private lastSync = Number.NEGATIVE_INFINITY;
  /** Realisations in the journal (read plus appended). */
  count: number;

  private constructor(
    readonly path: string,
    fd: number,
    count: number,
  ) {
    this.fd = fd;
    this.count = count;
  }

  /**
   * Opens the journal at `path` for `identity`: a new file with its header, or — when `existing`
   * holds what was read from it — the same file for appending, after its complete lines (a cut last
   * line is truncated away).
   */
  static open(path: string, identity: ShardIdentity, existing: JournalContent | undefined): JournalWriter {
    return namingPath('journal', path, () => JournalWriter.create(path, identity, existing));
  }

  private static create(path: string, identity: ShardIdentity, existing: JournalContent | undefined): JournalWriter {
    if (existing !== undefined) {
      truncateSync(path, existing.bytes);
      return new JournalWriter(path, openSync(path, 'a'), existing.records.length);
    }
    makeDirectories(dirname(path));
    const writer = new JournalWriter(path, openSync(path, 'w'), 0);
    writer.write(`${JSON.stringify({ format: JOURNAL_FORMAT, ...identity })}\n`);
    writer.sync();
    return writer;
  }

  /** Appends one realisation (fsync'd at most every {@link SYNC_EVERY_MS}). */
  append(record: RealisationRecord): void {
    const critical = record.critical === Number.POSITIVE_INFINITY ? null : record.critical;
    this.write(`${JSON.stringify({ N: record.N, r: record.realisation, critical, updates: record.updates })}\n`);
    this.count += 1;
    if (performance.now() - this.lastSync >= SYNC_EVERY_MS) this.sync();
  }

  /** Flushes to disk. */
  sync(): void {
    fsyncSync(this.fd);
    this.lastSync = performance.now();
  }

  /** Flushes and closes; `remove` deletes the file (its run is complete). */
  close(remove = false): void {
    this.sync();
    closeSync(this.fd);
    if (remove) rmSync(this.path, { force: true });
  }

  private write(text: string): void {
    namingPath('journal', this.path, () => writeSync(this.fd, text));
  }
}
