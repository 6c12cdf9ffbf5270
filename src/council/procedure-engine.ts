import { dayOf } from '../core/dates.js';
import { refused, messageOf } from '../core/errors.js';
import { isActOf, payloadFields, payloadOf } from '../record/act-catalogue.js';
import { SECRETARIAT } from '../record/model.js';
import {
  decide,
  RULE_KINDS,
  ruleOf,
  type Choice,
  type Outcome,
  type RuleSpec,
} from './decision-rules.js';
import type { ActKind, Charter, OpenPayload, ProcedureState } from './model.js';

/**
 * Procedures as state machines over signed acts. `checkOpen`/`checkAct`/`checkClose` say whether an act
 * may be taken (throwing a 422 with the reason); `apply` folds an act into the state. The service calls
 * the checks before appending; `replayProcedure` folds the stored acts to recompute any outcome.
 */

export const ACT = {
  opened: 'council.procedure.opened',
  position: 'council.position',
  vote: 'council.vote',
  objection: 'council.objection',
  assistance: 'council.assistance',
  closed: 'council.procedure.closed',
  chairDeclined: 'council.chair.declined',
} as const;

const ACT_KINDS = new Map<string, ActKind>([
  [ACT.position, 'position'],
  [ACT.vote, 'vote'],
  [ACT.objection, 'objection'],
  [ACT.assistance, 'assistance'],
]);

/** The member's act kind a participation act's type records, null for other types. */
export const actKindOf = (type: string): ActKind | null => ACT_KINDS.get(type) ?? null;

export interface ActLike {
  id: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: unknown;
}

export interface EngineContext {
  charter: Charter;
  /** Members on a day: active (may act) and suspended. */
  membership(day: string): { active: string[]; suspended: string[] };
  /** Closed consultations of this charter on `matter` whose closing act precedes `beforeSeq`. */
  closedConsultation(
    matter: string,
    beforeSeq: number,
  ): { procedureId: string; closedAt: string } | null;
}

export interface ActInputPayload {
  stance?: string;
  statement?: string;
  choice?: Choice;
  kind?: string;
  description?: string;
}

const isMemberActor = (ctx: EngineContext, actor: string, day: string, field = 'member'): void => {
  const m = ctx.membership(day);
  if (m.suspended.includes(actor))
    throw refused(
      'member_suspended',
      `${actor} is suspended from ${ctx.charter.name} on ${day} and may not act`,
      field,
    ).withDetail({ member: actor, alliance: ctx.charter.name, day });
  if (!m.active.includes(actor))
    throw refused(
      'not_a_member',
      `${actor} is not a member of ${ctx.charter.name} on ${day}`,
      field,
    ).withDetail({ member: actor, alliance: ctx.charter.name, day });
};

export function checkOpen(
  ctx: EngineContext,
  actor: string,
  p: OpenPayload,
  at: string,
  seq: number,
): void {
  const { charter } = ctx;
  if (p.deadline !== null && p.deadline <= at)
    throw refused(
      'deadline_in_past',
      `the deadline ${p.deadline} is not after now (${at})`,
      'deadline',
    ).withDetail({ deadline: p.deadline, now: at });
  if (actor !== SECRETARIAT) isMemberActor(ctx, actor, dayOf(new Date(at)));
  if (p.kind === 'consultation') {
    if (!charter.consultation)
      throw refused(
        'no_consultation_clause',
        `${charter.name} has no consultation clause`,
        'kind',
      ).withDetail({ alliance: charter.name });
    if (actor === SECRETARIAT)
      throw refused(
        'member_request_required',
        'consultations are requested by a member that considers itself threatened',
        'kind',
      ).withDetail({}, 'member_request_required.consultation');
    if (!p.grounds?.length)
      throw refused(
        'grounds_required',
        'name the grounds: territorial_integrity, political_independence or security',
        'grounds',
      ).withDetail({});
  } else if (p.kind === 'defence') {
    const cd = charter.collectiveDefence;
    if (!cd)
      throw refused(
        'no_defence_clause',
        `${charter.name} has no collective-defence clause`,
        'kind',
      ).withDetail({ alliance: charter.name });
    if (actor === SECRETARIAT)
      throw refused(
        'member_request_required',
        'the collective-defence clause is invoked by the attacked member',
        'kind',
      ).withDetail({}, 'member_request_required.defence');
    if (p.article !== cd.article)
      throw refused(
        'wrong_article',
        `invoke the treaty article by name: '${cd.article}'`,
        'article',
      ).withDetail({ article: cd.article });
  } else {
    const spec = p.decisionType ? charter.decisions[p.decisionType] : undefined;
    if (!spec)
      throw refused(
        'unknown_decision_type',
        `${charter.name} has no decision type '${p.decisionType}'; it has ${Object.keys(charter.decisions).join(', ')}`,
        'decisionType',
      ).withDetail({
        alliance: charter.name,
        decisionType: p.decisionType ?? '',
        known: Object.keys(charter.decisions).join(', '),
      });
    if (ruleOf(spec.rule.kind).needsDeadline && p.deadline === null)
      throw refused(
        'deadline_required',
        `a ${spec.rule.kind} procedure needs a deadline`,
        'deadline',
      ).withDetail({ rule: spec.rule.kind });
    if (spec.requiresRequest && actor === SECRETARIAT)
      throw refused(
        'member_request_required',
        `a ${spec.label} decision needs a member's request`,
        'decisionType',
      ).withDetail({ decision: spec.label }, 'member_request_required.decision');
    if (spec.requiresConsultation && !ctx.closedConsultation(p.matter, seq))
      throw refused('consultation_required', useOfForceRefusal(p.matter), 'matter').withDetail({
        matter: p.matter,
      });
    for (const party of p.parties ?? [])
      if (
        !ctx
          .membership(dayOf(new Date(at)))
          .active.concat(ctx.membership(dayOf(new Date(at))).suspended)
          .includes(party.member)
      )
        throw refused(
          'not_a_member',
          `party ${party.member} is not a member of ${charter.name}`,
          'parties',
        ).withDetail({ member: party.member, alliance: charter.name }, 'party_not_a_member');
  }
}

/** Whether `member` was an active member of the charter's alliance on the day a procedure opened (else it may not act in it). */
const activeAtOpening = (ctx: EngineContext, openedAt: string, member: string): boolean =>
  ctx.membership(dayOf(new Date(openedAt))).active.includes(member);

/** The party role under which a decision's rule does not count `member`'s vote, if any. */
const excludedParty = (open: OpenPayload, rule: RuleSpec, member: string) =>
  open.parties?.find((x) => x.member === member && rule.exclude?.includes(x.role));

/** An act a member is awaited to take in a procedure. */
export type DueAct = 'vote' | 'position' | 'objection';

/**
 * The act a procedure awaits from `member`, by the rules `checkAct` enforces: none when it was not an
 * active member on the day the procedure opened or is a party whose vote the rule excludes (its acts are
 * refused), or when the decision type is not in the charter; a position in a consultation or defence
 * procedure; a vote in a decision, or under a rule that refuses votes (the silence procedure) the
 * objection that breaks silence.
 */
export function dueFrom(
  ctx: EngineContext,
  open: OpenPayload,
  openedAt: string,
  member: string,
): DueAct | null {
  if (!activeAtOpening(ctx, openedAt, member)) return null;
  if (open.kind !== 'decision') return 'position';
  const rule = open.decisionType ? ctx.charter.decisions[open.decisionType]?.rule : undefined;
  if (!rule || excludedParty(open, rule, member)) return null;
  return ruleOf(rule.kind).refusesVotes === null ? 'vote' : 'objection';
}

export const useOfForceRefusal = (matter: string) =>
  `no authorisation of force without a completed consultation: no consultation on matter '${matter}' has closed in this council`;

/** Throws the reason an act may not be taken in this procedure now; returns when it may. */
export function checkAct(
  ctx: EngineContext,
  state: ProcedureState,
  kind: ActKind,
  actor: string,
  p: ActInputPayload,
  at: string,
): void {
  if (state.status === 'closed')
    throw refused(
      'procedure_closed',
      `procedure ${state.id} closed at ${state.closedAt}`,
    ).withDetail({ procedure: state.id, closedAt: state.closedAt ?? '' });
  if (state.deadline !== null && at >= state.deadline)
    throw refused(
      'deadline_passed',
      `the deadline ${state.deadline} has passed (now ${at})`,
    ).withDetail({ deadline: state.deadline, now: at });
  isMemberActor(ctx, actor, dayOf(new Date(at)));
  if (!activeAtOpening(ctx, state.openedAt, actor))
    throw refused(
      'not_a_member',
      `${actor} was not an active member when procedure ${state.id} opened`,
    ).withDetail({ member: actor, procedure: state.id }, 'not_member_at_opening');
  const rule =
    state.kind === 'decision' ? ctx.charter.decisions[state.open.decisionType!].rule : null;
  const wrong = (msg: string, detailCode: string) =>
    refused('wrong_act', msg, 'kind').withDetail({ kind: state.kind }, detailCode);
  switch (kind) {
    case 'vote': {
      if (!rule) throw wrong(`a ${state.kind} takes positions, not votes`, 'wrong_act.vote');
      const refusesVotes = ruleOf(rule.kind).refusesVotes;
      if (refusesVotes !== null) throw wrong(refusesVotes, 'wrong_act.silence');
      if (!['yes', 'no', 'abstain'].includes(p.choice as string))
        throw refused('invalid_input', `choice must be yes, no or abstain`, 'choice').withDetail(
          {},
          'choice_invalid',
        );
      if (state.votes.some((v) => v.member === actor))
        throw refused('already_voted', `${actor} has already voted in ${state.id}`).withDetail({
          member: actor,
          procedure: state.id,
        });
      const party = excludedParty(state.open, rule, actor);
      if (party)
        throw refused(
          'party_excluded',
          `${actor} is the ${party.role} party: its vote is not counted on this matter`,
        ).withDetail({ member: actor, role: party.role });
      return;
    }
    case 'objection':
      if (!rule || !ruleOf(rule.kind).takesObjections)
        throw wrong(
          `formal objections apply to ${RULE_KINDS.filter((kind) => ruleOf(kind).takesObjections).join(' and ')} procedures; vote no instead`,
          'wrong_act.objection',
        );
      if (state.objections.some((o) => o.member === actor))
        throw refused(
          'already_objected',
          `${actor} has already objected in ${state.id}`,
        ).withDetail({ member: actor, procedure: state.id });
      return;
    case 'position':
      if (state.kind === 'decision')
        throw wrong(
          'a decision takes votes; state positions in the consultation',
          'wrong_act.position',
        );
      if (state.positions.some((x) => x.member === actor))
        throw refused(
          'already_stated',
          `${actor} has already stated its position in ${state.id}`,
        ).withDetail({ member: actor, procedure: state.id });
      return;
    case 'assistance':
      if (state.kind !== 'defence')
        throw wrong(
          'assistance is recorded under an invocation of the collective-defence clause',
          'wrong_act.assistance',
        );
      if (state.assistance.some((x) => x.member === actor))
        throw refused(
          'already_recorded',
          `${actor} has already recorded its assistance in ${state.id}`,
        ).withDetail({ member: actor, procedure: state.id });
      return;
  }
}

export function checkClose(
  ctx: EngineContext,
  state: ProcedureState,
  actor: string,
  at: string,
): void {
  if (state.status === 'closed')
    throw refused(
      'procedure_closed',
      `procedure ${state.id} closed at ${state.closedAt}`,
    ).withDetail({ procedure: state.id, closedAt: state.closedAt ?? '' });
  const rule =
    state.kind === 'decision' ? ctx.charter.decisions[state.open.decisionType!].rule : null;
  if (
    rule !== null &&
    ruleOf(rule.kind).holdsUntilDeadline &&
    state.deadline !== null &&
    at < state.deadline &&
    state.objections.length === 0
  )
    throw refused(
      'silence_running',
      `silence holds until ${state.deadline}: the text cannot be closed before unless a member breaks silence`,
    ).withDetail({ deadline: state.deadline });
  if (actor !== SECRETARIAT && actor !== state.openedBy)
    throw refused(
      'not_allowed_to_close',
      `only the member that opened ${state.id} (${state.openedBy}) or the secretariat may close it`,
    ).withDetail({ procedure: state.id, openedBy: state.openedBy });
}

export function openState(act: ActLike): ProcedureState {
  const p = payloadOf(act, ACT.opened);
  return {
    id: p.procedureId,
    charterId: p.charterId,
    kind: p.kind,
    title: p.title,
    matter: p.matter,
    openedBy: act.actor,
    openedAt: act.at,
    deadline: p.deadline,
    status: 'open',
    closedAt: null,
    summary: null,
    open: p,
    positions: [],
    assistance: [],
    votes: [],
    objections: [],
    outcome: null,
    refusal: null,
    timeline: [
      {
        actId: act.id,
        seq: act.seq,
        at: act.at,
        actor: act.actor,
        type: act.type,
        summary: `${act.actor} opened: ${p.title}`,
        payload: { ...p },
      },
    ],
  };
}

/** Folds one act into the state (no checks: those ran before the act was recorded). */
export function apply(ctx: EngineContext, s: ProcedureState, act: ActLike): ProcedureState {
  const ev = (summary: string) =>
    s.timeline.push({
      actId: act.id,
      seq: act.seq,
      at: act.at,
      actor: act.actor,
      type: act.type,
      summary,
      payload: payloadFields(act),
    });
  if (isActOf(act, ACT.vote)) {
    s.votes.push({ member: act.actor, choice: act.payload.choice, at: act.at });
    ev(`${act.actor} voted ${act.payload.choice}`);
  } else if (isActOf(act, ACT.objection)) {
    const { statement } = act.payload;
    s.objections.push({ member: act.actor, statement: statement ?? '', at: act.at });
    ev(`${act.actor} objected${statement ? `: ${statement}` : ''}`);
  } else if (isActOf(act, ACT.position)) {
    const { stance, statement } = act.payload;
    s.positions.push({
      member: act.actor,
      stance: stance ?? 'stated',
      statement: statement ?? '',
      at: act.at,
    });
    ev(`${act.actor} (${stance ?? 'position'}): ${statement ?? ''}`);
  } else if (isActOf(act, ACT.assistance)) {
    const { kind, description } = act.payload;
    s.assistance.push({
      member: act.actor,
      kind: kind ?? 'other',
      description: description ?? '',
      at: act.at,
    });
    ev(`${act.actor} will assist (${kind ?? 'other'}): ${description ?? ''}`);
  } else if (isActOf(act, ACT.closed)) {
    const { summary } = act.payload;
    s.status = 'closed';
    s.closedAt = act.at;
    s.summary = summary ?? null;
    if (s.kind === 'decision') {
      const r = closingOutcome(ctx, s, act.at, act.seq);
      s.outcome = r.outcome;
      s.refusal = r.refusal;
    }
    ev(
      `${act.actor} closed the procedure${s.outcome ? `: ${s.outcome.status}` : ''}${summary ? ` — ${summary}` : ''}`,
    );
  }
  return s;
}

/** Outcome of a decision read at `now` (open) or as closed. */
export function currentOutcome(ctx: EngineContext, s: ProcedureState, now: string): Outcome | null {
  if (s.kind !== 'decision') return null;
  if (s.status === 'closed') return s.outcome;
  const spec = ctx.charter.decisions[s.open.decisionType!];
  return decide(spec.rule, decisionInput(ctx, s, null, now));
}

function decisionInput(
  ctx: EngineContext,
  s: ProcedureState,
  closedAt: string | null,
  now: string,
) {
  return {
    eligible: ctx.membership(dayOf(new Date(s.openedAt))).active,
    excluded: s.open.parties ?? [],
    ballots: s.votes,
    objections: s.objections,
    deadline: s.deadline,
    closedAt,
    now,
  };
}

/** The outcome at closing; an adopted use of force without a closed consultation becomes a refusal. */
export function closingOutcome(
  ctx: EngineContext,
  s: ProcedureState,
  at: string,
  seq: number,
): { outcome: Outcome; refusal: string | null } {
  const spec = ctx.charter.decisions[s.open.decisionType!];
  const outcome = decide(spec.rule, decisionInput(ctx, s, at, at));
  if (
    outcome.provisional === 'adopted' &&
    spec.requiresConsultation &&
    !ctx.closedConsultation(s.matter, seq)
  ) {
    const refusal = useOfForceRefusal(s.matter);
    return {
      outcome: {
        ...outcome,
        status: 'not_adopted',
        provisional: 'not_adopted',
        final: true,
        reason: refusal,
        bound: [],
        bindingScope: 'none',
      },
      refusal,
    };
  }
  return { outcome: { ...outcome, final: true, status: outcome.provisional }, refusal: null };
}

export interface ReplayResult {
  state: ProcedureState;
  /** Acts that should not have been recorded (a broken rule), each with the reason. */
  anomalies: { actId: string; reason: string }[];
}

/** Recomputes a procedure from its acts in record order, re-checking each act as it was taken. */
export function replayProcedure(ctx: EngineContext, acts: ActLike[]): ReplayResult {
  const sorted = [...acts].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  if (!first || first.type !== ACT.opened)
    throw new Error('a procedure starts with its opening act');
  const anomalies: ReplayResult['anomalies'] = [];
  try {
    checkOpen(ctx, first.actor, payloadOf(first, ACT.opened), first.at, first.seq);
  } catch (e) {
    anomalies.push({ actId: first.id, reason: messageOf(e) });
  }
  const state = openState(first);
  for (const act of sorted.slice(1)) {
    try {
      if (act.type === ACT.closed) checkClose(ctx, state, act.actor, act.at);
      else {
        const kind = actKindOf(act.type);
        if (!kind) throw new Error(`unexpected act type ${act.type}`);
        checkAct(ctx, state, kind, act.actor, payloadOf(act, ACT[kind]), act.at);
      }
    } catch (e) {
      anomalies.push({ actId: act.id, reason: messageOf(e) });
      continue;
    }
    apply(ctx, state, act);
  }
  return { state, anomalies };
}
