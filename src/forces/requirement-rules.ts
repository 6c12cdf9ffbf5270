import { parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { isIso3 } from '../core/ids.js';
import { fieldsOf, isOneOf } from '../core/objects.js';
import type { Registry } from '../registry/registry.js';
import {
  TASK_CODES,
  UNIT_TYPES,
  type Area,
  type CostFormula,
  type RequirementLine,
  type Task,
} from './model.js';
import { intIn } from './pledge-rules.js';

export interface RequirementInput {
  allianceId: string;
  title: string;
  task: Task;
  area: Area;
  startDate: string;
  durationDays: number;
  mandates: string[];
  hostConsent: string[];
  lines: RequirementLine[];
}

const states = (v: unknown, field: string, registry: Registry): string[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw badInput(field, `${field} must be a list of ISO 3166 alpha-3 codes`);
  return v.map((s, i) => {
    if (!isIso3(s) || !registry.state(s))
      throw badInput(`${field}/${i}`, `${field}/${i}: unknown state '${String(s)}'`);
    return s;
  });
};

/** Validates a requirement stated by the council (secretariat) or a member. */
export function parseRequirementInput(body: unknown, registry: Registry): RequirementInput {
  if (!body || typeof body !== 'object') throw badInput('body', 'body must be an object');
  const o = fieldsOf(body);
  if (typeof o.allianceId !== 'string' || !registry.alliance(o.allianceId))
    throw badInput(
      'body/allianceId',
      `body/allianceId: unknown alliance '${String(o.allianceId)}'`,
    );
  if (typeof o.title !== 'string' || !o.title.trim() || o.title.length > 300)
    throw badInput('body/title', 'body/title must be a non-empty string (at most 300 characters)');
  const task = o.task;
  if (!isOneOf(TASK_CODES, task))
    throw badInput('body/task', `body/task must be one of ${TASK_CODES.join(', ')}`);
  if (!o.area || typeof o.area !== 'object')
    throw badInput('body/area', 'body/area must be an object {name, states}');
  const areaO = fieldsOf(o.area);
  if (typeof areaO.name !== 'string' || !areaO.name.trim())
    throw badInput('body/area/name', 'body/area/name must be a non-empty string');
  const area = {
    name: areaO.name.trim(),
    states: states(areaO.states, 'body/area/states', registry),
  };
  if (!area.states.length)
    throw badInput('body/area/states', 'body/area/states must name at least one state');
  const mandates = o.mandates === undefined ? [] : o.mandates;
  if (!Array.isArray(mandates) || !mandates.every((m): m is string => typeof m === 'string'))
    throw badInput('body/mandates', "/mandates must be a list such as ['un']");
  if (!Array.isArray(o.lines) || !o.lines.length)
    throw badInput('body/lines', 'body/lines must list at least one capability line');
  if (o.lines.length > 500) throw badInput('body/lines', 'body/lines: at most 500 lines');
  const ids = new Set<string>();
  const lines = o.lines.map((l, i): RequirementLine => {
    const f = `body/lines/${i}`;
    if (!l || typeof l !== 'object') throw badInput(f, `${f} must be an object`);
    const lo = fieldsOf(l);
    const id = lo.id === undefined ? `l${i + 1}` : lo.id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(id))
      throw badInput(`${f}/id`, `${f}/id must be a short identifier`);
    if (ids.has(id)) throw badInput(`${f}/id`, `${f}/id '${id}' is used twice`);
    ids.add(id);
    const capability = lo.capability;
    if (!isOneOf(UNIT_TYPES, capability))
      throw badInput(`${f}/capability`, `${f}/capability must be one of ${UNIT_TYPES.join(', ')}`);
    return {
      id,
      capability,
      personnel: intIn(lo.personnel, `${f}/personnel`, 1, 10_000_000),
      maxReadinessDays: intIn(lo.maxReadinessDays, `${f}/maxReadinessDays`, 0, 3650),
    };
  });
  return {
    allianceId: o.allianceId,
    title: o.title.trim(),
    task,
    area,
    startDate: parseDay(o.startDate, 'body/startDate'),
    durationDays: intIn(o.durationDays, 'body/durationDays', 1, 36500),
    mandates,
    hostConsent: states(o.hostConsent, 'body/hostConsent', registry),
    lines,
  };
}

export function parseCostFormula(body: unknown, allianceId: string): CostFormula {
  if (!body || typeof body !== 'object') throw badInput('body', 'body must be an object');
  const o = fieldsOf(body);
  if (typeof o.currency !== 'string' || !/^[A-Z]{3}$/.test(o.currency))
    throw badInput('body/currency', 'body/currency must be an ISO 4217 code such as USD');
  if (
    typeof o.perTroopPerDay !== 'number' ||
    !Number.isFinite(o.perTroopPerDay) ||
    o.perTroopPerDay < 0
  )
    throw badInput('body/perTroopPerDay', 'body/perTroopPerDay must be a number ≥ 0');
  const mult: CostFormula['typeMultipliers'] = {};
  const raw = o.typeMultipliers ?? {};
  if (typeof raw !== 'object' || raw === null)
    throw badInput('body/typeMultipliers', 'body/typeMultipliers must be an object');
  const entries: [string, unknown][] = Object.entries(raw);
  for (const [k, v] of entries) {
    if (!isOneOf(UNIT_TYPES, k))
      throw badInput(`body/typeMultipliers/${k}`, `body/typeMultipliers/${k}: unknown unit type`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw badInput(`body/typeMultipliers/${k}`, `body/typeMultipliers/${k} must be a number ≥ 0`);
    mult[k] = v;
  }
  return {
    allianceId,
    currency: o.currency,
    perTroopPerDay: o.perTroopPerDay,
    typeMultipliers: mult,
  };
}
