import { type CriticalLambdaShard, type Shard, shardRealisations, shardToJson } from '@dam/dynamics';
import { writeOutput } from '../files.js';
import type { CliIo } from '../io.js';
import { JournalError, journalPath, readJournal } from '../journal.js';
import { CRITICAL_RECORDS } from '../journal-records.js';
import type { RunControl } from '../run-control.js';
import { resumeRefusal, ShardJournal } from '../shard-journal.js';
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
  const [start, end] = shardRealisations(parameters.samples, shard);
  const total = (end - start) * parameters.Ns.length;
  const journal = new ShardJournal(path, readJournal(path, CRITICAL_RECORDS), (done) =>
    io.stderr(`resuming: ${done} of ${total} realisations done (${path})\n`),
  );
  try {
    const result = await simulateShard({ ...parameters, ...journal.hooks }, shard);
    writeOutput('--out', out, out, shardToJson(result));
    journal.finish();
    return result;
  } catch (error) {
    journal.stop();
    const refusal = resumeRefusal(error);
    if (refusal !== undefined) {
      throw new JournalError(`${path}: ${refusal}; delete it (its realisations are then computed again) or choose another --out`);
    }
    throw run.interrupted(error, `${journal.kept} of ${total} realisations kept in ${path}: run the same command to resume`);
  }
}
