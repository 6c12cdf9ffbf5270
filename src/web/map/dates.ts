import { today, type Alliance } from '../api.js';

export const isDay = (s: string | undefined | null): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);
export const dayBefore = (d: string): string =>
  new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The date to show when switching to an alliance: keep the chosen one while the alliance existed then;
 * an ended alliance opens on its last day, another one on today.
 */
export function dateFor(
  a: Pick<Alliance, 'founded' | 'ended'>,
  chosen: string | null,
  now: string = today(),
): string | null {
  const day = chosen ?? now;
  if (a.ended)
    return day >= a.ended || (a.founded && day < a.founded) ? dayBefore(a.ended) : chosen;
  if (a.founded && day < a.founded) return null;
  return chosen;
}
