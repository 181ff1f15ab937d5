import { describe, expect, it } from 'vitest';
import { THRESHOLD_COLUMNS, thresholdRows } from '../commands/thresholds.js';
import { presentColumns } from './columns.js';
import { formatNumber, formatTable } from './table.js';

describe('formatNumber', () => {
  it.each([
    [0.09502467278007508, '0.0950247'],
    [2.803835090389896, '2.80384'],
    [5000, '5000'],
    [100, '100'],
    [0, '0'],
    [0.5, '0.5'],
    [562949953421312.6, '5.6295e+14'],
    [1e-300, '1e-300'],
    [-1.5, '-1.5'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
  ])('%d → %s (6 significant digits, no trailing zeros)', (x, text) => {
    expect(formatNumber(x)).toBe(text);
  });
});

describe('formatTable', () => {
  const rows = [
    { name: 'spherical', x: 0.123456789, ok: true },
    { name: 'binary', x: Infinity, y: 12 },
  ];

  it('renders a header, a rule and one line per row, every line of the same width', () => {
    const text = formatTable(rows, ['name', 'x', 'y', 'ok']);
    expect(text).toBe(
      [
        'name              x   y    ok',
        '---------  --------  --  ----',
        'spherical  0.123457   -  true',
        'binary            ∞  12     -',
        '',
      ].join('\n'),
    );
  });

  it('aligns the columns of the real thresholds table (every ensemble, λ and α)', () => {
    const thresholds = thresholdRows({ ensembles: ['spherical', 'gaussian', 'binary'], lambdas: [0.1, 2, 100], alphas: [0, 0.3, 0.9] });
    const lines = formatTable(thresholds, presentColumns(thresholds, THRESHOLD_COLUMNS)).trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 27);
    const width = lines[0]?.length ?? 0;
    for (const line of lines) expect(line).toHaveLength(width);
    // The rule marks each column; every cell of every line ends (right-aligned) or starts where its column does.
    const rule = lines[1] ?? '';
    const columnEnds = [...rule.matchAll(/-+/g)].map((match) => (match.index ?? 0) + match[0].length);
    expect(columnEnds).toHaveLength(THRESHOLD_COLUMNS.length);
    for (const line of lines.slice(2)) {
      for (const end of columnEnds.slice(1)) {
        expect(line[end - 1]).not.toBe(' ');
        expect(line[end] ?? ' ').toBe(' ');
      }
    }
  });
});
