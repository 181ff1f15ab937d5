import type { Command, CommanderError } from 'commander';
import { expectedValue } from './options.js';

/** `dam thresholds` for the thresholds subcommand: the names from the root down to `command`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** The first `'quoted'` word of a commander message (the flag or command it is about). */
function quoted(message: string): string | undefined {
  return /'([^']*)'/.exec(message)?.[1];
}

/** Long flags (or short ones when there is no long one) of `command`, including help and version. */
function flagsOf(command: Command): string[] {
  return command
    .createHelp()
    .visibleOptions(command)
    .map((option) => option.long ?? option.short ?? option.flags);
}

/** Collapses a message onto one line. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** The one-line reason for `word`, which is not a subcommand of `command`. */
export function unknownCommandMessage(command: Command, word: string): string {
  const names = command
    .createHelp()
    .visibleCommands(command)
    .map((sub) => sub.name());
  return `${JSON.stringify(word)} is not a command of ${commandPath(command)}; expected one of ${names.join(', ')}`;
}

/**
 * Rewrites an error commander raised while parsing `command` as a one-line reason (without the
 * `dam: ` prefix) naming the flag or word, the value and what is allowed.
 */
export function commanderUsageMessage(error: CommanderError, command: Command): string {
  const path = commandPath(command);
  const word = quoted(error.message);
  switch (error.code) {
    case 'commander.unknownOption':
      return `${JSON.stringify(word ?? '')} is not an option of ${path}; expected one of ${flagsOf(command).join(', ')}`;
    case 'commander.unknownCommand':
      return unknownCommandMessage(command, word ?? '');
    case 'commander.excessArguments': {
      const extra = command.args[command.registeredArguments.length] ?? '';
      return `${JSON.stringify(extra)} is not allowed after ${path}; expected only options (see ${path} --help)`;
    }
    case 'commander.optionMissingArgument': {
      const option = command.options.find((candidate) => candidate.flags === word);
      const flag = option?.long ?? word ?? 'option';
      const expected = option === undefined ? undefined : expectedValue(option);
      return `${flag}: a value is required; expected ${expected ?? 'a value'}`;
    }
    default:
      return oneLine(error.message.replace(/^error: /, ''));
  }
}
