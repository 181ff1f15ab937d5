import { Command, type CommanderError, Help, type Option } from 'commander';
import { addBackendsCommand } from './commands/backends-command.js';
import { addBasinsCommand } from './commands/basins-command.js';
import { addBenchCommand } from './commands/bench-command.js';
import { addMergeCommand } from './commands/merge-command.js';
import { addPhaseDiagramCommand } from './commands/phase-diagram-command.js';
import { addReproduceCommand } from './commands/reproduce-command.js';
import { addSimulateCommand } from './commands/simulate-command.js';
import { addThresholdsCommand } from './commands/thresholds-command.js';
import { type CliIo, processIo } from './io.js';
import { USAGE_EXIT_CODE, UsageError } from './parse.js';
import { INTERRUPTED_EXIT_CODE, InterruptedError } from './run-control.js';
import { commanderUsageMessage, oneLine, unknownCommandMessage } from './usage.js';
import { cliVersion } from './version.js';

/** Exit code of `dam` when the work itself fails (e.g. the theory cannot compute a value). */
export const FAILURE_EXIT_CODE = 1;

/** A commander exit (error, help or version) together with the command that raised it. */
class CommanderExit extends Error {
  constructor(
    readonly error: CommanderError,
    readonly command: Command,
  ) {
    super(error.message);
  }
}

/**
 * Sends `command`'s help and version to `io.stdout`, silences commander's own error output (its
 * errors and the help it prints on bad input; `main` prints one line instead) and makes exits throw.
 */
function configure(command: Command, io: CliIo): Command {
  return command
    .configureOutput({ writeOut: io.stdout, writeErr: () => {}, outputError: () => {} })
    .configureHelp({ optionDescription: describeOption })
    .showSuggestionAfterError(false)
    .exitOverride((error) => {
      throw new CommanderExit(error, command);
    });
}

/**
 * An option's help text: its description, which states its default where it has one (commander
 * would append `(default: …)` again), else commander's own text.
 */
function describeOption(option: Option): string {
  return option.description.includes('(default') ? option.description : new Help().optionDescription(option);
}

/**
 * The first flag given twice on the command line (`--alpha 0.1 --alpha 0.2`), or `undefined`: one
 * rule for every command — a list is one comma-separated value, a repeated flag is refused.
 */
export function repeatedFlag(args: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '--') break;
    if (!/^--?[A-Za-z]/.test(arg)) continue;
    const flag = arg.split('=')[0] as string;
    if (seen.has(flag)) return flag;
    seen.add(flag);
  }
  return undefined;
}

const HELP_AFTER = `
Commands print human tables by default, --json or --csv for scripts.
Lists are one comma-separated value (--N 20,25,30); a flag given twice is refused.
Exit codes: 0 success, 1 a value could not be computed or a file not written, 2 bad input (one
line on stderr), 130 / 143 stopped by Ctrl-C / SIGTERM (long runs say what was kept and resume).

Examples:
  $ dam reproduce all
  $ dam thresholds --all
  $ dam phase-diagram --ensemble gaussian --out fig3.png
  $ dam thresholds --ensemble gaussian --lambda 2 --alpha 0.1 --json
  $ dam simulate --ensemble spherical --alpha 0.2 --N 20,25,30
  $ dam simulate --ensemble spherical --alpha 0.2 --N 40,45,50 --shard 1/8 --out part-1.json
  $ dam merge part-*.json
  $ dam basins --alpha 0.2 --lambda 1 --N 30
  $ dam bench
  $ dam backends
  $ dam thresholds --help
  $ dam --version
`;

/** Builds the `dam` commander program writing to `io`; its errors throw instead of exiting the process. */
export function createProgram(io: CliIo = processIo): Command {
  const program = configure(new Command('dam'), io)
    .description('Exponential storage capacity of dense associative memories: thresholds, simulations and backends.')
    .version(cliVersion(), '-V, --version', 'print the version of dam (e.g. dam --version)')
    .helpOption('-h, --help', 'show help for a command (e.g. dam thresholds --help)')
    .helpCommand('help [command]', 'show help for a command (e.g. dam help thresholds)')
    .addHelpText('after', HELP_AFTER);
  configure(addReproduceCommand(program, io), io);
  configure(addThresholdsCommand(program, io), io);
  configure(addPhaseDiagramCommand(program, io), io);
  configure(addSimulateCommand(program, io), io);
  configure(addMergeCommand(program, io), io);
  configure(addBasinsCommand(program, io), io);
  configure(addBenchCommand(program, io), io);
  configure(addBackendsCommand(program, io), io);
  return program;
}

/**
 * Runs `dam` on `argv` (`process.argv` style: node, script, then arguments) and resolves to the
 * exit code: 0 on success, 2 on bad input, 1 on failure; errors are one line `dam: …` on `io.stderr`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = createProgram(io);
  const fail = (code: number, message: string): number => {
    io.stderr(`dam: ${oneLine(message)}\n`);
    return code;
  };
  if (argv.length <= 2) {
    io.stdout(program.helpInformation());
    return 0;
  }
  const repeated = repeatedFlag(argv.slice(2));
  if (repeated !== undefined) {
    return fail(USAGE_EXIT_CODE, `${repeated}: given twice; expected it once (a list is one comma-separated value, e.g. --N 20,25,30)`);
  }
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderExit) {
      if (error.error.exitCode === 0) return 0;
      // Commander's only error exit with help is `dam help <unknown command>`.
      if (error.error.code === 'commander.help') {
        return fail(USAGE_EXIT_CODE, unknownCommandMessage(error.command, argv[argv.indexOf('help', 2) + 1] ?? ''));
      }
      return fail(USAGE_EXIT_CODE, commanderUsageMessage(error.error, error.command));
    }
    if (error instanceof UsageError) return fail(USAGE_EXIT_CODE, error.message);
    if (error instanceof InterruptedError) return fail(error.exitCode, error.message);
    if (error instanceof Error && error.name === 'AbortError') {
      return fail(INTERRUPTED_EXIT_CODE, 'interrupted (Ctrl-C); nothing was written');
    }
    return fail(FAILURE_EXIT_CODE, error instanceof Error ? error.message : String(error));
  }
}
