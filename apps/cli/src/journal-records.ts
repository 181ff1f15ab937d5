import type { BasinRecord, RealisationRecord } from '@dam/dynamics';
import type { RecordCodec } from './journal.js';

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

/** A realisation's critical λ: `{"N","r","critical","updates"}`, `critical: null` for `Infinity` (as in shard files). */
export const CRITICAL_RECORDS: RecordCodec<RealisationRecord> = {
  shape: '{"N","r","critical","updates"}',
  encode: (record) => ({
    N: record.N,
    r: record.realisation,
    critical: record.critical === Number.POSITIVE_INFINITY ? null : record.critical,
    updates: record.updates,
  }),
  decode: ({ N, r, critical, updates }) =>
    isInteger(N) && isInteger(r) && isInteger(updates) && (critical === null || typeof critical === 'number')
      ? { N, realisation: r, critical: critical ?? Number.POSITIVE_INFINITY, updates }
      : undefined,
};

const isFlags = (value: unknown): value is boolean[] => Array.isArray(value) && value.every((s) => typeof s === 'boolean');

/** A realisation's basin outcomes: `{"r","successes","oneStep","updates"}`, one flag per start angle in each list. */
export const BASIN_RECORDS: RecordCodec<BasinRecord> = {
  shape: '{"r","successes","oneStep","updates"}',
  encode: (record) => ({ r: record.realisation, successes: record.successes, oneStep: record.oneStep, updates: record.updates }),
  decode: ({ r, successes, oneStep, updates }) =>
    isInteger(r) && isInteger(updates) && isFlags(successes) && isFlags(oneStep)
      ? { realisation: r, successes, oneStep, updates }
      : undefined,
};
