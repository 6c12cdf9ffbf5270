/**
 * Calendar buckets for counts over time (the console's charts, #13.11): days, or ISO weeks starting on
 * Monday, all read at UTC so a count never moves between buckets with the reader's time zone.
 */
export type Interval = 'day' | 'week';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The bucket (its first day, YYYY-MM-DD) that a UTC day or ISO timestamp falls in. */
export function bucketOf(at: string, interval: Interval): string {
  const day = at.slice(0, 10);
  if (interval === 'day') return day;
  const ms = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dayOf(ms - weekday * DAY_MS);
}

/**
 * The `periods` buckets that end with the one holding `today`, oldest first, and the window they cover:
 * `from` (first day, inclusive) and `to` (last day, inclusive).
 */
export function bucketWindow(
  interval: Interval,
  periods: number,
  today: string,
): { starts: string[]; from: string; to: string } {
  const step = interval === 'day' ? 1 : 7;
  const last = Date.parse(`${bucketOf(today, interval)}T00:00:00Z`);
  const starts: string[] = [];
  for (let i = periods - 1; i >= 0; i--) starts.push(dayOf(last - i * step * DAY_MS));
  return { starts, from: starts[0], to: dayOf(last + (step - 1) * DAY_MS) };
}
