import { parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { isIso3 } from '../core/ids.js';
import { fieldsOf, isOneOf } from '../core/objects.js';
import type { Registry } from '../registry/registry.js';
import { blockingCaveat } from './caveat-rules.js';
import type { Catalogue } from './catalogue.js';
import {
  SCENARIOS,
  type Exercise,
  type InteropFinding,
  type Pledge,
  type UnitRef,
} from './model.js';
import { parsePlace } from './pledge-rules.js';

/** What a planner submits: the exercise's own fields, before it has an id, status or consents. */
export type ExerciseInput = Pick<
  Exercise,
  | 'allianceId'
  | 'title'
  | 'aim'
  | 'scenario'
  | 'participants'
  | 'hosts'
  | 'area'
  | 'from'
  | 'to'
  | 'units'
> & {
  illustrative: boolean;
};

const text = (v: unknown, field: string, max: number): string => {
  if (typeof v !== 'string' || !v.trim() || v.length > max)
    throw badInput(field, `${field} must be a non-empty string of at most ${max} characters`);
  return v.trim();
};

function stateList(v: unknown, field: string, registry: Registry): string[] {
  if (!Array.isArray(v) || !v.length)
    throw badInput(field, `${field} must list at least one state (ISO 3166 alpha-3)`);
  return [
    ...new Set(
      v.map((s, i) => {
        if (!isIso3(s) || !registry.state(s))
          throw badInput(`${field}/${i}`, `${field}/${i}: unknown state '${String(s)}'`);
        return s;
      }),
    ),
  ];
}

export function parseExerciseInput(body: unknown, registry: Registry): ExerciseInput {
  if (!body || typeof body !== 'object') throw badInput('body', 'body must be an object');
  const o = fieldsOf(body);
  if (typeof o.allianceId !== 'string' || !registry.alliance(o.allianceId))
    throw badInput(
      'body/allianceId',
      `body/allianceId: unknown alliance '${String(o.allianceId)}'`,
    );
  const scenario = o.scenario;
  if (!isOneOf(SCENARIOS, scenario))
    throw badInput('body/scenario', `body/scenario must be one of ${SCENARIOS.join(', ')}`);
  const from = parseDay(o.from, 'body/from');
  const to = parseDay(o.to, 'body/to');
  if (to < from) throw badInput('body/to', 'body/to must not be before /from');
  if (!Array.isArray(o.units))
    throw badInput('body/units', 'body/units must be a list of {pledgeId, unitId}');
  const units = o.units.map((u, i): UnitRef => {
    const uo = fieldsOf(u);
    if (typeof uo.pledgeId !== 'string' || !uo.pledgeId)
      throw badInput(`body/units/${i}/pledgeId`, `body/units/${i}/pledgeId must be a pledge id`);
    if (typeof uo.unitId !== 'string' || !uo.unitId)
      throw badInput(`body/units/${i}/unitId`, `body/units/${i}/unitId must be a unit id`);
    return { pledgeId: uo.pledgeId, unitId: uo.unitId };
  });
  units.forEach((u, i) => {
    const j = units.findIndex((x) => x.pledgeId === u.pledgeId && x.unitId === u.unitId);
    if (j !== i) throw badInput(`body/units/${i}`, `body/units/${i} repeats /units/${j}`);
  });
  return {
    allianceId: o.allianceId,
    title: text(o.title, 'body/title', 300),
    aim: text(o.aim, 'body/aim', 2000),
    scenario,
    participants: stateList(o.participants, 'body/participants', registry),
    hosts: stateList(o.hosts, 'body/hosts', registry),
    area: parsePlace(o.area, 'body/area'),
    from,
    to,
    units,
    illustrative: o.illustrative === true,
  };
}

/** Inclusive day ranges overlap. */
export const daysOverlap = (aFrom: string, aTo: string, bFrom: string, bTo: string): boolean =>
  aFrom <= bTo && bFrom <= aTo;

export interface Conflict {
  code:
    | 'unit_double_booked'
    | 'readiness_not_met'
    | 'host_consent_missing'
    | 'unit_unavailable'
    | 'unit_not_participant'
    | 'unit_not_own'
    | 'caveat_forbids'
    | 'unknown_unit';
  severity: 'error' | 'warning';
  message: string;
  field?: string;
  unit?: string;
  /** The values of the message, for a console's reader's-language text (`problem.<code>`). */
  params?: Record<string, string>;
}

const dayDiff = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Conflicts of an exercise (planned or proposed) against pledges, other exercises and today's date:
 * a unit in two places, readiness not met by the start, host-nation consent missing, caveats.
 */
export function detectConflicts(
  ex: Omit<Exercise, 'actId' | 'at' | 'status' | 'plannedBy' | 'id'> & { id?: string },
  ctx: {
    pledges: ReadonlyMap<string, Pledge>;
    others: readonly Pick<Exercise, 'id' | 'title' | 'from' | 'to' | 'units' | 'status'>[];
    today: string;
    activeMembers: ReadonlySet<string>;
  },
): Conflict[] {
  const out: Conflict[] = [];
  for (const h of ex.hosts)
    if (!ex.consents.includes(h))
      out.push({
        code: 'host_consent_missing',
        severity: 'warning',
        message: `host nation ${h} has not consented to the exercise`,
        field: 'body/hosts',
      });
  ex.units.forEach((ref, i) => {
    const field = `body/units/${i}`;
    const key = `${ref.pledgeId}/${ref.unitId}`;
    const pledge = ctx.pledges.get(ref.pledgeId);
    const unit = pledge?.units.find((u) => u.id === ref.unitId);
    if (!pledge || !unit) {
      out.push({
        code: 'unknown_unit',
        severity: 'error',
        message: `${field}: no unit '${ref.unitId}' in pledge '${ref.pledgeId}'`,
        field,
        unit: key,
      });
      return;
    }
    if (
      pledge.status === 'withdrawn' ||
      pledge.availableFrom > ex.from ||
      (pledge.availableTo !== null && pledge.availableTo <= ex.to)
    )
      out.push({
        code: 'unit_unavailable',
        severity: 'error',
        message: `${field}: ${unit.name} is not on offer for ${ex.from}…${ex.to} (pledge ${pledge.status}, available ${pledge.availableFrom}…${pledge.availableTo ?? 'open'})`,
        field,
        unit: key,
        params: { unit: unit.name, from: ex.from, to: ex.to },
      });
    if (!ex.participants.includes(pledge.member))
      out.push({
        code: 'unit_not_participant',
        severity: 'error',
        message: `${field}: ${unit.name} belongs to ${pledge.member}, not a listed participant; a member's forces are booked only with that member taking part`,
        field,
        unit: key,
        params: { unit: unit.name, member: pledge.member },
      });
    const lead = dayDiff(ctx.today, ex.from);
    if (unit.readinessDays > lead)
      out.push({
        code: 'readiness_not_met',
        severity: 'warning',
        message: `${field}: ${unit.name} needs ${unit.readinessDays} days' notice; the exercise starts in ${lead}`,
        field,
        unit: key,
      });
    const caveat = blockingCaveat(unit.caveats, pledge.member, {
      task: 'training',
      area: { name: ex.area.name, states: ex.hosts },
      mandates: [],
      hostConsent: ex.consents,
      activeMembers: ctx.activeMembers,
    });
    if (caveat)
      out.push({
        code: 'caveat_forbids',
        severity: 'warning',
        message: `${field}: ${unit.name}'s caveat '${caveat}' forbids this exercise`,
        field,
        unit: key,
      });
    for (const o of ctx.others) {
      if (o.id === ex.id || o.status === 'cancelled' || !daysOverlap(ex.from, ex.to, o.from, o.to))
        continue;
      if (o.units.some((r) => r.pledgeId === ref.pledgeId && r.unitId === ref.unitId))
        out.push({
          code: 'unit_double_booked',
          severity: 'error',
          message: `${field}: ${unit.name} is already booked for '${o.title}' (${o.from}…${o.to})`,
          field,
          unit: key,
          params: { unit: unit.name, exercise: o.title, from: o.from, to: o.to },
        });
    }
  });
  return out;
}

export function parseFindings(v: unknown, catalogue: Catalogue): InteropFinding[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw badInput('body/findings', 'body/findings must be a list');
  return v.map((f, i) => {
    const o = fieldsOf(f);
    const family = (k: 'familyA' | 'familyB'): string => {
      const value = o[k];
      if (typeof value !== 'string' || !catalogue.family(value))
        throw badInput(
          `body/findings/${i}/${k}`,
          `body/findings/${i}/${k}: unknown equipment '${String(value)}'`,
        );
      return value;
    };
    const familyA = family('familyA');
    const familyB = family('familyB');
    const channel = o.channel;
    if (!isOneOf(['data', 'ammunition', 'fuel'], channel))
      throw badInput(
        `body/findings/${i}/channel`,
        `body/findings/${i}/channel must be data, ammunition or fuel`,
      );
    if (o.result !== 'works' && o.result !== 'blocked')
      throw badInput(
        `body/findings/${i}/result`,
        `body/findings/${i}/result must be 'works' or 'blocked'`,
      );
    return {
      familyA,
      familyB,
      channel,
      result: o.result,
      note: text(o.note, `body/findings/${i}/note`, 1000),
    };
  });
}

export function parseLessons(v: unknown): string[] {
  if (!Array.isArray(v)) throw badInput('body/lessons', 'body/lessons must be a list of strings');
  return v.map((l, i) => text(l, `body/lessons/${i}`, 2000));
}
