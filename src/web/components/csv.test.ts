import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, keeps Arabic, starts with a BOM and ends lines with CRLF', () => {
    const csv = toCsv(
      ['id', 'name'],
      [
        { id: 1, name: 'a, "b"' },
        { id: 2, name: 'قطر\nline' },
        { id: 3, name: null },
      ],
    );
    expect(csv).toBe('\uFEFFid,name\r\n1,"a, ""b"""\r\n2,"قطر\nline"\r\n3,\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas, but not negative numbers', () => {
    const csv = toCsv(['x'], [{ x: '=HYPERLINK("http://x")' }, { x: '@SUM(A1)' }, { x: -3 }]);
    expect(csv.split('\r\n').slice(1, 4)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      "'@SUM(A1)",
      '-3',
    ]);
  });
});
