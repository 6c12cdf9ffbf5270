import { microsOf, type Clock } from '../core/clock.js';
import { sha256Hex } from '../core/crypto.js';

/**
 * TAXII `date_added` values, with microsecond precision, always written with 6 fractional digits
 * ('2026-01-02T03:04:05.123456Z'), so text order (the SQL comparison) equals time order. An envelope's
 * values start at the clock's microsecond, after every stored one (`envelopeBase`), and are placed per label
 * in lanes (`placeByLane`, #19.2): they never decrease with the store sequence and no two objects of an
 * envelope share one, so `added_after = X-TAXII-Date-Added-Last` skips nothing at any `limit`. Rows stored
 * before (equal values per label across labels) are still never split by a page cut (`endBeforeTie`).
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
 * `formatMicros` of ascending instants (an envelope's date_added values): the date and time to the second
 * are formatted once per second crossed, not once per value.
 */
export function formatMicrosAscending(values: readonly number[]): string[] {
  const out: string[] = [];
  let second = NaN;
  let prefix = '';
  for (const us of values) {
    const s = Math.floor(us / 1_000_000);
    if (s !== second) {
      second = s;
      prefix = new Date(s * 1000).toISOString().slice(0, 19);
    }
    out.push(`${prefix}.${String(us - s * 1_000_000).padStart(6, '0')}Z`);
  }
  return out;
}

/** `formatMicros` of `n` consecutive instants from `from`. */
export const formatMicrosRun = (from: number, n: number): string[] =>
  formatMicrosAscending(Array.from({ length: n }, (_, i) => from + i));

/** A timestamp of any precision in the canonical 6-digit form (truncating: for stored values x, x > t ⇔ x > normalise(t)). */
export const normaliseDateAdded = (ts: string): string => formatMicros(toMicros(ts));

/**
 * Microseconds between an envelope's consecutive objects of one label, and the number of lanes (#19.2): the
 * k-th object of a label is placed at the envelope's base + k × stride + the label's lane, so every object
 * of an envelope has its own value (a reader of several labels never meets a tie, and `added_after` paging
 * is exact at every `limit`), while what a reader reads of one label (values and gaps) depends on that label
 * alone. 32 µs per object is less than storing an object takes (about 100 µs at 10,000 objects/s), so an
 * envelope's values are behind the clock when the next one is stored.
 */
export const DATE_ADDED_STRIDE = 32;

/** A label's home lane in [0, DATE_ADDED_STRIDE): a hash of its id alone, whatever else is stored. */
export const homeLane = (labelId: string): number =>
  parseInt(sha256Hex(labelId).slice(0, 8), 16) % DATE_ADDED_STRIDE;

/**
 * The date_added offsets of one envelope from its base (#19.2): object k of a label at k × stride + lane,
 * the lane being the label's home lane, or the next free one if a label with a smaller id of the same
 * envelope has it (a collision: the one place where another label changes a label's values, by up to 31 µs,
 * for 1 pair of labels in 32). More than 32 labels in one envelope widen the stride to the next multiple of
 * 32 for all of them. Returned in storing order, by offset (envelope order within a label), so date_added
 * never decreases with the store sequence that orders pages and each label keeps its order.
 */
export function placeByLane<T>(
  items: readonly T[],
  labelOf: (item: T) => string,
): { item: T; offset: number }[] {
  const labels = [...new Set(items.map(labelOf))].map((id) => ({ id, home: homeLane(id) }));
  labels.sort((a, b) => a.home - b.home || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const width = DATE_ADDED_STRIDE * Math.max(1, Math.ceil(labels.length / DATE_ADDED_STRIDE));
  const taken = new Set<number>();
  const laneOf = new Map<string, number>();
  for (const { id, home } of labels) {
    let lane = home;
    while (taken.has(lane)) lane = (lane + 1) % width;
    taken.add(lane);
    laneOf.set(id, lane);
  }
  const counts = new Map<string, number>();
  const out = items.map((item) => {
    const label = labelOf(item);
    const k = counts.get(label) ?? 0;
    counts.set(label, k + 1);
    return { item, offset: k * width + (laneOf.get(label) ?? 0) };
  });
  out.sort((x, y) => x.offset - y.offset);
  return out;
}

/**
 * A page cut before `following` (the first row of the next page) ends before the group of rows sharing
 * `following`'s date_added, so a reader resuming with `added_after` = the page's last date_added skips
 * none of them; unless the page is that group alone (its limit below the group's size: `next` is exact).
 * Values stored since the lanes (`placeByLane`) never tie; rows stored before them may (one value per
 * label's k-th object of an envelope, whatever the label).
 */
export function endBeforeTie<T extends { date_added: string }>(page: T[], following: T): T[] {
  let n = page.length;
  while (n > 0 && page[n - 1].date_added === following.date_added) n--;
  return n > 0 ? page.slice(0, n) : page;
}

/**
 * Where an envelope starts (#19.2): at the clock's microsecond `nowUs`, read under the record's lock, so an
 * envelope stored in between (hidden or not) moves nothing; only if the clock has not passed the latest
 * stored value `last` (a clock that stands still, as in tests, or one set back) at the next whole millisecond
 * after it, not `last` + 1 µs, so the distance counts none of the previous envelope's objects.
 */
export const envelopeBase = (nowUs: number, last: string | null | undefined): number =>
  last && nowUs <= toMicros(last) ? startAfter(last) : nowUs;

/** The next whole millisecond after `last`. */
export const startAfter = (last: string): number => (Math.floor(toMicros(last) / 1000) + 1) * 1000;

/** The longest wait for the clock in `baseAfter`: 100 ms, the values of 3,000 objects of one label. */
export const MAX_WAIT_US = 100_000;

/**
 * The base of an envelope (#19.2), read under the record's lock after the latest stored value `last`: the
 * clock's microsecond once it has passed `last`. If it has not (the previous envelope's values, 32 µs per
 * object, are still ahead of it: storing went faster than that, which no measured rate does), a clock that
 * moves by itself is waited for, so the previous envelope never pushes this one on; a clock that has not
 * moved since `startUs` (read when the request began: a test clock standing still) is not, nor a clock more
 * than `MAX_WAIT_US` behind (set back: the record's lock is not held that long), and the envelope starts at
 * the next whole millisecond (`envelopeBase`).
 */
export async function baseAfter(
  clock: Clock,
  last: string | null | undefined,
  startUs: number,
): Promise<number> {
  let now = microsOf(clock);
  if (last) {
    const lastUs = toMicros(last);
    for (
      let i = 0;
      i < 100 && now <= lastUs && now !== startUs && lastUs - now < MAX_WAIT_US;
      i++
    ) {
      await new Promise((r) => setTimeout(r, Math.ceil((lastUs - now + 1) / 1000)));
      now = microsOf(clock);
    }
  }
  return envelopeBase(now, last);
}
