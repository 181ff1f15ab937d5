/**
 * `@dam/cli`: the `dam` command, and the pieces it is built from for programs and tests.
 * @packageDocumentation
 */
export { DEFAULT_LAMBDAS, THRESHOLD_COLUMNS, type ThresholdQuery, type ThresholdRow, thresholdRows } from './commands/thresholds.js';
export { addThresholdsCommand } from './commands/thresholds-command.js';
export { presentColumns } from './format/columns.js';
export { csvField, formatCsv } from './format/csv.js';
export { formatJson } from './format/json.js';
export { ABSENT_CELL, formatNumber, formatTable, TABLE_DIGITS } from './format/table.js';
export { type BufferedIo, bufferedIo, type CliIo, processIo } from './io.js';
export {
  ALL_ENSEMBLES,
  ALPHA_EXPECTED,
  LAMBDA_EXPECTED,
  notAllowed,
  parseAlphaList,
  parseEnsemble,
  parseLambdaList,
  parseNumberList,
  USAGE_EXIT_CODE,
  UsageError,
} from './parse.js';
export { createProgram, FAILURE_EXIT_CODE, main } from './program.js';
export { cliVersion } from './version.js';
