/** A CSV field: numbers in full precision with `inf`/`-inf`/`nan`, `true`/`false`, empty when absent, quoted when needed. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as CSV (RFC 4180, `\n` line ends): a header line with `columns`, then one line per row with
 * an empty field where a row has no value for a column.
 */
export function formatCsv<Row extends object, Key extends keyof Row & string>(rows: readonly Row[], columns: readonly Key[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\n')}\n`;
}
