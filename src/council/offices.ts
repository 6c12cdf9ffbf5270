import { refused } from '../core/errors.js';
import type { Source } from '../registry/model.js';
import type { ChairDecline, ChairSpec, RotationOrder, SecretaryGeneralSpec } from './model.js';

/**
 * Offices as pure functions of the charter, the membership on each date and the recorded acts
 * (declines, appointments): who chairs, who is secretary-general, on any date.
 */

/** Arabic alphabetical key: the article ال and hamza forms of alif are ignored, diacritics dropped. */
export function arabicSortKey(name: string): string {
  return name
    .trim()
    .replace(/[\u064B-\u0652\u0640]/g, '')
    .replace(/^ال/, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ى/g, 'ي');
}

export function sortKey(order: RotationOrder, name: string): string {
  return order === 'alpha-ar' ? arabicSortKey(name) : name.trim().toLowerCase();
}

/** Members in the charter's order. */
export function rotationOrder(
  members: string[],
  order: RotationOrder,
  nameOf: (iso3: string) => string,
): string[] {
  const key = (m: string) => sortKey(order, nameOf(m));
  return [...members].sort((a, b) => {
    const ka = key(a),
      kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : 1;
  });
}

/** Adds whole months to a YYYY-MM-DD date (day clamped to the month's end). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12),
    nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface ChairTerm {
  from: string;
  to: string;
  /** Whose turn it was by the order. */
  inLine: string;
  holder: string;
  declined: { member: string; substitute?: string }[];
  /**
   * Declines recorded for this term by a member that, after an earlier decline shifted the rotation, is no
   * longer in line for it: kept and shown (never silently dropped); they change nothing, as that member
   * does not hold this term anyway. Present only when non-empty.
   */
  lapsed?: { member: string; substitute?: string }[];
  /** True when the term is after the charter's recorded history: what the rule gives, not a fact. */
  projected: boolean;
  /** The holder on record for this term (charter data `held`), with its sources. */
  record?: { member: string; note?: string; sources: Source[] };
}

export interface RotationInput {
  spec: ChairSpec;
  /** Active members on a day. */
  membersOn(day: string): string[];
  nameOf(iso3: string): string;
  /** Declines recorded as acts, in addition to the charter's historical ones. */
  declines: Pick<ChairDecline, 'termFrom' | 'member' | 'substitute'>[];
}

/** Terms from the anchor up to (and including) the term containing `until`. */
export function chairTerms(input: RotationInput, until: string): ChairTerm[] {
  const { spec } = input;
  const declines = [...spec.declines, ...input.declines];
  const terms: ChairTerm[] = [];
  let pointer: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const from = addMonths(spec.anchor.from, i * spec.termMonths);
    if (from > until) break;
    const to = addMonths(spec.anchor.from, (i + 1) * spec.termMonths);
    const order = rotationOrder(input.membersOn(from), spec.order, (iso3) => input.nameOf(iso3));
    if (order.length === 0) break;
    const nextAfter = (m: string): string => {
      const idx = order.indexOf(m);
      if (idx >= 0) return order[(idx + 1) % order.length];
      const k = sortKey(spec.order, input.nameOf(m));
      return order.find((o) => sortKey(spec.order, input.nameOf(o)) > k) ?? order[0];
    };
    let candidate: string =
      pointer === null
        ? order.includes(spec.anchor.firstInLine)
          ? spec.anchor.firstInLine
          : nextAfter(spec.anchor.firstInLine)
        : nextAfter(pointer);
    const inLine = candidate;
    const declined: ChairTerm['declined'] = [];
    let holder: string | null = null;
    for (let guard = 0; guard < order.length; guard++) {
      const d = declines.find((x) => x.termFrom === from && x.member === candidate);
      if (!d) {
        holder = candidate;
        pointer = candidate;
        break;
      }
      declined.push(
        d.substitute ? { member: d.member, substitute: d.substitute } : { member: d.member },
      );
      pointer = candidate;
      if (d.substitute) {
        // A substitute out of turn holds the term; the order resumes after the member that declined.
        holder = d.substitute;
        break;
      }
      candidate = nextAfter(candidate);
    }
    // A holder on record wins over the rule; the order still resumes after the member in line.
    const onRecord = spec.held?.find((h) => h.termFrom === from);
    if (onRecord) holder = onRecord.member;
    const projected = !onRecord && spec.recordedUntil !== undefined && from >= spec.recordedUntil;
    const lapsed = declines
      .filter((x) => x.termFrom === from && !declined.some((d) => d.member === x.member))
      .map((x) =>
        x.substitute ? { member: x.member, substitute: x.substitute } : { member: x.member },
      );
    terms.push({
      from,
      to,
      inLine,
      holder: holder ?? inLine,
      declined,
      ...(lapsed.length ? { lapsed } : {}),
      projected,
      ...(onRecord
        ? {
            record: {
              member: onRecord.member,
              ...(onRecord.note ? { note: onRecord.note } : {}),
              sources: onRecord.sources,
            },
          }
        : {}),
    });
  }
  return terms;
}

export function chairOn(input: RotationInput, day: string): ChairTerm | null {
  if (day < input.spec.anchor.from) return null;
  return chairTerms(input, day).find((t) => t.from <= day && day < t.to) ?? null;
}

export interface Appointment {
  /** The adopting procedure, or `record:<charter>:<from>` for a holder on record in the charter data. */
  procedureId: string;
  person: string;
  nationality: string;
  from: string;
  /** Holders on record (charter data) carry their sources, and a note when a detail is unverified. */
  sources?: Source[];
  unverified?: string;
}

/** Holders on record in the charter data, as appointments. */
export function recordedAppointments(charterId: string, spec: SecretaryGeneralSpec): Appointment[] {
  return (spec.appointments ?? []).map((a) => ({
    procedureId: `record:${charterId}:${a.from}`,
    person: a.person,
    nationality: a.nationality,
    from: a.from,
    sources: a.sources,
    ...(a.unverified ? { unverified: a.unverified } : {}),
  }));
}

export interface SecretaryGeneralTerm extends Appointment {
  to: string;
  termNumber: number;
}

/** Terms of secretaries-general from adopted appointments, each numbered for its person. */
export function secretaryGeneralTerms(
  spec: SecretaryGeneralSpec,
  appointments: Appointment[],
): SecretaryGeneralTerm[] {
  const sorted = [...appointments].sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : a.procedureId < b.procedureId ? -1 : 1,
  );
  const count = new Map<string, number>();
  return sorted.map((a) => {
    const n = (count.get(a.person) ?? 0) + 1;
    count.set(a.person, n);
    return { ...a, to: addMonths(a.from, spec.termYears * 12), termNumber: n };
  });
}

export function secretaryGeneralOn(
  spec: SecretaryGeneralSpec,
  appointments: Appointment[],
  day: string,
): SecretaryGeneralTerm | null {
  const terms = secretaryGeneralTerms(spec, appointments).filter(
    (t) => t.from <= day && day < t.to,
  );
  return terms.at(-1) ?? null;
}

/** Refuses an appointment that would exceed the term limit or name a non-member national. */
export function checkAppointment(
  spec: SecretaryGeneralSpec,
  prior: Appointment[],
  next: Omit<Appointment, 'procedureId'>,
  isMember: (iso3: string) => boolean,
): void {
  if (spec.nationality === 'member' && !isMember(next.nationality))
    throw refused(
      'not_a_member_national',
      `the secretary-general must be a national of a member state; ${next.nationality} is not a member`,
      'appointment.nationality',
    ).withDetail({ member: next.nationality });
  const served = prior.filter((a) => a.person === next.person).length;
  if (spec.maxTerms !== null && served >= spec.maxTerms)
    throw refused(
      'term_limit',
      `${next.person} has already served ${served} term(s); the charter allows at most ${spec.maxTerms}`,
      'appointment.person',
    ).withDetail({ person: next.person, served, max: spec.maxTerms });
}
