import { parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import type { Registry } from '../registry/registry.js';
import { isKnownCode } from './cow-iso.js';
import { quoted } from '../core/quoted.js';

/**
 * One validation of obligation questions for the API and the CLI (they must never disagree).
 *
 * Dates: from 1815-01-01 (the start of ATOP's coverage; the hand-coded treaties begin in 1945) to today
 * plus FUTURE_MARGIN_DAYS. A date after today is answered as a projection (today's treaties and
 * memberships assumed unchanged; the answer's `coverage.note` says so); a date further ahead is refused,
 * because nothing known about it would make the answer more than a guess.
 */
export const FIRST_DAY = '1815-01-01';
export const FUTURE_MARGIN_DAYS = 31;

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The last day a question may ask about, given today. */
export const lastDay = (today: string): string => addDays(today, FUTURE_MARGIN_DAYS);

/** How a parameter is named where the user typed it: `query/attacked` in the API, `--attacker` in the CLI. */
export type FieldNamer = (
  name: 'attacked' | 'attacker' | 'place' | 'date' | 'a' | 'b' | 'state',
) => string;
export const apiField: FieldNamer = (name) => `query/${name}`;

export interface CheckContext {
  registry: Registry;
  /** Today (YYYY-MM-DD), from the node's clock. */
  today: string;
  field?: FieldNamer;
}

/** An upper-case ISO alpha-3 code (or a historical pseudo-code) known to the registry or the COW table. */
export function checkState(v: unknown, name: Parameters<FieldNamer>[0], ctx: CheckContext): string {
  const field = (ctx.field ?? apiField)(name);
  if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v))
    throw badInput(
      field,
      `${name} must be an upper-case ISO 3166-1 alpha-3 code, got '${quoted(v)}'`,
    );
  if (!ctx.registry.state(v) && !isKnownCode(v))
    throw badInput(field, `${name} '${v}' is not a known state code`);
  return v;
}

/** A real calendar date within [FIRST_DAY, today + FUTURE_MARGIN_DAYS]; default today. */
export function checkDate(v: unknown, ctx: CheckContext): string {
  const field = (ctx.field ?? apiField)('date');
  if (v === undefined) return ctx.today;
  const day = parseDay(v, field);
  if (day < FIRST_DAY)
    throw badInput(
      field,
      `date ${day} is before ${FIRST_DAY}: Tahaluf's treaty data (ATOP and the hand-coded treaties) start in 1815`,
    );
  const last = lastDay(ctx.today);
  if (day > last)
    throw badInput(
      field,
      `date ${day} is more than ${FUTURE_MARGIN_DAYS} days after today (${ctx.today}): obligations so far ahead would be a guess, not an answer`,
    );
  return day;
}

export interface AttackedQuestion {
  attacked: string;
  date: string;
  attacker: string | null;
  place: string | null;
}

/** The "X attacked on D [by A] [in P]" question, checked field by field. */
export function checkAttackedQuestion(
  q: { attacked?: unknown; date?: unknown; attacker?: unknown; place?: unknown },
  ctx: CheckContext,
): AttackedQuestion {
  const field = ctx.field ?? apiField;
  const attacked = checkState(q.attacked, 'attacked', ctx);
  const date = checkDate(q.date, ctx);
  const attacker =
    q.attacker === undefined || q.attacker === null
      ? null
      : checkState(q.attacker, 'attacker', ctx);
  if (attacker === attacked)
    throw badInput(field('attacker'), 'attacker must differ from attacked');
  const place =
    q.place === undefined || q.place === null ? null : checkState(q.place, 'place', ctx);
  return { attacked, date, attacker, place };
}
