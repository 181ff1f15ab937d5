/** Replaces non-finite numbers (which `JSON` cannot represent) by `null`; everything else unchanged. */
function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/**
 * Rows as pretty-printed JSON ending in a newline: a single row as one object, several as an array.
 * Numbers keep full precision (shortest round-trip form); `±Infinity` and `NaN` become `null`.
 */
export function formatJson(rows: readonly object[]): string {
  const body = rows.length === 1 ? rows[0] : rows;
  return `${JSON.stringify(body, finiteOrNull, 2)}\n`;
}
