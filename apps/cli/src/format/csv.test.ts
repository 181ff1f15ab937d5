import { describe, expect, it } from 'vitest';
import { thresholdRows } from '../commands/thresholds.js';
import { csvField, formatCsv } from './csv.js';

describe('csvField', () => {
  it('prints numbers in full precision, infinities as inf, absent values as empty fields', () => {
    expect(csvField(0.1732867951399863)).toBe('0.1732867951399863');
    expect(csvField(Infinity)).toBe('inf');
    expect(csvField(-Infinity)).toBe('-inf');
    expect(csvField(undefined)).toBe('');
    expect(csvField(false)).toBe('false');
  });

  it('quotes text with commas, quotes or line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });
});

describe('formatCsv', () => {
  it('has a header with the columns and a line per row, numbers round-tripping exactly', () => {
    const rows = thresholdRows({ ensembles: ['gaussian'], lambdas: [0.5, 2], alphas: [0.1, 0.6] });
    const columns = ['ensemble', 'lambda', 'alpha', 'alpha1', 'lambdaC', 'cosThetaC', 'retrieved'] as const;
    const lines = formatCsv(rows, columns).split('\n');
    expect(lines[0]).toBe(columns.join(','));
    expect(lines).toHaveLength(1 + rows.length + 1);
    expect(lines.at(-1)).toBe('');
    rows.forEach((row, i) => {
      const fields = (lines[i + 1] ?? '').split(',');
      expect(fields).toHaveLength(columns.length);
      expect(fields[0]).toBe('gaussian');
      expect(Number(fields[3])).toBe(row.alpha1);
      expect(fields[4]).toBe(row.lambdaC === Infinity ? 'inf' : String(row.lambdaC));
      expect(fields[5]).toBe(row.cosThetaC === undefined ? '' : String(row.cosThetaC));
      expect(fields[6]).toBe(String(row.retrieved));
    });
    expect(lines[2]).toMatch(/^gaussian,0\.5,0\.6,0\.375,inf,,false$/);
  });
});
