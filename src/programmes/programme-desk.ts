import { isActOf } from '../record/act-catalogue.js';
import type { Source } from '../registry/model.js';
import { badInput, notFound, refused } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { ILLUSTRATIVE, SECRETARIAT, type Act } from '../record/model.js';
import type { Deps } from '../runtime/deps.js';
import {
  ACT,
  parseRelatedTo,
  type ContributionInput,
  type CouncilAction,
  type CouncilRequest,
  type Governance,
  type MilestoneInput,
  type ProgrammeState,
  type ProposePayload,
} from './model.js';
import { applyProgrammeAct, type ProgrammeContext } from './programme-rules.js';
import { listProgrammes, loadProgramme, saveProgramme } from './repository.js';

export interface ProposeInput {
  allianceId: string;
  title: string;
  area: ProposePayload['area'];
  objectives: string[];
  governance: Governance;
  milestones?: MilestoneInput[];
}

/** Acting as a member, or (seeded examples) as the illustrative identity depicting one. */
export interface ActAs {
  member: string;
  illustrative?: { note: string; sources?: Source[] };
}

export interface CouncilOutcomeFound {
  procedureId: string;
  adopted: boolean;
  reason: string;
}

/**
 * Takes programme acts: checks each with the pure rules against the stored state, appends the signed act
 * and the new state in one transaction (nothing is recorded when a rule refuses).
 */
export class ProgrammeDesk {
  constructor(private deps: Deps) {}

  readonly ctx: ProgrammeContext = {
    isActiveMember: (a, m, d) =>
      this.deps.registry.alliance(a) !== undefined && this.deps.registry.isActiveMember(a, m, d),
  };

  list(q: { allianceId?: string; member?: string } = {}): Promise<ProgrammeState[]> {
    return listProgrammes(this.deps.store.db, q);
  }

  async get(id: string): Promise<ProgrammeState> {
    const s = await loadProgramme(this.deps.store.db, id);
    if (!s) throw notFound('programme', id);
    return s;
  }

  private async take(
    as: ActAs,
    type: string,
    programmeId: string,
    payload: Record<string, unknown>,
    isNew = false,
  ): Promise<{ act: Act; programme: ProgrammeState }> {
    const signer = as.illustrative ? ILLUSTRATIVE : as.member;
    const body = as.illustrative
      ? { ...payload, depicts: as.member, illustrative: as.illustrative }
      : payload;
    await this.deps.keyring.keyFor(signer);
    return this.deps.record.transact(async (tx) => {
      await tx.lock();
      const prev = await loadProgramme(tx.db, programmeId);
      if (!prev && !isNew) throw notFound('programme', programmeId);
      // The act as it would be: checked before anything is appended.
      const at = this.deps.clock.now().toISOString();
      applyProgrammeAct(this.ctx, prev, {
        seq: (prev?.lastSeq ?? 0) + 1,
        id: 'act_pending',
        at,
        actor: signer,
        type,
        payload: JSON.parse(JSON.stringify(body)) as unknown,
      });
      const act = await tx.append({ actor: signer, type, subject: programmeId, payload: body });
      const programme = applyProgrammeAct(this.ctx, prev, act);
      await saveProgramme(tx.db, programme, !prev);
      return { act, programme };
    });
  }

  async propose(as: ActAs, input: ProposeInput) {
    if (!this.deps.registry.alliance(input.allianceId))
      throw badInput('allianceId', `alliance '${input.allianceId}' does not exist`).withDetail(
        { alliance: input.allianceId },
        'unknown_alliance',
      );
    const programmeId = newId('prog');
    const payload: ProposePayload = {
      programmeId,
      allianceId: input.allianceId,
      title: input.title,
      area: input.area,
      objectives: input.objectives,
      governance: input.governance,
      milestones: (input.milestones ?? []).map((m) => ({ ...m, id: newId('ms') })),
    };
    return this.take(as, ACT.proposed, programmeId, { ...payload }, true);
  }

  join(as: ActAs, id: string) {
    return this.take(as, ACT.joined, id, { programmeId: id });
  }

  leave(as: ActAs, id: string, reason?: string) {
    return this.take(as, ACT.left, id, { programmeId: id, reason: reason ?? null });
  }

  addMilestone(as: ActAs, id: string, m: MilestoneInput) {
    return this.take(as, ACT.milestoneAdded, id, {
      programmeId: id,
      milestone: { ...m, id: newId('ms') },
    });
  }

  completeMilestone(as: ActAs, id: string, milestoneId: string, evidence: string) {
    return this.take(as, ACT.milestoneCompleted, id, { programmeId: id, milestoneId, evidence });
  }

  commit(as: ActAs, id: string, c: ContributionInput) {
    return this.take(as, ACT.contribution, id, {
      programmeId: id,
      contribution: { ...c, id: newId('contrib') },
    });
  }

  /** Asks the council to decide an act the charter gives it; returns the request and the decision to open. */
  async fileRequest(
    as: ActAs,
    id: string,
    action: CouncilAction,
    o: { milestoneId?: string; evidence?: string } = {},
  ) {
    const requestId = newId('req');
    const r = await this.take(as, ACT.requestFiled, id, {
      programmeId: id,
      requestId,
      action,
      milestoneId: o.milestoneId ?? null,
      evidence: o.evidence ?? null,
    });
    const request = r.programme.requests.find((x) => x.id === requestId)!;
    return { ...r, request, councilProcedure: councilProcedureFor(r.programme, request) };
  }

  /**
   * The council's outcome for a request, read from the record: the decision opened with the request's
   * `relatedTo`, of the charter and decision type the programme names, after the request, and closed.
   */
  async councilOutcome(request: CouncilRequest): Promise<CouncilOutcomeFound | null> {
    const opened: Act[] = [];
    for (let after = 0, i = 0; i < 10_000; i++) {
      const page = await this.deps.record.list({
        type: 'council.procedure.opened',
        afterSeq: after,
        limit: 1000,
      });
      for (const a of page) {
        if (!isActOf(a, 'council.procedure.opened')) continue;
        const p = a.payload;
        if (
          p.relatedTo === request.council.relatedTo &&
          p.charterId === request.council.charterId &&
          p.decisionType === request.council.decisionType &&
          p.kind === 'decision' &&
          a.at >= request.filedAt
        )
          opened.push(a);
      }
      if (page.length < 1000) break;
      after = page[page.length - 1].seq;
    }
    for (const o of opened) {
      const [closed] = await this.deps.record.list({
        type: 'council.procedure.closed',
        subject: o.subject ?? '',
        limit: 1,
      });
      if (!closed) continue;
      const out = isActOf(closed, 'council.procedure.closed') ? closed.payload.outcome : null;
      return {
        procedureId: o.subject ?? '',
        adopted: out?.status === 'adopted',
        reason: out?.reason ?? 'no outcome recorded',
      };
    }
    return null;
  }

  /** Enters the council's outcome on a pending request (signed by the secretariat); idempotent refusals. */
  async settle(id: string, requestId: string) {
    const s = await this.get(id);
    const request = s.requests.find((r) => r.id === requestId);
    if (!request) throw notFound('request', requestId);
    if (request.status !== 'pending')
      throw refused(
        'request_settled',
        `request ${requestId} was settled: ${request.status}`,
      ).withDetail({ request: requestId, status: request.status });
    const found = await this.councilOutcome(request);
    if (!found)
      throw refused(
        'council_pending',
        `no closed ${request.council.charterId} decision (${request.council.decisionType}) related to ${request.council.relatedTo} yet`,
      ).withDetail({
        charter: request.council.charterId,
        decisionType: request.council.decisionType,
        matter: request.council.relatedTo,
      });
    return this.take({ member: SECRETARIAT }, ACT.requestSettled, id, {
      programmeId: id,
      requestId,
      procedureId: found.procedureId,
      approved: found.adopted,
      reason: found.reason,
    });
  }

  /** Bus hook: a council procedure closed; settle the programme request it decides, if any. */
  async onCouncilClosed(act: Act): Promise<void> {
    const [opened] = await this.deps.record.list({
      type: 'council.procedure.opened',
      subject: act.subject ?? '',
      limit: 1,
    });
    const ref = parseRelatedTo(
      opened && isActOf(opened, 'council.procedure.opened') ? opened.payload.relatedTo : undefined,
    );
    if (!ref) return;
    const s = await loadProgramme(this.deps.store.db, ref.programmeId);
    if (s?.requests.find((r) => r.id === ref.requestId)?.status !== 'pending') return;
    await this.settle(ref.programmeId, ref.requestId);
  }

  /** Settles every pending request whose council decision has closed (catch-up at start). */
  async settleAllDue(): Promise<number> {
    let n = 0;
    for (const s of await this.list())
      for (const r of s.requests.filter((x) => x.status === 'pending'))
        if (await this.councilOutcome(r)) {
          await this.settle(s.id, r.id);
          n++;
        }
    return n;
  }
}

/** The council decision to open for a request (body of POST /api/council/procedures). */
export function councilProcedureFor(s: ProgrammeState, r: CouncilRequest) {
  return {
    charterId: r.council.charterId,
    kind: 'decision' as const,
    decisionType: r.council.decisionType,
    matter: r.council.matter,
    title:
      r.action === 'join'
        ? `Admission of ${r.member} to the programme "${s.title}"`
        : `Completion of milestone "${s.milestones.find((m) => m.id === r.milestoneId)?.title ?? r.milestoneId}" of "${s.title}"`,
    text: `Programme ${s.id}: ${r.action} requested by ${r.member} on ${r.filedAt.slice(0, 10)}.`,
    relatedTo: r.council.relatedTo,
  };
}
