/** Percentile of a sample (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmt = (n: number, digits = 2): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : String(n);

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Environment for a benchmarked node: no per-principal rate limits (a benchmark is one client at full speed). */
export const UNLIMITED = { TAHALUF_RATE_LIMIT_READS: '0', TAHALUF_RATE_LIMIT_WRITES: '0' };
