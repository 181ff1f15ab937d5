import type { CriticalLambdaShardOptions, RealisationRecord, ShardIdentity } from '@dam/dynamics';
import { type JournalContent, JournalWriter } from './journal.js';
import { CRITICAL_RECORDS } from './journal-records.js';

/** The journal hooks of `criticalLambdaShard`. */
type JournalHooks = Pick<CriticalLambdaShardOptions, 'onStart' | 'onRealisation' | 'resume'>;

/**
 * The journal of one shard run at `path` (critical λs, `CRITICAL_RECORDS`), resumed from `existing`
 * when given: `hooks` go to `criticalLambdaShard` (the journal is opened once the run is known to
 * be the journal's, `onResume` being told first), then `finish()` removes it once the result is
 * kept, or `stop()` leaves it for the next run.
 */
export class ShardJournal {
  private writer: JournalWriter<RealisationRecord> | undefined;
  /** Realisations in the journal when it was closed. */
  private closedWith: number | undefined;
  readonly hooks: JournalHooks;

  constructor(
    readonly path: string,
    private readonly existing: JournalContent<RealisationRecord> | undefined,
    onResume: (done: number) => void,
  ) {
    this.hooks = {
      onStart: (identity) => {
        if (existing !== undefined) onResume(existing.records.length);
        this.writer = JournalWriter.open(path, identity, CRITICAL_RECORDS, existing);
      },
      onRealisation: (record) => this.writer?.append(record),
      resume: existing === undefined ? undefined : { identity: existing.header as unknown as ShardIdentity, records: existing.records },
    };
  }

  /** Realisations the journal holds. */
  get kept(): number {
    return this.writer?.count ?? this.closedWith ?? this.existing?.records.length ?? 0;
  }

  /** The run is complete and its result kept: the journal is removed. */
  finish(): void {
    this.close(true);
  }

  /** The run stopped: the journal is flushed and kept. */
  stop(): void {
    this.close(false);
  }

  private close(remove: boolean): void {
    if (this.writer === undefined) return;
    this.closedWith = this.writer.count;
    this.writer.close(remove);
    this.writer = undefined;
  }
}

/** Why `criticalLambdaShard` refused a journal's records (its `resume: …` RangeError), else `undefined`. */
export function resumeRefusal(error: unknown): string | undefined {
  return error instanceof RangeError && error.message.startsWith('resume: ') ? error.message.slice('resume: '.length) : undefined;
}
