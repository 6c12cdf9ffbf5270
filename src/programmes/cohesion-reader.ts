import { keysOf } from '../core/objects.js';
import { isActOf, payloadOf } from '../record/act-catalogue.js';
import { canonicalJson } from '../core/canonical-json.js';
import { badInput, refused } from '../core/errors.js';
import { isValidDay } from '../core/dates.js';
import { asDepicted, SECRETARIAT, type Act } from '../record/model.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import type { ReleaseLabel } from '../runtime/ports.js';
import {
  councilAgreement,
  exerciseParticipation,
  intelligencePairs,
  intelligenceSharing,
  interoperabilityIndex,
  milestonesMetIndex,
  programmeParticipation,
  treatyOverlap,
  INDEX_NAMES,
  type CohesionPoint,
  type IndexName,
} from './cohesion-indices.js';
import type { ProgrammeDesk } from './programme-desk.js';
import { foldProgrammes } from './verify.js';

export { INDEX_NAMES, type CohesionPoint, type IndexName };

/** Who reads: intelligence share acts count only where the reader may see them (its own; the secretariat all). */
export interface CohesionReader {
  role: 'public' | 'member' | 'secretariat';
  member: string | null;
}

/** The acts the indices read, loaded once (optionally only those before a given seq). */
export interface CohesionInputs {
  opened: Act[];
  votes: Act[];
  exercises: Act[];
  cancelled: Act[];
  shares: Act[];
  programmeActs: Act[];
  /** Pledge and exercise acts the forces read port folds (empty when no forces module is composed). */
  forcesActs: Act[];
  /** The intelligence hub's labels by id (empty when no intel module is composed). */
  labels: Map<string, ReleaseLabel>;
}

async function all(deps: Deps, q: { type?: string; typePrefix?: string }, beforeSeq?: number) {
  const out: Act[] = [];
  for (let after = 0, i = 0; i < 100_000; i++) {
    const page = await deps.record.list({ ...q, afterSeq: after, limit: 5000 });
    for (const a of page) if (beforeSeq === undefined || a.seq < beforeSeq) out.push(asDepicted(a));
    if (page.length < 5000 || (beforeSeq !== undefined && page[page.length - 1].seq >= beforeSeq))
      break;
    after = page[page.length - 1].seq;
  }
  return out;
}

export async function loadCohesionInputs(deps: Deps, beforeSeq?: number): Promise<CohesionInputs> {
  return {
    opened: await all(deps, { type: 'council.procedure.opened' }, beforeSeq),
    votes: await all(deps, { type: 'council.vote' }, beforeSeq),
    exercises: await all(deps, { type: 'forces.exercise.planned' }, beforeSeq),
    cancelled: await all(deps, { type: 'forces.exercise.cancelled' }, beforeSeq),
    shares: await all(deps, { type: 'intel.shared' }, beforeSeq),
    programmeActs: (await all(deps, { typePrefix: 'programmes.' }, beforeSeq)).map((a) => a),
    forcesActs: await forcesActs(deps, beforeSeq),
    labels: (await deps.ports.intel?.labels()) ?? new Map<string, ReleaseLabel>(),
  };
}

async function forcesActs(deps: Deps, beforeSeq?: number): Promise<Act[]> {
  const port = deps.ports.forces;
  if (!port) return [];
  const out: Act[] = [];
  for (const prefix of port.actPrefixes)
    out.push(...(await all(deps, { typePrefix: prefix }, beforeSeq)));
  return out.sort((a, b) => a.seq - b.seq);
}

/**
 * Directed pairs [poster, recipient] of the share acts given: each object's label (fixed by its id in the
 * signed act) resolved on the day of the share. Only counts leave: no object, label or act id.
 */
function releasedPairs(
  deps: Deps,
  shares: Act[],
  labels: Map<string, ReleaseLabel>,
  members: string[],
): [string, string][] {
  const port = deps.ports.intel;
  if (!port) return [];
  const out: [string, string][] = [];
  for (const a of shares) {
    const day = a.at.slice(0, 10);
    const objects = isActOf(a, 'intel.shared') ? (a.payload.objects ?? []) : [];
    for (const label of new Set(objects.map((o) => o.label))) {
      const l = label === undefined ? undefined : labels.get(label);
      if (!l) continue;
      const to = port.releasedTo(l, day);
      for (const m of members) if (to === 'everyone' || to.has(m)) out.push([a.actor, m]);
    }
  }
  return out;
}

const endOf = (day: string) => `${day}T23:59:59.999Z`;

/** The six indices of an alliance on `day`, from the loaded acts and the registry. */
export function cohesionAt(
  deps: Deps,
  desk: ProgrammeDesk,
  inputs: CohesionInputs,
  allianceId: string,
  day: string,
  reader: CohesionReader,
): CohesionPoint {
  const end = endOf(day);
  const upTo = (a: Act) => a.at <= end;
  const members = deps.registry
    .membersOn(allianceId, day)
    .filter((m) => m.role === 'member' && !m.suspended)
    .map((m) => m.state);
  const memberSet = new Set(members);
  const alliancesOf = (s: string) =>
    new Set(
      deps.registry
        .membershipsOf(s)
        .filter((m) => deps.registry.isActiveMember(m.allianceId, s, day))
        .map((m) => m.allianceId),
    );
  // Council: decisions of the alliance's charter (same id as the alliance), votes cast by the day.
  const decisions = new Map<string, Map<string, string>>();
  for (const o of inputs.opened.filter(upTo)) {
    if (!isActOf(o, 'council.procedure.opened')) continue;
    const p = o.payload;
    if (p.charterId === allianceId && p.kind === 'decision')
      decisions.set(o.subject ?? '', new Map());
  }
  for (const v of inputs.votes.filter(upTo)) {
    const votes = decisions.get(v.subject ?? '');
    const choice = isActOf(v, 'council.vote') ? v.payload.choice : undefined;
    if (votes && typeof choice === 'string') votes.set(v.actor, choice);
  }
  const cancelled = new Set(inputs.cancelled.filter(upTo).map((a) => a.subject));
  const exercises = inputs.exercises
    .filter(upTo)
    .filter((a) => !cancelled.has(a.subject))
    .filter((a) => isActOf(a, 'forces.exercise.planned'))
    .map((a) => payloadOf(a, 'forces.exercise.planned'))
    .filter((p) => p.allianceId === allianceId)
    .map((p) => ({ participants: p.participants ?? [] }));
  const visibleShares = inputs.shares
    .filter(upTo)
    .filter(
      (a) => reader.role === 'secretariat' || (reader.member !== null && a.actor === reader.member),
    );
  const sharers = new Set(visibleShares.map((a) => a.actor));
  const { states } = foldProgrammes(desk, inputs.programmeActs, end);
  const progs = [...states.values()].filter((s) => s.allianceId === allianceId);
  return {
    allianceId,
    day,
    members,
    indices: {
      treatyOverlap: treatyOverlap(members, alliancesOf),
      councilAgreement: councilAgreement(
        memberSet,
        [...decisions.values()].map((votes) => ({ votes })),
      ),
      exerciseParticipation: exerciseParticipation(members, exercises),
      intelligenceShared: intelligenceSharing(members, sharers),
      intelligencePairs: intelligencePairs(
        members,
        releasedPairs(deps, visibleShares, inputs.labels, members),
      ),
      interoperability: interoperabilityIndex(
        deps.ports.forces?.dataExchangeOn(allianceId, day, inputs.forcesActs) ?? null,
      ),
      programmeParticipation: programmeParticipation(
        members,
        new Set(progs.flatMap((s) => s.participants.map((p) => p.member))),
      ),
      milestonesMet: milestonesMetIndex(
        progs.flatMap((s) =>
          s.milestones.map((m) => ({
            due: m.due,
            completedOn: m.completedAt?.slice(0, 10) ?? null,
          })),
        ),
        day,
      ),
    },
  };
}

/** Days from `from` to `to` every `step` (month: same day of month; quarter: three months), at most 60. */
export function seriesDays(from: string, to: string, step: 'month' | 'quarter' | 'year'): string[] {
  for (const [f, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isValidDay(v)) throw badInput(f, `${f} is a date YYYY-MM-DD`);
  if (from > to) throw badInput('from', 'from is after to');
  const months = step === 'month' ? 1 : step === 'quarter' ? 3 : 12;
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  for (let i = 0; ; i++) {
    const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i * months, d.getUTCDate()));
    const day = x.toISOString().slice(0, 10);
    if (day > to) break;
    if (out.length >= 60)
      throw badInput('to', 'at most 60 points: widen the step or shorten the span');
    out.push(day);
  }
  return out;
}

export const COHESION_ACT = 'cohesion.recorded';

/** Records the indices of an alliance on a day as a signed act of the secretariat (a dated, attested value). */
export async function recordCohesion(
  deps: Deps,
  desk: ProgrammeDesk,
  allianceId: string,
  day: string,
) {
  if (!deps.registry.alliance(allianceId))
    throw badInput('allianceId', `alliance '${allianceId}' does not exist`);
  if (!isValidDay(day)) throw badInput('day', 'day is a date YYYY-MM-DD');
  await deps.keyring.keyFor(SECRETARIAT);
  // Computed from every act before the one recording it (verify recomputes exactly that): if another act
  // lands between reading and appending, the append is rolled back and the computation made again.
  for (let attempt = 1; ; attempt++) {
    const head = await deps.record.count();
    const inputs = await loadCohesionInputs(deps);
    const point = cohesionAt(deps, desk, inputs, allianceId, day, {
      role: 'secretariat',
      member: null,
    });
    try {
      return await deps.record.transact(async (tx) => {
        const act = await tx.append({
          actor: SECRETARIAT,
          type: COHESION_ACT,
          subject: `cohesion:${allianceId}:${day}`,
          payload: point,
        });
        if (act.seq !== head + 1) throw new RecordMoved();
        return { act, point };
      });
    } catch (e) {
      if (!(e instanceof RecordMoved) || attempt >= 5) throw e;
    }
  }
}

class RecordMoved extends Error {}

/** `tahaluf verify`: each recorded cohesion value recomputed from the record before it must be equal. */
export async function verifyCohesion(deps: Deps, desk: ProgrammeDesk): Promise<VerifyFinding[]> {
  const out: VerifyFinding[] = [];
  const recorded = await deps.record.list({ type: COHESION_ACT, limit: 10_000 });
  for (const a of recorded) {
    const p = payloadOf(a, COHESION_ACT);
    let ok: boolean;
    try {
      const again = cohesionAt(
        deps,
        desk,
        await loadCohesionInputs(deps, a.seq),
        p.allianceId,
        p.day,
        {
          role: 'secretariat',
          member: null,
        },
      );
      // A value recorded before an index existed is checked on the indices it holds.
      const recordedNames: IndexName[] = keysOf(p.indices);
      const same = {
        ...again,
        indices: Object.fromEntries(recordedNames.map((n) => [n, again.indices[n]])),
      };
      ok = canonicalJson(JSON.parse(JSON.stringify(same))) === canonicalJson(p);
    } catch {
      ok = false;
    }
    out.push({
      module: 'programmes',
      ok,
      actId: a.id,
      message: ok
        ? `cohesion of ${p.allianceId} on ${p.day} recomputed from the record (matches the recorded values)`
        : `cohesion of ${p.allianceId} on ${p.day}: recomputation differs from the recorded values`,
    });
  }
  return out;
}

export const assertAlliance = (deps: Deps, id: string): void => {
  if (!deps.registry.alliance(id))
    throw refused('no_such_alliance', `alliance '${id}' does not exist`, 'alliance').withDetail(
      { alliance: id },
      'unknown_alliance',
    );
};
