import { parseDay } from '../core/dates.js';
import { badInput, refused, type DetailParams } from '../core/errors.js';
import { isOneOf, isPlainObject } from '../core/objects.js';
import type { Registry } from '../registry/registry.js';
import type { Source } from '../registry/model.js';
import type { Catalogue } from './catalogue.js';
import {
  CAVEAT_CODES,
  UNIT_TYPES,
  type CaveatCode,
  type Place,
  type PledgeInput,
  type Unit,
} from './model.js';

const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_SIZE = 1_000_000;

/** A refusal of an input with the machine code a console says in its reader's language (problems.ts). */
const bad = (field: string, message: string, detailCode: string, params: DetailParams = {}) =>
  badInput(field, message).withDetail(params, detailCode);

const obj = (v: unknown, field: string): Record<string, unknown> => {
  if (!isPlainObject(v))
    throw bad(field, `${field} must be an object`, 'validation.type', { type: 'object' });
  return v;
};
const str = (v: unknown, field: string, max = 200): string => {
  if (typeof v !== 'string' || !v.trim())
    throw bad(field, `${field} must be a non-empty string`, 'validation.minLength', { limit: 1 });
  if (v.length > max)
    throw bad(field, `${field} must be at most ${max} characters`, 'validation.maxLength', {
      limit: max,
    });
  return v.trim();
};
/** A unit's personnel: a whole number, at least 1 (a unit of nobody is no pledge). */
const unitSize = (v: unknown, field: string): number => {
  if (typeof v === 'number' && Number.isInteger(v) && v < 1)
    throw bad(
      field,
      `${field} must be at least 1 person${v < 0 ? ' (negative values are not allowed)' : ''}, got ${v}`,
      'validation.minimum',
      { limit: 1, value: v },
    );
  return intIn(v, field, 1, MAX_SIZE);
};

export const intIn = (v: unknown, field: string, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw bad(field, `${field} must be a whole number`, 'validation.type', { type: 'integer' });
  if (v < min)
    throw bad(
      field,
      `${field} must be at least ${min}${min === 0 ? ' (negative values are not allowed)' : ''}, got ${v}`,
      'validation.minimum',
      { limit: min, value: v },
    );
  if (v > max)
    throw bad(field, `${field} must be at most ${max}, got ${v}`, 'validation.maximum', {
      limit: max,
      value: v,
    });
  return v;
};

/** A longitude or latitude: a finite number within ±limit, refused with the range the form can show. */
function coordinate(
  value: unknown,
  field: string,
  what: 'longitude' | 'latitude',
  limit: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -limit || value > limit)
    throw bad(field, `${field} must be a ${what} from -${limit} to ${limit}`, 'validation.range', {
      min: -limit,
      max: limit,
    });
}

export function parsePlace(v: unknown, field: string): Place {
  const o = obj(v, field);
  const lon = o.lon,
    lat = o.lat;
  coordinate(lon, `${field}/lon`, 'longitude', 180);
  coordinate(lat, `${field}/lat`, 'latitude', 90);
  return { name: str(o.name, `${field}/name`), lon, lat };
}

export function parseSources(v: unknown, field: string): Source[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw badInput(field, `${field} must be a list of sources`);
  return v.map((s, i) => {
    const o = obj(s, `${field}/${i}`);
    const out: Source = { title: str(o.title, `${field}/${i}/title`, 500) };
    if (o.url !== undefined) {
      if (typeof o.url !== 'string' || !/^https?:\/\//.test(o.url))
        throw badInput(`${field}/${i}/url`, `${field}/${i}/url must be an http(s) URL`);
      out.url = o.url;
    }
    if (o.date !== undefined) out.date = str(o.date, `${field}/${i}/date`, 10);
    if (o.note !== undefined) out.note = str(o.note, `${field}/${i}/note`, 1000);
    return out;
  });
}

/** Validates one unit; `field` is its JSON pointer (`body/units/2`). */
export function parseUnit(v: unknown, field: string, catalogue: Catalogue): Unit {
  const o = obj(v, field);
  const id = str(o.id, `${field}/id`, 64);
  if (!UNIT_ID.test(id))
    throw badInput(
      `${field}/id`,
      `${field}/id must be lower-case letters, digits and dashes, got '${id}'`,
    );
  const type = o.type;
  if (!isOneOf(UNIT_TYPES, type))
    throw bad(
      `${field}/type`,
      `${field}/type must be one of ${UNIT_TYPES.join(', ')}, got '${String(o.type)}'`,
      'validation.enum',
      { allowedValues: UNIT_TYPES.join(', ') },
    );
  const caveatsRaw = o.caveats ?? [];
  if (!Array.isArray(caveatsRaw))
    throw badInput(`${field}/caveats`, `${field}/caveats must be a list of caveat codes`);
  const caveats: CaveatCode[] = [];
  caveatsRaw.forEach((c, i) => {
    if (!isOneOf(CAVEAT_CODES, c))
      throw bad(
        `${field}/caveats/${i}`,
        `${field}/caveats/${i} '${String(c)}' is not a caveat code (${CAVEAT_CODES.join(', ')})`,
        'validation.enum',
        { allowedValues: CAVEAT_CODES.join(', ') },
      );
    if (!caveats.includes(c)) caveats.push(c);
  });
  const eqRaw = o.equipment ?? [];
  if (!Array.isArray(eqRaw))
    throw badInput(`${field}/equipment`, `${field}/equipment must be a list`);
  const equipment = eqRaw.map((e, i) => {
    const eo = obj(e, `${field}/equipment/${i}`);
    const family = str(eo.family, `${field}/equipment/${i}/family`, 64);
    if (!catalogue.family(family))
      throw bad(
        `${field}/equipment/${i}/family`,
        `${field}/equipment/${i}/family: unknown equipment '${family}' (not in the catalogue, see GET /api/equipment)`,
        'unknown_equipment',
        { family },
      );
    return {
      family,
      quantity: intIn(eo.quantity ?? 1, `${field}/equipment/${i}/quantity`, 1, MAX_SIZE),
    };
  });
  return {
    id,
    name: str(o.name ?? id, `${field}/name`),
    type,
    size: unitSize(o.size, `${field}/size`),
    readinessDays: intIn(o.readinessDays, `${field}/readinessDays`, 0, 3650),
    durationDays: intIn(o.durationDays, `${field}/durationDays`, 1, 36500),
    homeBase: parsePlace(o.homeBase, `${field}/homeBase`),
    caveats,
    equipment,
  };
}

/** Validates the body of a pledge (raise or amend). Throws a 400 naming the first bad field. */
export function parsePledgeInput(body: unknown, catalogue: Catalogue): PledgeInput {
  const o = obj(body, 'body');
  const allianceId = str(o.allianceId, 'body/allianceId', 64);
  const availableFrom = parseDay(o.availableFrom, 'body/availableFrom');
  const availableTo =
    o.availableTo === undefined || o.availableTo === null
      ? null
      : parseDay(o.availableTo, 'body/availableTo');
  if (availableTo !== null && availableTo <= availableFrom)
    throw badInput('body/availableTo', 'body/availableTo must be after /availableFrom');
  if (!Array.isArray(o.units) || o.units.length === 0)
    throw bad('body/units', 'body/units must list at least one unit', 'validation.minItems', {
      limit: 1,
    });
  if (o.units.length > 1000)
    throw badInput('body/units', 'body/units: at most 1000 units per pledge');
  const units = o.units.map((u, i) => parseUnit(u, `body/units/${i}`, catalogue));
  const seen = new Map<string, number>();
  units.forEach((u, i) => {
    if (seen.has(u.id))
      throw badInput(
        `body/units/${i}/id`,
        `body/units/${i}/id '${u.id}' is used twice in this pledge (also /units/${seen.get(u.id)})`,
      );
    seen.set(u.id, i);
  });
  if (o.illustrative !== undefined && typeof o.illustrative !== 'boolean')
    throw badInput('body/illustrative', 'body/illustrative must be true or false');
  return {
    allianceId,
    availableFrom,
    availableTo,
    units,
    note: o.note === undefined ? undefined : str(o.note, 'body/note', 2000),
    illustrative: o.illustrative === true,
    sources: parseSources(o.sources, 'body/sources'),
  };
}

/**
 * The member may act for the alliance on `day`: it exists, and `member` is a full, unsuspended member.
 * Errors name the field: `body/allianceId` for an unknown alliance, `member` for the acting state.
 */
export function checkActiveMember(
  registry: Registry,
  allianceId: string,
  member: string,
  day: string,
): void {
  const alliance = registry.alliance(allianceId);
  if (!alliance)
    throw badInput(
      'body/allianceId',
      `body/allianceId: unknown alliance '${allianceId}'`,
    ).withDetail({ alliance: allianceId }, 'unknown_alliance');
  if (alliance.ended && alliance.ended <= day)
    throw refused(
      'alliance_ended',
      `body/allianceId: ${alliance.name} ended on ${alliance.ended}`,
      'body/allianceId',
    ).withDetail({ alliance: allianceId });
  const on = registry.membersOn(allianceId, day).find((m) => m.state === member);
  if (on && on.role === 'member' && !on.suspended) return;
  if (on?.suspended)
    throw refused(
      'member_suspended',
      `member: ${member} is suspended from ${alliance.name} on ${day}`,
      'member',
    ).withDetail({ member, alliance: allianceId, day });
  if (on)
    throw refused(
      'not_a_full_member',
      `member: ${member} is a${on.role === 'observer' ? 'n' : ''} ${on.role} of ${alliance.name}, not a full member`,
      'member',
    ).withDetail({ member, alliance: allianceId, role: on.role });
  const past = registry
    .memberships(allianceId)
    .find((m) => m.state === member && m.to !== null && m.to <= day);
  if (past)
    throw refused(
      'member_withdrawn',
      `member: ${member} left ${alliance.name} on ${past.to}`,
      'member',
    ).withDetail({ member, alliance: allianceId, date: past.to ?? '' });
  throw refused(
    'not_a_member',
    `member: ${member} is not a member of ${alliance.name} on ${day}`,
    'member',
  ).withDetail({ member, alliance: allianceId, day });
}

/** Two availability windows [from, to) overlap (to null = open-ended). */
export const windowsOverlap = (
  aFrom: string,
  aTo: string | null,
  bFrom: string,
  bTo: string | null,
): boolean => (bTo === null || aFrom < bTo) && (aTo === null || bFrom < aTo);
