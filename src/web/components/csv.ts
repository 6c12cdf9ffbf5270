/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break. A field that
 * a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with ' (OWASP's
 * CSV-injection advice): exported intelligence names are written by other members. A UTF-8 BOM lets
 * spreadsheets read Arabic text as UTF-8.
 */
export function toCsv(headers: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
    if (/^[=+\-@\t\r]/.test(s) && !(typeof v === 'number')) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    headers.map(cell).join(','),
    ...rows.map((r) => headers.map((h) => cell(r[h])).join(',')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
