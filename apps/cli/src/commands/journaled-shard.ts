import {
  type CriticalLambdaShard,
  type RealisationRecord,
  type Shard,
  type ShardIdentity,
  shardRealisations,
  shardToJson,
} from '@dam/dynamics';
import { writeOutput } from '../files.js';
import type { CliIo } from '../io.js';
import { JournalError, JournalWriter, journalPath, readJournal } from '../journal.js';
import { CRITICAL_RECORDS } from '../journal-records.js';
import type { RunControl } from '../run-control.js';
import { type SimulateParameters, simulateShard } from './simulate.js';

/**
 * Runs shard `shard` into the file `out` with a journal beside it (`out.journal`, see `journal.ts`):
 * each finished realisation is appended as it finishes; the same command run again resumes from it
 * (saying so on stderr) and writes the shard an uninterrupted run writes; the journal is removed
 * once `out` is written. A journal of another run is refused with one line naming it; after SIGINT
 * or SIGTERM the error says how many realisations were kept and how to resume.
 */
export async function journaledShard(
  io: CliIo,
  run: RunControl,
  parameters: SimulateParameters,
  shard: Shard,
  out: string,
): Promise<CriticalLambdaShard> {
  const path = journalPath(out);
  const existing = readJournal(path, CRITICAL_RECORDS);
  const [start, end] = shardRealisations(parameters.samples, shard);
  const total = (end - start) * parameters.Ns.length;
  let writer: JournalWriter<RealisationRecord> | undefined;
  try {
    const result = await simulateShard(
      {
        ...parameters,
        // Called once the journal's run is known to be this one.
        onStart: (identity) => {
          if (existing !== undefined) io.stderr(`resuming: ${existing.records.length} of ${total} realisations done (${path})\n`);
          writer = JournalWriter.open(path, identity, CRITICAL_RECORDS, existing);
        },
        onRealisation: (record) => writer?.append(record),
        resume: existing === undefined ? undefined : { identity: existing.header as unknown as ShardIdentity, records: existing.records },
      },
      shard,
    );
    writeOutput('--out', out, out, shardToJson(result));
    writer?.close(true);
    writer = undefined;
    return result;
  } catch (error) {
    writer?.close();
    if (error instanceof RangeError && error.message.startsWith('resume: ')) {
      throw new JournalError(
        `${path}: ${error.message.slice('resume: '.length)}; delete it (its realisations are then computed again) or choose another --out`,
      );
    }
    const kept = writer?.count ?? existing?.records.length ?? 0;
    throw run.interrupted(error, `${kept} of ${total} realisations kept in ${path}: run the same command to resume`);
  }
}
