import { ENSEMBLE_NAMES, type EnsembleName } from '@dam/ensembles';
import type { CriticalLambdaPoint, CriticalLambdaShard, CrossoverRun } from './critical-lambdas.js';
import { checkShard } from './shard.js';

/** The `format` field of a shard file. */
export const SHARD_FORMAT = 'dam/critical-lambdas@1';

/**
 * A shard as JSON text (one document, ending in a newline): the fields of {@link CriticalLambdaShard}
 * plus `format`; a critical λ censored above the λ range (`Infinity`, which JSON lacks) is `null`.
 */
export function shardToJson(shard: CriticalLambdaShard): string {
  const document = {
    format: SHARD_FORMAT,
    ...shard,
    points: shard.points.map((point) => ({
      ...point,
      criticalLambdas: point.criticalLambdas.map((value) => (value === Number.POSITIVE_INFINITY ? null : value)),
    })),
  };
  return `${JSON.stringify(document)}\n`;
}

/** A RangeError about a shard document, naming where it came from. */
function invalid(source: string, problem: string): RangeError {
  return new RangeError(`${source}: ${problem}`);
}

function field<T>(source: string, object: unknown, path: string, accept: (value: unknown) => boolean, expected: string): T {
  let value: unknown = object;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[key];
  if (!accept(value))
    throw invalid(source, `not a dam shard file: ${path} should be ${expected}, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value as T;
}

const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isInteger = (value: unknown): boolean => Number.isSafeInteger(value);
const isNumberArray = (value: unknown): boolean => Array.isArray(value) && value.every(isNumber);

/**
 * Reads a shard written by {@link shardToJson}. `source` (e.g. the file name) starts every error
 * message. Throws a RangeError for text that is not JSON (e.g. a truncated file), for a document of
 * another format, and for missing or malformed fields.
 */
export function shardFromJson(text: string, source = 'shard'): CriticalLambdaShard {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(source, `not valid JSON (${text.trim() === '' ? 'empty' : 'truncated or corrupted?'}: ${reason})`);
  }
  const format = (document as { format?: unknown } | null)?.format;
  if (format !== SHARD_FORMAT) {
    throw invalid(
      source,
      `not a dam shard file (format ${JSON.stringify(format) ?? 'missing'}, expected "${SHARD_FORMAT}"; write one with dam simulate --shard k/n --out file)`,
    );
  }
  const f = <T>(path: string, accept: (value: unknown) => boolean, expected: string): T =>
    field<T>(source, document, path, accept, expected);
  const run: CrossoverRun = {
    ensemble: f<EnsembleName>('run.ensemble', (v) => ENSEMBLE_NAMES.includes(v as EnsembleName), `one of ${ENSEMBLE_NAMES.join(', ')}`),
    alpha: f('run.alpha', (v) => isNumber(v) && (v as number) > 0, 'a positive number'),
    Ns: f(
      'run.Ns',
      (v) => Array.isArray(v) && v.length > 0 && v.every((N) => isInteger(N) && (N as number) >= 1),
      'a list of positive integers',
    ),
    samples: f('run.samples', (v) => isInteger(v) && (v as number) >= 1, 'a positive integer'),
    seed: f('run.seed', isInteger, 'an integer'),
    lambdaRange: f('run.lambdaRange', (v) => isNumberArray(v) && (v as unknown[]).length === 2, 'a pair of numbers'),
    tolerance: f('run.tolerance', isNumber, 'a number'),
    bootstrap: f('run.bootstrap', isInteger, 'an integer'),
    maxSteps: f('run.maxSteps', isInteger, 'an integer'),
    epsilon: f('run.epsilon', isNumber, 'a number'),
  };
  const patterns = (document as { run?: { patterns?: unknown } }).run?.patterns;
  if (patterns !== undefined) {
    const explicitPatterns = f<number>('run.patterns.explicitPatterns', isInteger, 'an integer');
    f('run.patterns.mode', (v) => v === 'order-statistics', '"order-statistics"');
    Object.assign(run, { patterns: { mode: 'order-statistics', explicitPatterns } });
  }
  let shard: CriticalLambdaShard['shard'];
  try {
    shard = checkShard(f('shard', (v) => typeof v === 'object' && v !== null, 'an object {index, count}'));
  } catch (error) {
    throw invalid(source, error instanceof Error ? error.message : String(error));
  }
  const realisations = f<[number, number]>(
    'realisations',
    (v) => Array.isArray(v) && v.length === 2 && v.every(isInteger),
    'a pair of integers',
  );
  const points = f<unknown[]>('points', Array.isArray, 'a list').map((point, i): CriticalLambdaPoint => {
    const p = <T>(key: string, accept: (value: unknown) => boolean, expected: string): T =>
      field<T>(source, point, key, accept, `${expected} (in points[${i}])`);
    const criticalLambdas = p<(number | null)[]>(
      'criticalLambdas',
      (v) => Array.isArray(v) && v.every((x) => x === null || isNumber(x)),
      'a list of numbers or null',
    );
    return {
      N: p('N', isInteger, 'an integer'),
      // P = round(e^{αN}) is an integer-valued double, beyond 2^53 in order-statistics mode.
      P: p('P', (v) => isNumber(v) && Number.isInteger(v), 'an integer'),
      criticalLambdas: criticalLambdas.map((value) => (value === null ? Number.POSITIVE_INFINITY : value)),
      updates: p('updates', isNumber, 'a number'),
    };
  });
  return {
    run,
    shard,
    realisations,
    backend: f('backend', (v) => typeof v === 'string', 'a string'),
    version: f('version', (v) => typeof v === 'string', 'a string'),
    points,
  };
}
