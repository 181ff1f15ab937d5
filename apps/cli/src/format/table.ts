/** Significant digits of numbers in the human table. */
export const TABLE_DIGITS = 6;

/** Shown in a table cell for a value a row does not have. */
export const ABSENT_CELL = '-';

/** Spaces between table columns. */
const GAP = '  ';

/**
 * A number for humans: `digits` significant digits without trailing zeros (`0.0950247`, `5000`,
 * `5.6295e+14`), `∞` / `-∞` for infinities.
 */
export function formatNumber(x: number, digits = TABLE_DIGITS): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const [mantissa = '', exponent] = x.toPrecision(digits).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

/** The text of one table cell. */
function tableCell(value: unknown): string {
  if (value === undefined || value === null) return ABSENT_CELL;
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/**
 * Rows as an aligned text table ending in a newline: a header row with the column names, a rule of
 * dashes, then one line per row. Text columns are left-aligned, the others (numbers, booleans)
 * right-aligned; every cell is padded, so every line has the same width.
 */
export function formatTable<Row extends object, Key extends keyof Row & string>(rows: readonly Row[], columns: readonly Key[]): string {
  const cells = rows.map((row) => columns.map((column) => tableCell(row[column])));
  const widths = columns.map((column, j) => Math.max(column.length, ...cells.map((line) => (line[j] ?? '').length)));
  const leftAligned = columns.map((column) => rows.every((row) => typeof row[column] === 'string'));
  const render = (line: readonly string[]): string =>
    line
      .map((cell, j) => {
        const width = widths[j] ?? 0;
        return leftAligned[j] ? cell.padEnd(width) : cell.padStart(width);
      })
      .join(GAP);
  const rule = widths.map((width) => '-'.repeat(width)).join(GAP);
  return `${[render(columns), rule, ...cells.map(render)].join('\n')}\n`;
}
