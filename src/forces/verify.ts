import { isActOf, payloadFields } from '../record/act-catalogue.js';
import { depictedActor } from '../record/model.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import type { Pledge } from './model.js';
import { ForcesRepository } from './repository.js';

/** Replays every pledge act from the record and checks the stored projection agrees (status, version, units). */
type ReplayedPledges = Map<
  string,
  { status: string; version: number; units: string[]; member: string; actId: string }
>;

/** Folds one pledge act into the replayed pledges (`member`: the member the act stands for). */
function foldPledge(
  replayed: ReplayedPledges,
  act: { id: string; type: string; payload: unknown },
  member: string,
): void {
  if (isActOf(act, 'forces.pledge.raised')) {
    const { pledgeId, units } = act.payload;
    replayed.set(pledgeId, {
      status: 'raised',
      version: 1,
      units: (units ?? []).map((u) => u.id),
      member,
      actId: act.id,
    });
    return;
  }
  if (isActOf(act, 'forces.pledge.amended')) {
    const { pledgeId, units } = act.payload;
    const prev = replayed.get(pledgeId);
    if (prev)
      replayed.set(pledgeId, {
        ...prev,
        status: 'amended',
        version: prev.version + 1,
        units: (units ?? []).map((u) => u.id),
        actId: act.id,
      });
    return;
  }
  if (isActOf(act, 'forces.pledge.withdrawn')) {
    const prev = replayed.get(act.payload.pledgeId);
    if (prev) replayed.set(act.payload.pledgeId, { ...prev, status: 'withdrawn', actId: act.id });
  }
}

export async function verifyForces(deps: Deps): Promise<VerifyFinding[]> {
  const replayed: ReplayedPledges = new Map();
  let after = 0;
  for (;;) {
    const acts = await deps.record.list({
      typePrefix: 'forces.pledge.',
      afterSeq: after,
      limit: 5000,
    });
    if (!acts.length) break;
    for (const a of acts) {
      after = a.seq;
      foldPledge(replayed, a, depictedActor(a));
    }
  }
  // A federated node's pledges are on the alliance log (signatures checked by its verification).
  for (const a of (await deps.alliance?.appliedActs('forces.pledge.')) ?? []) {
    foldPledge(replayed, a, a.actor);
  }
  const repo = ForcesRepository.on(deps.store.db);
  const stored = new Map<string, Pledge>(
    (await repo.pledges({ includeWithdrawn: true })).map((p) => [p.id, p]),
  );
  const findings: VerifyFinding[] = [];
  for (const [id, r] of replayed) {
    const s = stored.get(id);
    const ok =
      !!s &&
      s.status === r.status &&
      s.version === r.version &&
      s.member === r.member &&
      s.lastActId === r.actId &&
      s.units.map((u) => u.id).join() === r.units.join();
    findings.push({
      module: 'forces',
      ok,
      actId: r.actId,
      message: ok
        ? `pledge ${id} replayed: ${r.status} v${r.version}, ${r.units.length} units (matches stored)`
        : `pledge ${id} replayed as ${r.status} v${r.version} but stored ${s ? `${s.status} v${s.version}` : 'missing'}`,
    });
  }
  for (const id of stored.keys())
    if (!replayed.has(id))
      findings.push({
        module: 'forces',
        ok: false,
        message: `pledge ${id} is stored but no act in the record raised it`,
      });
  return [...findings, ...(await verifyExercises(deps))];
}

/** Replays exercise acts (planned, consented, cancelled, after-action) and checks status and consents. */
async function verifyExercises(deps: Deps): Promise<VerifyFinding[]> {
  const replayed = new Map<string, { status: string; consents: string[]; actId: string }>();
  let after = 0;
  for (;;) {
    const acts = await deps.record.list({
      typePrefix: 'forces.exercise.',
      afterSeq: after,
      limit: 5000,
    });
    if (!acts.length) break;
    for (const a of acts) {
      after = a.seq;
      const p = payloadFields(a);
      if (typeof p.exerciseId !== 'string') continue;
      const prev = replayed.get(p.exerciseId);
      if (a.type === 'forces.exercise.planned')
        replayed.set(p.exerciseId, { status: 'planned', consents: [], actId: a.id });
      else if (!prev) continue;
      else if (a.type === 'forces.exercise.consented')
        replayed.set(p.exerciseId, {
          ...prev,
          consents: [...prev.consents, depictedActor(a)].sort(),
          actId: a.id,
        });
      else if (a.type === 'forces.exercise.cancelled')
        replayed.set(p.exerciseId, { ...prev, status: 'cancelled', actId: a.id });
      else if (a.type === 'forces.exercise.aar_recorded')
        replayed.set(p.exerciseId, { ...prev, status: 'completed', actId: a.id });
    }
  }
  const repo = ForcesRepository.on(deps.store.db);
  const out: VerifyFinding[] = [];
  for (const [id, r] of replayed) {
    const s = await repo.exercise(id);
    const ok =
      !!s &&
      s.status === r.status &&
      s.consents.join() === r.consents.join() &&
      s.actId === r.actId;
    out.push({
      module: 'forces',
      ok,
      actId: r.actId,
      message: ok
        ? `exercise ${id} replayed: ${r.status}, consents [${r.consents.join(', ')}] (matches stored)`
        : `exercise ${id} replayed as ${r.status} [${r.consents.join(', ')}] but stored ${s ? `${s.status} [${s.consents.join(', ')}]` : 'missing'}`,
    });
  }
  return out;
}
