import { payloadFields, payloadOf } from '../record/act-catalogue.js';
import { isValidDay } from '../core/dates.js';
import { isIso3 } from '../core/ids.js';
import { fieldsOf, isOneOf } from '../core/objects.js';
import { badInput, refused } from '../core/errors.js';
import { asDepicted, ILLUSTRATIVE, SECRETARIAT } from '../record/model.js';
import {
  ACT,
  AREAS,
  CONTRIBUTION_KINDS,
  COUNCIL_ACTIONS,
  relatedToOf,
  type ContributionInput,
  type CouncilAction,
  type Governance,
  type HistoryEntry,
  type HistoryParam,
  type MilestoneInput,
  type ProgrammeState,
} from './model.js';

/**
 * The codes of a programme's history lines (`HistoryEntry.code`), with the params each carries:
 * docs/programmes.md. A code, once recorded in a stored state, keeps its meaning.
 */
export const PROGRAMME_HISTORY_CODES = [
  'programme.proposed',
  'programme.joined',
  'programme.left',
  'programme.left.reason',
  'programme.milestone.added',
  'programme.milestone.completed',
  'programme.contribution',
  'programme.request.join',
  'programme.request.complete',
  'programme.request.approved',
  'programme.request.refused',
] as const;
export type ProgrammeHistoryCode = (typeof PROGRAMME_HISTORY_CODES)[number];

/** What the rules need from outside: alliance membership on a day (from the registry). */
export interface ProgrammeContext {
  isActiveMember(allianceId: string, member: string, day: string): boolean;
}

export interface ActLike {
  seq: number;
  id: string;
  at: string;
  actor: string;
  type: string;
  payload: unknown;
}

const text = (v: unknown, field: string, min: number, max: number): string => {
  if (typeof v !== 'string' || v.trim().length < min || v.length > max)
    throw badInput(field, `${field} must be text of ${min} to ${max} characters`).withDetail(
      { min, max },
      'text_length',
    );
  return v.trim();
};

export function checkGovernance(g: unknown): Governance {
  if (!g || typeof g !== 'object')
    throw badInput('governance', 'governance is required').withDetail({}, 'validation.required');
  const x = fieldsOf(g);
  if (x.rule === 'opt-in') return { rule: 'opt-in' };
  if (x.rule !== 'council')
    throw badInput('governance.rule', "governance.rule is 'opt-in' or 'council'").withDetail(
      { allowedValues: 'opt-in, council' },
      'validation.enum',
    );
  const c = x;
  if (typeof c.charterId !== 'string' || !/^[a-z0-9-]{2,64}$/.test(c.charterId))
    throw badInput(
      'governance.charterId',
      'governance.charterId names a council charter',
    ).withDetail(
      { value: typeof c.charterId === 'string' ? c.charterId : '' },
      'governance_charter',
    );
  if (typeof c.decisionType !== 'string' || !/^[a-z_]{2,40}$/.test(c.decisionType))
    throw badInput(
      'governance.decisionType',
      "governance.decisionType is a charter's decision type",
    ).withDetail(
      { value: typeof c.decisionType === 'string' ? c.decisionType : '' },
      'governance_decision_type',
    );
  const req = c.requiredFor;
  if (
    !Array.isArray(req) ||
    !req.length ||
    !req.every((a): a is CouncilAction => isOneOf(COUNCIL_ACTIONS, a)) ||
    new Set(req).size !== req.length
  )
    throw badInput(
      'governance.requiredFor',
      `governance.requiredFor lists distinct acts among ${COUNCIL_ACTIONS.join(', ')}`,
    ).withDetail({ allowedValues: COUNCIL_ACTIONS.join(', ') }, 'distinct_among');
  return {
    rule: 'council',
    charterId: c.charterId,
    decisionType: c.decisionType,
    requiredFor: [...req].sort(),
  };
}

export function checkMilestone(m: unknown, field: string): MilestoneInput {
  if (!m || typeof m !== 'object')
    throw badInput(field, `${field} is a milestone`).withDetail(
      { type: 'object' },
      'validation.type',
    );
  const x = fieldsOf(m);
  const title = text(x.title, `${field}.title`, 3, 300);
  if (typeof x.due !== 'string' || !isValidDay(x.due))
    throw badInput(`${field}.due`, `${field}.due is a date YYYY-MM-DD`).withDetail(
      { format: 'date' },
      'validation.format',
    );
  if (!isIso3(x.owner))
    throw badInput(`${field}.owner`, `${field}.owner is an ISO3 code`).withDetail(
      { value: typeof x.owner === 'string' ? x.owner : '' },
      'unknown_state',
    );
  return { title, due: x.due, owner: x.owner };
}

export function checkContribution(c: unknown): ContributionInput {
  if (!c || typeof c !== 'object')
    throw badInput('contribution', 'contribution is required').withDetail(
      {},
      'validation.required',
    );
  const x = fieldsOf(c);
  const kind = x.kind;
  if (!isOneOf(CONTRIBUTION_KINDS, kind))
    throw badInput('kind', `kind is one of ${CONTRIBUTION_KINDS.join(', ')}`).withDetail(
      { allowedValues: CONTRIBUTION_KINDS.join(', ') },
      'validation.enum',
    );
  const description = text(x.description, 'description', 3, 1000);
  if (typeof x.amount !== 'number' || !Number.isFinite(x.amount) || x.amount <= 0)
    throw badInput('amount', 'amount is a positive number').withDetail(
      { limit: 0 },
      'validation.exclusiveMinimum',
    );
  if (x.amount > 1e15)
    throw badInput('amount', 'amount is at most 10^15').withDetail(
      { limit: 1e15 },
      'validation.maximum',
    );
  const unit = typeof x.unit === 'string' ? x.unit : '';
  if (kind === 'money' && !/^[A-Z]{3}$/.test(unit))
    throw badInput(
      'unit',
      'a money contribution gives its currency (ISO 4217, e.g. USD)',
    ).withDetail({}, 'currency_required');
  if (kind === 'personnel') {
    if (unit !== 'persons')
      throw badInput('unit', "a personnel contribution is in 'persons'").withDetail(
        { kind, unit: 'persons' },
        'contribution_unit',
      );
    if (!Number.isInteger(x.amount))
      throw badInput('amount', 'persons are counted whole').withDetail(
        { type: 'integer' },
        'validation.type',
      );
  }
  if (kind === 'equipment' && unit !== 'items')
    throw badInput('unit', "an equipment contribution is in 'items'").withDetail(
      { kind, unit: 'items' },
      'contribution_unit',
    );
  if (kind === 'data' && unit !== 'datasets')
    throw badInput('unit', "a data contribution is in 'datasets'").withDetail(
      { kind, unit: 'datasets' },
      'contribution_unit',
    );
  return { kind, description, amount: x.amount, unit };
}

const statusOf = (s: ProgrammeState): ProgrammeState['status'] =>
  s.participants.length >= 2 ? 'active' : s.participants.length === 1 ? 'proposed' : 'dormant';

const isParticipant = (s: ProgrammeState, m: string) => s.participants.some((p) => p.member === m);

export const councilRequired = (s: ProgrammeState, action: CouncilAction): boolean =>
  s.governance.rule === 'council' && s.governance.requiredFor.includes(action);

function requireAllianceMember(ctx: ProgrammeContext, s: ProgrammeState, m: string, day: string) {
  if (!ctx.isActiveMember(s.allianceId, m, day))
    throw refused(
      'not_a_member',
      `${m} is not an active member of ${s.allianceId} on ${day}: only its members may take part`,
    ).withDetail({ member: m, alliance: s.allianceId, day });
}

function requireParticipant(s: ProgrammeState, m: string) {
  if (!isParticipant(s, m))
    throw refused('not_a_participant', `${m} does not take part in programme ${s.id}`).withDetail({
      member: m,
      programme: s.title,
    });
}

function openMilestone(s: ProgrammeState, id: unknown) {
  const ms = s.milestones.find((x) => x.id === id);
  if (!ms)
    throw refused(
      'no_such_milestone',
      `programme ${s.id} has no milestone '${String(id)}'`,
      'milestoneId',
    ).withDetail({ milestone: String(id) });
  if (ms.status === 'completed')
    throw refused(
      'milestone_completed',
      `milestone ${ms.id} was completed on ${ms.completedAt}`,
      'milestoneId',
    ).withDetail({ milestone: ms.title, date: ms.completedAt ?? '' });
  return ms;
}

function checkCompleter(s: ProgrammeState, m: string, milestoneId: unknown) {
  requireParticipant(s, m);
  const ms = openMilestone(s, milestoneId);
  // The owner completes its milestone; if the owner has left, any participant may.
  if (ms.owner !== m && isParticipant(s, ms.owner))
    throw refused(
      'not_the_owner',
      `milestone ${ms.id} is owned by ${ms.owner}`,
      'milestoneId',
    ).withDetail({ milestone: ms.title, member: ms.owner });
  return ms;
}

const clone = (s: ProgrammeState): ProgrammeState =>
  JSON.parse(JSON.stringify(s)) as ProgrammeState;

/**
 * Applies one programme act to the state it finds (null before the proposal), checking it as it was
 * taken; throws a TahalufError naming the rule when the act is not allowed. Pure: the service calls it
 * before appending (nothing is recorded when it throws), the verifier folds the record through it.
 */
export function applyProgrammeAct(
  ctx: ProgrammeContext,
  prev: ProgrammeState | null,
  raw: ActLike,
): ProgrammeState {
  const act = asDepicted(raw);
  const day = act.at.slice(0, 10);
  const p = payloadFields(act);
  const who = act.actor;
  const note = (
    summary: string,
    code: ProgrammeHistoryCode,
    params: Record<string, HistoryParam>,
  ): HistoryEntry => ({
    seq: act.seq,
    at: act.at,
    actor: raw.actor === ILLUSTRATIVE ? `${who} (illustrative)` : who,
    type: act.type,
    summary,
    code,
    params,
  });
  if (act.type === ACT.proposed) {
    if (prev)
      throw refused('exists', `programme ${prev.id} exists already`).withDetail({
        what: 'programme',
        id: prev.id,
      });
    const q = payloadOf(act, ACT.proposed);
    if (!isIso3(who))
      throw refused('not_a_member', 'a programme is proposed by a member state').withDetail(
        {},
        'member_user_required',
      );
    const title = text(q.title, 'title', 3, 300);
    if (!AREAS.includes(q.area))
      throw badInput('area', `area is one of ${AREAS.join(', ')}`).withDetail(
        { allowedValues: AREAS.join(', ') },
        'validation.enum',
      );
    if (!Array.isArray(q.objectives) || !q.objectives.length || q.objectives.length > 20)
      throw badInput('objectives', 'objectives: one to twenty').withDetail(
        { min: 1, max: 20 },
        'list_length',
      );
    const objectives = q.objectives.map((o, i) => text(o, `objectives/${i}`, 3, 1000));
    const governance = checkGovernance(q.governance);
    if (!Array.isArray(q.milestones) || q.milestones.length > 50)
      throw badInput('milestones', 'milestones: at most fifty').withDetail(
        { limit: 50 },
        'validation.maxItems',
      );
    const s: ProgrammeState = {
      id: q.programmeId,
      allianceId: q.allianceId,
      title,
      area: q.area,
      objectives,
      governance,
      proposedBy: who,
      proposedAt: act.at,
      illustrative: raw.actor === ILLUSTRATIVE,
      ...(raw.actor === ILLUSTRATIVE && typeof q.illustrative?.note === 'string'
        ? { illustrativeNote: q.illustrative.note }
        : {}),
      ...(raw.actor === ILLUSTRATIVE && Array.isArray(q.illustrative?.sources)
        ? { sources: q.illustrative.sources }
        : {}),
      status: 'proposed',
      participants: [{ member: who, since: act.at }],
      former: [],
      milestones: [],
      contributions: [],
      requests: [],
      history: [],
      lastSeq: act.seq,
    };
    requireAllianceMember(ctx, s, who, day);
    q.milestones.forEach((m, i) => {
      const ms = checkMilestone(m, `milestones/${i}`);
      if (ms.owner !== who)
        throw refused(
          'owner_not_participant',
          `milestone owner ${ms.owner} does not take part yet: the proposer owns the first milestones, others add theirs after joining`,
          `milestones/${i}/owner`,
        ).withDetail({ member: ms.owner }, 'owner_not_participant.proposal');
      s.milestones.push({
        ...ms,
        id: m.id,
        status: 'open',
        completedAt: null,
        completedBy: null,
        evidence: null,
      });
    });
    s.history.push(
      note(`proposed "${title}" in ${s.allianceId}`, 'programme.proposed', {
        title,
        alliance: s.allianceId,
      }),
    );
    return s;
  }
  if (!prev)
    throw refused('no_such_programme', `no programme for act ${act.id}`).withDetail({
      act: act.id,
    });
  const s = clone(prev);
  s.lastSeq = act.seq;
  switch (act.type) {
    case ACT.joined: {
      requireAllianceMember(ctx, s, who, day);
      if (isParticipant(s, who))
        throw refused('already_participant', `${who} takes part already`).withDetail({
          member: who,
        });
      if (councilRequired(s, 'join'))
        throw refused(
          'council_decision_required',
          `joining ${s.id} needs a decision of the ${s.governance.rule === 'council' ? s.governance.charterId : ''} council: file a request (POST /api/programmes/${s.id}/requests)`,
        ).withDetail({ action: 'join' });
      s.participants.push({ member: who, since: act.at });
      s.history.push(note(`${who} joined`, 'programme.joined', { member: who }));
      break;
    }
    case ACT.left: {
      requireParticipant(s, who);
      const since = s.participants.find((x) => x.member === who)!.since;
      s.participants = s.participants.filter((x) => x.member !== who);
      s.former.push({ member: who, from: since, to: act.at });
      const reason = typeof p.reason === 'string' && p.reason ? p.reason : null;
      s.history.push(
        reason
          ? note(`${who} left: ${reason}`, 'programme.left.reason', { member: who, reason })
          : note(`${who} left`, 'programme.left', { member: who }),
      );
      break;
    }
    case ACT.milestoneAdded: {
      requireParticipant(s, who);
      const ms = checkMilestone(p.milestone, 'milestone');
      if (!isParticipant(s, ms.owner))
        throw refused(
          'owner_not_participant',
          `owner ${ms.owner} does not take part in ${s.id}`,
          'owner',
        ).withDetail({ member: ms.owner, programme: s.title });
      if (s.milestones.length >= 50)
        throw refused('too_many_milestones', 'at most fifty milestones').withDetail({ max: 50 });
      const id = (p.milestone as { id: string }).id;
      s.milestones.push({
        ...ms,
        id,
        status: 'open',
        completedAt: null,
        completedBy: null,
        evidence: null,
      });
      s.history.push(
        note(
          `milestone "${ms.title}" due ${ms.due}, owner ${ms.owner}`,
          'programme.milestone.added',
          {
            milestoneId: id,
            title: ms.title,
            due: ms.due,
            owner: ms.owner,
          },
        ),
      );
      break;
    }
    case ACT.milestoneCompleted: {
      const ms = checkCompleter(s, who, p.milestoneId);
      if (councilRequired(s, 'complete'))
        throw refused(
          'council_decision_required',
          `completing a milestone of ${s.id} needs a council decision: file a request`,
        ).withDetail({ action: 'complete' });
      const evidence = text(p.evidence, 'evidence', 3, 2000);
      Object.assign(ms, { status: 'completed', completedAt: act.at, completedBy: who, evidence });
      s.history.push(
        note(`milestone "${ms.title}" completed by ${who}`, 'programme.milestone.completed', {
          milestoneId: ms.id,
          title: ms.title,
          member: who,
        }),
      );
      break;
    }
    case ACT.contribution: {
      requireParticipant(s, who);
      const c = checkContribution(p.contribution);
      const id = (p.contribution as { id: string }).id;
      s.contributions.push({ ...c, id, member: who, at: act.at, actId: act.id });
      s.history.push(
        note(
          `${who} committed ${c.amount} ${c.unit} (${c.kind}): ${c.description}`,
          'programme.contribution',
          {
            member: who,
            amount: c.amount,
            unit: c.unit,
            kind: c.kind,
            description: c.description,
          },
        ),
      );
      break;
    }
    case ACT.requestFiled: {
      const action = p.action;
      if (!isOneOf(COUNCIL_ACTIONS, action))
        throw badInput('action', `action is one of ${COUNCIL_ACTIONS.join(', ')}`).withDetail(
          { allowedValues: COUNCIL_ACTIONS.join(', ') },
          'validation.enum',
        );
      if (!councilRequired(s, action) || s.governance.rule !== 'council')
        throw refused(
          'no_council_needed',
          `${action} in ${s.id} needs no council decision: act directly`,
          'action',
        ).withDetail({ action });
      if (
        s.requests.some(
          (r) =>
            r.status === 'pending' &&
            r.member === who &&
            r.action === action &&
            r.milestoneId === (p.milestoneId ?? null),
        )
      )
        throw refused(
          'request_pending',
          `${who} has a pending ${action} request in ${s.id}`,
        ).withDetail({ member: who, action });
      let evidence: string | null = null;
      if (action === 'join') {
        requireAllianceMember(ctx, s, who, day);
        if (isParticipant(s, who))
          throw refused('already_participant', `${who} takes part already`).withDetail({
            member: who,
          });
      } else {
        checkCompleter(s, who, p.milestoneId);
        evidence = text(p.evidence, 'evidence', 3, 2000);
      }
      const requestId = String(p.requestId);
      s.requests.push({
        id: requestId,
        action,
        member: who,
        milestoneId: action === 'complete' ? String(p.milestoneId) : null,
        evidence,
        council: {
          charterId: s.governance.charterId,
          decisionType: s.governance.decisionType,
          matter: `programme-${s.id}`
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, '-')
            .slice(0, 120),
          relatedTo: relatedToOf(s.id, requestId),
        },
        status: 'pending',
        filedAt: act.at,
        procedureId: null,
        settledAt: null,
        reason: null,
      });
      s.history.push(
        action === 'complete'
          ? note(
              `${who} asked the council to decide: ${action} ${String(p.milestoneId)}`,
              'programme.request.complete',
              { member: who, milestoneId: String(p.milestoneId) },
            )
          : note(`${who} asked the council to decide: ${action}`, 'programme.request.join', {
              member: who,
            }),
      );
      break;
    }
    case ACT.requestSettled: {
      if (raw.actor !== SECRETARIAT)
        throw refused('forbidden', 'a council outcome is entered by the secretariat').withDetail(
          {},
          'secretariat_role_required',
        );
      const r = s.requests.find((x) => x.id === p.requestId);
      if (!r)
        throw refused('no_such_request', `no request ${String(p.requestId)} in ${s.id}`).withDetail(
          {
            request: String(p.requestId),
          },
        );
      if (r.status !== 'pending')
        throw refused('request_settled', `request ${r.id} is settled`).withDetail({
          request: r.id,
          status: r.status,
        });
      const approved = p.approved === true;
      r.status = approved ? 'approved' : 'refused';
      r.procedureId = String(p.procedureId);
      r.settledAt = act.at;
      r.reason = typeof p.reason === 'string' ? p.reason : null;
      if (approved && r.action === 'join') {
        // Membership may have changed while the council deliberated.
        requireAllianceMember(ctx, s, r.member, day);
        if (!isParticipant(s, r.member)) s.participants.push({ member: r.member, since: act.at });
      } else if (approved && r.action === 'complete') {
        const ms = openMilestone(s, r.milestoneId);
        Object.assign(ms, {
          status: 'completed',
          completedAt: act.at,
          completedBy: r.member,
          evidence: r.evidence,
        });
      }
      s.history.push(
        note(
          `council ${r.procedureId} ${approved ? 'approved' : 'did not approve'} ${r.member}'s ${r.action}`,
          approved ? 'programme.request.approved' : 'programme.request.refused',
          {
            procedureId: r.procedureId,
            member: r.member,
            action: r.action,
            ...(r.milestoneId ? { milestoneId: r.milestoneId } : {}),
          },
        ),
      );
      break;
    }
    default:
      throw refused('unknown_act', `unknown programme act ${act.type}`);
  }
  s.status = statusOf(s);
  return s;
}

/** Milestones met: completed on or before their due date, out of those due by `day`. */
export function milestonesMet(s: ProgrammeState, day: string): { due: number; met: number } {
  let due = 0,
    met = 0;
  for (const m of s.milestones) {
    if (m.due > day) continue;
    due++;
    if (
      m.status === 'completed' &&
      m.completedAt!.slice(0, 10) <= m.due &&
      m.completedAt!.slice(0, 10) <= day
    )
      met++;
  }
  return { due, met };
}
