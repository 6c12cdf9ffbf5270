/**
 * TAXII `date_added` values, with microsecond precision, always written with 6 fractional digits
 * ('2026-01-02T03:04:05.123456Z'), so text order (the SQL comparison) equals time order. An envelope's
 * values start after every stored one and are spaced per label (`spreadByLabel`, #19.2): they never decrease
 * with the store sequence, objects of different labels may share one, and a page never ends inside a group
 * of equal values (`endBeforeTie`), so `added_after = X-TAXII-Date-Added-Last` skips nothing.
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

/**
 * `formatMicros` of `n` consecutive instants from `from` (an envelope's date_added values): the date and time
 * to the second are formatted once per second crossed, not once per value.
 */
export function formatMicrosRun(from: number, n: number): string[] {
  const out: string[] = [];
  let second = NaN;
  let prefix = '';
  for (let us = from; us < from + n; us++) {
    const s = Math.floor(us / 1_000_000);
    if (s !== second) {
      second = s;
      prefix = new Date(s * 1000).toISOString().slice(0, 19);
    }
    out.push(`${prefix}.${String(us - s * 1_000_000).padStart(6, '0')}Z`);
  }
  return out;
}

/** A timestamp of any precision in the canonical 6-digit form (truncating: for stored values x, x > t ⇔ x > normalise(t)). */
export const normaliseDateAdded = (ts: string): string => formatMicros(toMicros(ts));

/**
 * The date_added spacing of one envelope (#19.2): each object's offset from the envelope's base value is its
 * index among the envelope's objects of the same label, so what a reader of one label reads (values and gaps)
 * does not depend on how many objects of other labels the envelope holds. Objects of different labels may
 * share a value (TAXII allows it). Returned in storing order, by offset then envelope order (stable), so
 * date_added never decreases with the store sequence that orders pages.
 */
export function spreadByLabel<T>(
  items: readonly T[],
  labelOf: (item: T) => string,
): { item: T; offset: number }[] {
  const counts = new Map<string, number>();
  const out = items.map((item, i) => {
    const label = labelOf(item);
    const offset = counts.get(label) ?? 0;
    counts.set(label, offset + 1);
    return { item, offset, i };
  });
  out.sort((x, y) => x.offset - y.offset || x.i - y.i);
  return out.map(({ item, offset }) => ({ item, offset }));
}

/**
 * A page cut before `following` (the first row of the next page) ends before the group of rows sharing
 * `following`'s date_added, so a reader resuming with `added_after` = the page's last date_added skips
 * none of them; unless the page is that group alone (its limit below the group's size: `next` is exact).
 */
export function endBeforeTie<T extends { date_added: string }>(page: T[], following: T): T[] {
  let n = page.length;
  while (n > 0 && page[n - 1].date_added === following.date_added) n--;
  return n > 0 ? page.slice(0, n) : page;
}

/**
 * Where an envelope may start after the latest stored value `last` (#19.2): the next whole millisecond, not
 * `last` + 1 µs, so an envelope that comes before the clock has passed the previous one's values is not
 * placed at a distance that counts the previous envelope's objects (up to 1,000 per label).
 */
export const startAfter = (last: string): number => (Math.floor(toMicros(last) / 1000) + 1) * 1000;
