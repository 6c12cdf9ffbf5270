/**
 * TAXII `date_added` values. Every stored object version gets its own, strictly increasing value with
 * microsecond precision, always written with 6 fractional digits ('2026-01-02T03:04:05.123456Z'), so
 * text order (the SQL comparison) equals time order and `added_after = X-TAXII-Date-Added-Last` never
 * skips an object added in the same batch or millisecond.
 */

/** Microseconds since the epoch of an RFC 3339 UTC timestamp of any fractional precision (extra digits truncated). */
export function toMicros(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(ts);
  if (!m) throw new Error(`not a UTC timestamp: ${ts}`);
  const secondsMs = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(secondsMs)) throw new Error(`not a UTC timestamp: ${ts}`);
  const frac = Number(((m[2] ?? '') + '000000').slice(0, 6));
  return secondsMs * 1000 + frac;
}

/** The canonical 6-digit form of a microsecond instant. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}

/** A timestamp of any precision in the canonical 6-digit form (truncating: for stored values x, x > t ⇔ x > normalise(t)). */
export const normaliseDateAdded = (ts: string): string => formatMicros(toMicros(ts));
