import { isPlainObject } from '../core/objects.js';
import { readFileSync } from 'node:fs';
import { holdsMemberKeys } from '../core/config.js';
import { dayOf } from '../core/dates.js';
import { isTahalufError } from '../core/errors.js';
import { ILLUSTRATIVE, SECRETARIAT } from '../record/model.js';
import type { Deps } from '../runtime/deps.js';
import type { Catalogue } from './catalogue.js';
import { ExercisePlanner } from './exercise-planner.js';
import { ForceGenerator } from './force-generator.js';
import { PledgeDesk } from './pledge-desk.js';
import { ForcesRepository } from './repository.js';

export const DEMO_URL = new URL('../../data/forces/demo-pledges.json', import.meta.url);

type Body = Record<string, unknown>;
/** `data/forces/demo-pledges.json`. Each body is validated again by the service that records it. */
interface DemoFile {
  headquarters: Body & { allianceId: string; host: string };
  pledges: (Body & { id: string; member: string })[];
  requirement: Body & { id: string; startInDays: number };
  exercise: Body & { id: string; startInDays: number; lengthDays: number };
}

/** Checks the fields the seed itself reads; the error names the file and the field. */
export function parseDemoFile(raw: unknown, file = 'data/forces/demo-pledges.json'): DemoFile {
  const fail = (field: string, expected: string): never => {
    throw new Error(`${file}: ${field} must be ${expected}`);
  };
  const object = (v: unknown, field: string): Body =>
    isPlainObject(v) ? v : fail(field, 'an object');
  const text = (o: Body, key: string, field: string): string =>
    typeof o[key] === 'string' && o[key] !== ''
      ? o[key]
      : fail(`${field}.${key}`, 'a non-empty string');
  const whole = (o: Body, key: string, field: string): number => {
    const value = o[key];
    return typeof value === 'number' && Number.isInteger(value)
      ? value
      : fail(`${field}.${key}`, 'an integer');
  };
  const root = object(raw, '(root)');
  const headquarters = object(root.headquarters, 'headquarters');
  const requirement = object(root.requirement, 'requirement');
  const exercise = object(root.exercise, 'exercise');
  const listed: unknown[] = Array.isArray(root.pledges)
    ? root.pledges
    : fail('pledges', 'an array');
  const pledges = listed.map((p, i) => {
    const pledge = object(p, `pledges[${i}]`);
    return {
      ...pledge,
      id: text(pledge, 'id', `pledges[${i}]`),
      member: text(pledge, 'member', `pledges[${i}]`),
    };
  });
  return {
    headquarters: {
      ...headquarters,
      allianceId: text(headquarters, 'allianceId', 'headquarters'),
      host: text(headquarters, 'host', 'headquarters'),
    },
    pledges,
    requirement: {
      ...requirement,
      id: text(requirement, 'id', 'requirement'),
      startInDays: whole(requirement, 'startInDays', 'requirement'),
    },
    exercise: {
      ...exercise,
      id: text(exercise, 'id', 'exercise'),
      startInDays: whole(exercise, 'startInDays', 'exercise'),
      lengthDays: whole(exercise, 'lengthDays', 'exercise'),
    },
  };
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Seeds the demo: the proposed joint Arab force's headquarters (Cairo, sourced), Egypt's pledge
 * (20,000 troops, sourced), illustrative pledges of other members, an illustrative requirement and one
 * planned missile-warning drill. Idempotent: each item has a fixed id and is skipped when present.
 * Skipped entirely when the node's date is before the proposal (its members are not yet members), and
 * on national nodes.
 */
export async function seedForces(deps: Deps, catalogue: Catalogue): Promise<void> {
  // The demo's acts are signed by the secretariat and by several members; a national node holds only its
  // own member's key (and its record is its own), so it starts without them, as it does without the
  // council's replays. Without this, a fresh national node could not start ("holds no key for 'EGY'").
  if (!holdsMemberKeys(deps.config)) return;
  const demo = parseDemoFile(JSON.parse(readFileSync(DEMO_URL, 'utf8')));
  const allianceId = demo.headquarters.allianceId;
  const today = dayOf(deps.clock.now());
  if (
    !deps.registry.alliance(allianceId) ||
    !deps.registry.isActiveMember(allianceId, demo.headquarters.host, today)
  )
    return;
  const repo = ForcesRepository.on(deps.store.db);
  const desk = new PledgeDesk(deps, catalogue);
  if (!(await repo.headquarters(allianceId))) {
    const { host, ...body } = demo.headquarters;
    await desk.recordHeadquarters(host, body, { signAs: ILLUSTRATIVE });
  }
  for (const p of demo.pledges) {
    if (await repo.pledge(p.id)) continue;
    if (!deps.registry.isActiveMember(allianceId, p.member, today)) continue;
    const { id, member, ...body } = p;
    // Demo data, not the member's act: signed by the illustrative identity, naming the member.
    await desk.raise(member, body, { id, signAs: ILLUSTRATIVE });
  }
  const requirement = demo.requirement;
  if (!(await repo.requirement(requirement.id))) {
    const { id, startInDays, illustrative: _illustrative, ...rest } = requirement;
    await new ForceGenerator(deps).state(
      SECRETARIAT,
      { ...rest, allianceId, startDate: addDays(today, startInDays) },
      { id },
    );
  }
  const exercise = demo.exercise;
  if (!(await repo.exercise(exercise.id))) {
    const { id, startInDays, lengthDays, ...rest } = exercise;
    const from = addDays(today, startInDays);
    // Members may have changed the seeded pledges since; a demo exercise that no longer fits is skipped, not fatal.
    await new ExercisePlanner(deps, catalogue)
      .plan(SECRETARIAT, { ...rest, allianceId, from, to: addDays(from, lengthDays - 1) }, { id })
      .catch((err: unknown) => {
        if (!isTahalufError(err)) throw err;
        console.warn(`[forces seed] demo exercise not planned: ${err.message}`);
      });
  }
}
