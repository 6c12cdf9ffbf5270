import { payloadOf } from '../record/act-catalogue.js';
import { messageOf } from '../core/errors.js';
import { canonicalJson } from '../core/canonical-json.js';
import type { Act } from '../record/model.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import { ACT, type ProgrammeState } from './model.js';
import type { ProgrammeDesk } from './programme-desk.js';
import { comparableHistory } from './history.js';
import { applyProgrammeAct } from './programme-rules.js';
import { listProgrammes } from './repository.js';

/** Every programme act of the record, in order. */
export async function programmeActs(deps: Deps): Promise<Act[]> {
  const out: Act[] = [];
  for (let after = 0, i = 0; i < 100_000; i++) {
    const page = await deps.record.list({
      typePrefix: 'programmes.',
      afterSeq: after,
      limit: 5000,
    });
    out.push(...page);
    if (page.length < 5000) break;
    after = page[page.length - 1].seq;
  }
  return out;
}

/** Folds the record's programme acts (optionally only those up to `until`, an ISO time) into states. */
export function foldProgrammes(
  desk: ProgrammeDesk,
  acts: Act[],
  until?: string,
): { states: Map<string, ProgrammeState>; anomalies: { actId: string; reason: string }[] } {
  const states = new Map<string, ProgrammeState>();
  const anomalies: { actId: string; reason: string }[] = [];
  for (const a of acts) {
    if (until && a.at > until) break;
    const id = a.subject ?? '';
    try {
      states.set(id, applyProgrammeAct(desk.ctx, states.get(id) ?? null, a));
    } catch (e) {
      anomalies.push({ actId: a.id, reason: messageOf(e) });
    }
  }
  return { states, anomalies };
}

/**
 * `tahaluf verify`: each programme refolded from the record, every act re-checked as it was taken, must
 * equal the stored projection; each council settlement must match the council decision in the record.
 */
export async function verifyProgrammes(deps: Deps, desk: ProgrammeDesk): Promise<VerifyFinding[]> {
  const findings: VerifyFinding[] = [];
  const acts = await programmeActs(deps);
  const { states, anomalies } = foldProgrammes(desk, acts);
  for (const a of anomalies)
    findings.push({
      module: 'programmes',
      ok: false,
      message: `act breaks a programme rule: ${a.reason}`,
      actId: a.actId,
    });
  const stored = await listProgrammes(deps.store.db);
  const storedIds = new Set(stored.map((s) => s.id));
  for (const s of stored) {
    const replayed = states.get(s.id);
    // States stored before history lines had codes still verify: see comparableHistory.
    const same =
      replayed !== undefined &&
      canonicalJson({ ...replayed, history: comparableHistory(replayed.history, s.history) }) ===
        canonicalJson(s);
    findings.push({
      module: 'programmes',
      ok: same,
      message: same
        ? `programme ${s.id} recomputed from ${s.history.length} acts: ${s.status}, ${s.participants.length} participants (matches stored)`
        : `programme ${s.id}: the stored state differs from the record's acts`,
    });
  }
  for (const id of states.keys())
    if (!storedIds.has(id))
      findings.push({
        module: 'programmes',
        ok: false,
        message: `programme ${id} is in the record but not stored`,
      });
  for (const a of acts.filter((x) => x.type === ACT.requestSettled)) {
    const p = payloadOf(a, ACT.requestSettled);
    const req = states.get(p.programmeId)?.requests.find((r) => r.id === p.requestId);
    const found = req ? await desk.councilOutcome({ ...req, status: 'pending' }) : null;
    const ok = !!found && found.procedureId === p.procedureId && found.adopted === p.approved;
    findings.push({
      module: 'programmes',
      ok,
      actId: a.id,
      message: ok
        ? `request ${p.requestId} settled as council ${p.procedureId} decided (${p.approved ? 'adopted' : 'not adopted'})`
        : `request ${p.requestId}: the settlement does not match the council decision in the record`,
    });
  }
  return findings;
}
