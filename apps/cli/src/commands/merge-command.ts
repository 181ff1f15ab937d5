import { type CriticalLambdaSet, type CriticalLambdaShard, mergeCriticalLambdaShards, shardFromJson } from '@dam/dynamics';
import type { Command } from 'commander';
import { readTextFile } from '../files.js';
import { formatJson } from '../format/json.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../parse.js';
import { checkOutputFormat } from '../run-options.js';
import { simulateReport } from './simulate.js';
import { formatSimulateCsv, formatSimulateTable } from './simulate-command.js';

const HELP_AFTER = `
Reads the shard files written by 'dam simulate ... --shard k/n --out file' (all n of them, in any
order) and prints the report of the whole run — exactly what 'dam simulate' without --shard prints
for the same parameters and seed (table, --json or --csv). Refuses shards of different runs
(ensemble, alpha, sizes, samples, seed, protocol, package versions or backend), a missing or
repeated shard, and unreadable or truncated files, naming the file.

Example (after a Slurm job array wrote part-1.json ... part-8.json):
  $ dam merge part-*.json --json
`;

/** Reads and merges shard files into the `dam simulate` report (a UsageError naming the bad file). */
export function mergeShardFiles(files: readonly string[]) {
  const shards: CriticalLambdaShard[] = files.map((file) => {
    try {
      return shardFromJson(readTextFile(file), file);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
  });
  let set: CriticalLambdaSet;
  try {
    set = mergeCriticalLambdaShards(shards);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`cannot merge: ${error.message}`);
    throw error;
  }
  // The summary's own errors (a censored median) are failures of the run, not of the input.
  return simulateReport(set);
}

/** Adds `dam merge <files...>` to `program`. */
export function addMergeCommand(program: Command, io: CliIo): Command {
  return program
    .command('merge')
    .description('merge the shard files of a sharded dam simulate run into its report')
    .argument('<files...>', 'shard files (JSON) written by dam simulate --shard k/n --out file')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .addHelpText('after', HELP_AFTER)
    .action((files: string[], options: { json?: boolean; csv?: boolean }) => {
      checkOutputFormat(options);
      const report = mergeShardFiles(files);
      if (options.json === true) io.stdout(formatJson([report]));
      else if (options.csv === true) io.stdout(formatSimulateCsv(report));
      else io.stdout(formatSimulateTable(report));
    });
}
