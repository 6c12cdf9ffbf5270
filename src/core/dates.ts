import { badInput } from './errors.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a calendar date `YYYY-MM-DD`, rejecting impossible dates (2025-02-30) with an error naming the field. */
export function parseDay(value: unknown, field: string): string {
  const notADate = (message: string) =>
    badInput(field, message).withDetail({ format: 'date' }, 'validation.format');
  if (typeof value !== 'string') throw notADate(`${field} must be a date YYYY-MM-DD`);
  const m = DAY.exec(value);
  if (!m) throw notADate(`${field} must be a date YYYY-MM-DD, got '${value}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d)
    throw notADate(`${field} '${value}' is not a real calendar date`);
  return value;
}

export const isValidDay = (value: string): boolean => {
  try {
    parseDay(value, 'date');
    return true;
  } catch {
    return false;
  }
};

/** Today's date (UTC) as YYYY-MM-DD from a clock time. */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

/** Half-open interval test on YYYY-MM-DD strings: from <= day < to (to null = open). Lexical order is date order. */
export const dayInRange = (day: string, from: string | null, to: string | null): boolean =>
  (from === null || from <= day) && (to === null || day < to);
