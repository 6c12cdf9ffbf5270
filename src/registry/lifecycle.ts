import { dayOf, isValidDay } from '../core/dates.js';
import { badInput, conflict, forbidden, notFound, refused } from '../core/errors.js';
import { isOneOf } from '../core/objects.js';
import { SECRETARIAT } from '../record/model.js';
import {
  DECIDED_KINDS,
  LIFECYCLE_KINDS,
  PROVISION_OBLIGATIONS,
  type Conclusion,
  type DecidedKind,
  type DecisionOnRecord,
  type LifecyclePayload,
  type LifecycleRule,
  type PartyProgress,
} from './lifecycle-model.js';
import type { Alliance, Membership, SeedData } from './model.js';

/** What a check needs besides the projection: who acts, today, and the decision the act cites. */
export interface LifecycleContext {
  actor: string;
  today: string;
  /** The council decision named by `payload.decision`, as the record shows it (null: none found). */
  decision: DecisionOnRecord | null;
  /** True while re-deriving the sourced history: acts may then stand on `record` instead of a decision. */
  historical: boolean;
  /** False when re-applying acts already recorded (start-up): time checks against today are skipped. */
  live: boolean;
}

/** Furthest ahead a treaty's entry into force may be scheduled (a fixed date after deposit). */
const EIF_AHEAD_DAYS = 366;

const addDays = (day: string, n: number): string =>
  dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** `day` plus whole months, clamped to the month's end (notice of 12 months from 29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return dayOf(first);
}

const emptyProgress = (allianceId: string, state: string): PartyProgress => ({
  allianceId,
  state,
  applied: null,
  admitted: null,
  signed: null,
  ratified: null,
  deposited: null,
  inForce: null,
  withdrawal: null,
  reservations: [],
});

/**
 * The registry's memberships and alliances as the sourced seed gives them, changed by life-cycle acts in
 * record order. `step` checks one act against the state so far and the alliance's rules and applies it;
 * it throws (changing nothing) when the act may not be taken.
 */
export class LifecycleProjection {
  memberships: Membership[];
  alliances: Map<string, Alliance>;
  progress = new Map<string, PartyProgress>();
  conclusions = new Map<string, Conclusion>();
  /** Council procedures already carried out by an act (one decision, one effect). */
  usedDecisions = new Set<string>();

  constructor(
    private readonly seed: SeedData,
    readonly rules: Map<string, LifecycleRule>,
    memberships?: Membership[],
  ) {
    this.memberships = (memberships ?? seed.memberships).map(cloneMembership);
    this.alliances = new Map(seed.alliances.map((a) => [a.id, { ...a }]));
  }

  clone(): LifecycleProjection {
    const c = new LifecycleProjection(this.seed, this.rules, this.memberships);
    c.alliances = new Map([...this.alliances].map(([k, a]) => [k, { ...a }]));
    c.progress = new Map(
      [...this.progress].map(([k, p]) => [k, { ...p, reservations: [...p.reservations] }]),
    );
    c.conclusions = new Map(this.conclusions);
    c.usedDecisions = new Set(this.usedDecisions);
    return c;
  }

  progressOf(allianceId: string, state: string): PartyProgress {
    const key = `${allianceId}/${state}`;
    let p = this.progress.get(key);
    if (!p) this.progress.set(key, (p = emptyProgress(allianceId, state)));
    return p;
  }

  /** The membership of `state` in force on `day`, if any. */
  memberOn(allianceId: string, state: string, day: string): Membership | undefined {
    const founded = this.alliances.get(allianceId)?.founded ?? null;
    return this.memberships.find(
      (m) =>
        m.allianceId === allianceId &&
        m.state === state &&
        m.role !== 'observer' &&
        (m.from ?? founded) !== null &&
        (m.from ?? founded)! <= day &&
        (m.to === null || day < m.to),
    );
  }

  /** A membership of `state` that has not ended by `day` (current, or starting later). */
  private notEnded(allianceId: string, state: string, day: string): Membership | undefined {
    return this.memberships.find(
      (m) =>
        m.allianceId === allianceId &&
        m.state === state &&
        m.role !== 'observer' &&
        (m.to === null || day < m.to),
    );
  }

  /** Checks `p` as an act of `ctx.actor` and applies it. Throws a TahalufError naming the field. */
  step(p: LifecyclePayload, ctx: LifecycleContext, actId: string): void {
    if (!isOneOf(LIFECYCLE_KINDS, p.kind))
      throw badInput(
        'kind',
        `'${String(p.kind)}' is not a life-cycle act (${LIFECYCLE_KINDS.join(', ')})`,
      ).withDetail({ allowedValues: LIFECYCLE_KINDS.join(', ') }, 'validation.enum');
    const alliance = this.alliances.get(p.allianceId);
    if (!alliance) throw notFound('alliance', p.allianceId);
    const rule = this.rules.get(p.allianceId);
    if (!rule)
      throw refused(
        'no_lifecycle_rules',
        `Tahaluf has no sourced rules for how ${alliance.name} admits, suspends or lets go of members; no life-cycle act is taken outside them`,
        'allianceId',
      ).withDetail({ alliance: alliance.id });
    if (!isValidDay(p.date))
      throw badInput('date', `'${p.date}' is not a date YYYY-MM-DD`).withDetail(
        { format: 'date' },
        'validation.format',
      );
    const state = p.state;
    if (p.kind !== 'entry_into_force' && !state)
      throw badInput('state', `a ${p.kind} names the state concerned`).withDetail(
        {},
        'validation.required',
      );
    if (state !== undefined && !/^[A-Z]{3}$/.test(state))
      throw badInput('state', `'${state}' is not an ISO 3166 alpha-3 code`).withDetail(
        { value: state },
        'unknown_state',
      );
    if (state !== undefined && !this.seed.states.some((s) => s.iso3 === state))
      throw badInput('state', `'${state}' is not a known state code`).withDetail(
        { value: state },
        'unknown_state',
      );
    if (ctx.live) {
      const limit = p.kind === 'entry_into_force' ? addDays(ctx.today, EIF_AHEAD_DAYS) : ctx.today;
      if (p.date > limit)
        throw badInput(
          'date',
          p.kind === 'entry_into_force'
            ? `${p.date} is more than ${EIF_AHEAD_DAYS} days ahead`
            : `${p.date} is after today (${ctx.today}): record acts that were taken`,
        ).withDetail(
          p.kind === 'entry_into_force'
            ? { date: p.date, days: EIF_AHEAD_DAYS }
            : { date: p.date, today: ctx.today },
          p.kind === 'entry_into_force' ? 'date_too_far_ahead' : 'date_in_future',
        );
    }
    const since = alliance.founded ?? alliance.attestedFrom?.date ?? null;
    if (since && p.date < since && !p.record)
      throw badInput('date', `${p.date} is before ${alliance.name} existed (${since})`).withDetail(
        { date: p.date, alliance: alliance.id, since },
        'date_before_alliance',
      );
    if (alliance.status === 'ended' || (alliance.ended && p.date >= alliance.ended))
      throw refused('alliance_ended', `${alliance.name} has ended`, 'allianceId').withDetail({
        alliance: alliance.id,
      });
    if (p.record) {
      if (!ctx.historical)
        throw badInput(
          'record',
          'only the re-derivation of the sourced history may rest on the record instead of a decision',
        ).withDetail({}, 'record_history_only');
      if (!p.record.sources?.length)
        throw badInput('record/sources', 'a historical act names its sources').withDetail(
          {},
          'sources_required.history',
        );
    }
    this.checkActor(p, ctx.actor, state);
    if (state && p.kind !== 'exit') this.checkNotMerged(state, p.date);
    if (isOneOf(DECIDED_KINDS, p.kind) && !p.record)
      this.checkDecision(p, p.kind, rule, ctx.decision);
    switch (p.kind) {
      case 'application':
        return this.application(p, rule, alliance, state!, actId);
      case 'admission':
        return this.admission(p, rule, alliance, state!, actId);
      case 'signature':
      case 'ratification':
      case 'deposit':
        return this.treatyStep(p, rule, alliance, state!, actId);
      case 'entry_into_force':
        return state
          ? this.partyInForce(p, rule, alliance, state, actId)
          : this.treatyInForce(p, rule, alliance, actId);
      case 'reservation':
      case 'declaration':
        return this.reservation(p, p.kind, rule, alliance, state!, actId);
      case 'suspension':
        return this.suspension(p, alliance, state!);
      case 'readmission':
        return this.readmission(p, alliance, state!);
      case 'withdrawal':
        return this.withdrawal(p, rule, alliance, state!, actId);
      case 'exit':
        return this.exit(p, alliance, state!);
    }
  }

  private checkActor(p: LifecyclePayload, actor: string, state: string | undefined): void {
    const byState = ['application', 'signature', 'ratification', 'reservation', 'declaration'];
    const bySecretariat = ['admission', 'suspension', 'readmission', 'entry_into_force', 'exit'];
    if (p.kind === 'withdrawal' && p.record ? actor !== SECRETARIAT : false)
      throw forbidden('a withdrawal on record is entered by the secretariat').withDetail(
        {},
        'secretariat_role_required',
      );
    if ((byState.includes(p.kind) || (p.kind === 'withdrawal' && !p.record)) && actor !== state)
      throw forbidden(`a ${p.kind} is the act of ${state} itself, not of ${actor}`).withDetail(
        { kind: p.kind, member: state ?? '', actor },
        'act_of_the_state',
      );
    if (bySecretariat.includes(p.kind) && actor !== SECRETARIAT)
      throw forbidden(
        `a ${p.kind} is entered by the secretariat (it carries out the council's decision or is the depositary), not by ${actor}`,
      ).withDetail({ kind: p.kind }, 'secretariat_act');
    if (p.kind === 'deposit' && actor !== state && actor !== SECRETARIAT)
      throw forbidden(
        `a deposit is made by ${state} or received by the secretariat, not by ${actor}`,
      ).withDetail({ member: state ?? '', actor }, 'deposit_actor');
  }

  private checkNotMerged(state: string, day: string): void {
    const s = this.seed.states.find((x) => x.iso3 === state);
    const union = s?.mergedInto?.find((m) => m.from <= day && (m.to === null || day < m.to));
    if (union)
      throw refused(
        'state_merged',
        `${state} was part of the ${union.name} on ${day}; it could not act separately`,
        'state',
      ).withDetail({ member: state, union: union.name, day });
  }

  /** The act carries out an adopted council decision of the charter's type, on this very matter. */
  private checkDecision(
    p: LifecyclePayload,
    kind: DecidedKind,
    rule: LifecycleRule,
    d: DecisionOnRecord | null,
  ): void {
    const ref = rule[kind];
    if (!ref)
      throw refused(
        `no_${p.kind}_rule`,
        `the rules of ${p.allianceId} provide for no ${p.kind}`,
        'kind',
      ).withDetail({ alliance: p.allianceId, kind: p.kind }, 'no_rule');
    if (!p.decision)
      throw badInput(
        'decision',
        `a ${p.kind} carries out a decision of ${ref.charterId} (${ref.decisionType}, ${ref.article}): name the council procedure`,
      ).withDetail(
        { kind: p.kind, alliance: ref.charterId, article: ref.article },
        'decision_required',
      );
    if (!d) throw notFound('council procedure', p.decision);
    const matter = `${p.kind}-${p.state!.toLowerCase()}`;
    if (
      d.charterId !== ref.charterId ||
      d.kind !== 'decision' ||
      d.decisionType !== ref.decisionType
    )
      throw refused(
        'wrong_decision',
        `a ${p.kind} in ${p.allianceId} needs a '${ref.decisionType}' decision of charter ${ref.charterId} (${ref.article}); ${d.procedureId} is a ${d.kind}${d.decisionType ? ` '${d.decisionType}'` : ''} of ${d.charterId}`,
        'decision',
      ).withDetail(
        {
          kind: p.kind,
          decisionType: ref.decisionType,
          alliance: ref.charterId,
          article: ref.article,
          procedure: d.procedureId,
        },
        'wrong_decision.type',
      );
    if (d.matter !== matter)
      throw refused(
        'wrong_decision',
        `the decision's matter is '${d.matter}'; a ${p.kind} of ${p.state} is decided on matter '${matter}'`,
        'decision',
      ).withDetail({ given: d.matter, matter }, 'wrong_decision.matter');
    if (d.status === null || d.closedAt === null)
      throw refused(
        'decision_open',
        `procedure ${d.procedureId} is still open`,
        'decision',
      ).withDetail({ procedure: d.procedureId });
    if (d.status !== 'adopted')
      throw refused(
        'decision_not_adopted',
        `procedure ${d.procedureId} closed ${d.status.replace('_', ' ')}: nothing to carry out`,
        'decision',
      ).withDetail({ procedure: d.procedureId, status: d.status });
    if (p.date < dayOf(new Date(d.closedAt)))
      throw badInput(
        'date',
        `${p.date} is before the decision was taken (${dayOf(new Date(d.closedAt))})`,
      ).withDetail({ date: p.date, decided: dayOf(new Date(d.closedAt)) }, 'date_before_decision');
  }

  /** One adopted decision is carried out once (checked after the state's own checks). */
  private useDecision(p: LifecyclePayload): void {
    if (!p.decision) return;
    if (this.usedDecisions.has(p.decision))
      throw conflict(
        'decision_used',
        `the decision ${p.decision} has already been carried out`,
        'decision',
      ).withDetail({ procedure: p.decision });
    this.usedDecisions.add(p.decision);
  }

  private application(
    p: LifecyclePayload,
    rule: LifecycleRule,
    a: Alliance,
    state: string,
    actId: string,
  ) {
    if (rule.entry === 'ratification' && !this.conclusions.has(a.id))
      throw refused(
        'not_in_force',
        `${a.name} has no text in force yet: a founding state signs it as an original signatory; applications are for accession once it is in force`,
        'kind',
      ).withDetail({ alliance: a.id }, 'not_in_force.application');
    if (this.notEnded(a.id, state, p.date))
      throw conflict(
        'already_member',
        `${state} is already a member of ${a.name}`,
        'state',
      ).withDetail({ member: state, alliance: a.id });
    const pr = this.progressOf(a.id, state);
    if (pr.applied && !pr.admitted)
      throw conflict(
        'already_applied',
        `${state} applied on ${pr.applied.date}; the council has not decided yet`,
        'state',
      ).withDetail({ member: state, date: pr.applied.date });
    if (pr.admitted && !pr.inForce && rule.entry === 'ratification')
      throw conflict(
        'already_admitted',
        `${state} was admitted on ${pr.admitted.date}; it signs next`,
        'state',
      ).withDetail({ member: state, date: pr.admitted.date });
    Object.assign(pr, {
      applied: { date: p.date, actId },
      admitted: null,
      signed: null,
      ratified: null,
      deposited: null,
      inForce: null,
      withdrawal: null,
    });
  }

  private admission(
    p: LifecyclePayload,
    rule: LifecycleRule,
    a: Alliance,
    state: string,
    actId: string,
  ) {
    const pr = this.progressOf(a.id, state);
    if (
      this.notEnded(a.id, state, p.date) ||
      (rule.entry === 'ratification' && pr.admitted && !pr.withdrawal)
    )
      throw conflict(
        'already_member',
        `${state} is already admitted to ${a.name}; it cannot be admitted twice`,
        'state',
      ).withDetail({ member: state, alliance: a.id });
    if (!p.record && (!pr.applied || pr.admitted))
      throw refused(
        'no_application',
        `${state} has no pending application to ${a.name}`,
        'state',
      ).withDetail({ member: state, alliance: a.id });
    if (!p.record && pr.applied && p.date < pr.applied.date)
      throw badInput(
        'date',
        `${p.date} is before ${state}'s application (${pr.applied.date})`,
      ).withDetail(
        { date: p.date, member: state, step: 'application', stepDate: pr.applied.date },
        'date_before_step',
      );
    this.useDecision(p);
    pr.admitted = { date: p.date, actId };
    if (rule.entry === 'admission') this.addMember(a.id, state, p.date, p, actId);
  }

  private treatyStep(
    p: LifecyclePayload,
    rule: LifecycleRule,
    a: Alliance,
    state: string,
    actId: string,
  ) {
    if (rule.entry !== 'ratification')
      throw refused(
        'no_treaty_steps',
        `members join ${a.name} by the council's admission: there is no text to ${p.kind === 'signature' ? 'sign' : p.kind === 'ratification' ? 'ratify' : 'deposit'}`,
        'kind',
      ).withDetail({ alliance: a.id, kind: p.kind });
    const pr = this.progressOf(a.id, state);
    if (pr.inForce && !pr.withdrawal)
      throw conflict(
        'already_party',
        `${state} is already a party to ${a.name}`,
        'state',
      ).withDetail({ member: state, alliance: a.id });
    const before = (prev: { date: string } | null, what: string) => {
      if (prev && p.date < prev.date)
        throw badInput('date', `${p.date} is before ${state}'s ${what} (${prev.date})`).withDetail(
          { date: p.date, member: state, step: what, stepDate: prev.date },
          'date_before_step',
        );
    };
    if (p.kind === 'signature') {
      if (pr.signed)
        throw conflict(
          'already_signed',
          `${state} signed ${a.name} on ${pr.signed.date}`,
          'state',
        ).withDetail({ member: state, alliance: a.id, date: pr.signed.date });
      if (this.conclusions.has(a.id) && !pr.admitted)
        throw refused(
          'not_admitted',
          `${a.name} is in force: ${state} signs it only after the council has admitted it (apply first)`,
          'state',
        ).withDetail({ member: state, alliance: a.id });
      before(pr.admitted, 'admission');
      pr.signed = { date: p.date, actId };
    } else if (p.kind === 'ratification') {
      if (!pr.signed)
        throw refused(
          'not_signed',
          `${state} cannot ratify ${a.name}: it has not signed it`,
          'state',
        ).withDetail({ member: state, alliance: a.id });
      if (pr.ratified)
        throw conflict(
          'already_ratified',
          `${state} ratified ${a.name} on ${pr.ratified.date}`,
          'state',
        ).withDetail({ member: state, alliance: a.id, date: pr.ratified.date });
      before(pr.signed, 'signature');
      pr.ratified = { date: p.date, actId };
    } else {
      if (!pr.ratified)
        throw refused(
          'not_ratified',
          `${state} cannot deposit an instrument of ratification of ${a.name}: it has not ratified it`,
          'state',
        ).withDetail({ member: state, alliance: a.id });
      if (pr.deposited)
        throw conflict(
          'already_deposited',
          `${state} deposited on ${pr.deposited.date}`,
          'state',
        ).withDetail({ member: state, date: pr.deposited.date });
      before(pr.ratified, 'ratification');
      pr.deposited = { date: p.date, actId };
    }
  }

  private partyInForce(
    p: LifecyclePayload,
    rule: LifecycleRule,
    a: Alliance,
    state: string,
    actId: string,
  ) {
    if (rule.entry !== 'ratification')
      throw refused(
        'no_treaty_steps',
        `members join ${a.name} by admission, not by entry into force`,
        'kind',
      ).withDetail({ alliance: a.id, kind: p.kind });
    const c = this.conclusions.get(a.id);
    if (!c)
      throw refused(
        'not_in_force',
        `${a.name}'s text is not in force yet: enter the treaty into force first (no state)`,
        'state',
      ).withDetail({ alliance: a.id });
    const pr = this.progressOf(a.id, state);
    if (pr.inForce && !pr.withdrawal)
      throw conflict(
        'already_party',
        `${state} is already a party to ${a.name} (since ${pr.inForce.date})`,
        'state',
      ).withDetail({ member: state, alliance: a.id });
    if (!pr.deposited)
      throw refused(
        'not_deposited',
        `${state} has not deposited its instrument of ratification of ${a.name}`,
        'state',
      ).withDetail({ member: state, alliance: a.id });
    if (p.date < pr.deposited.date || p.date < c.date)
      throw badInput(
        'date',
        `${p.date} is before ${state}'s deposit (${pr.deposited.date}) or the treaty's entry into force (${c.date})`,
      ).withDetail(
        { date: p.date, member: state, deposited: pr.deposited.date, inForce: c.date },
        'date_before_deposit',
      );
    pr.inForce = { date: p.date, actId };
    this.addMember(a.id, state, p.date, p, actId);
  }

  private treatyInForce(p: LifecyclePayload, rule: LifecycleRule, a: Alliance, actId: string) {
    if (rule.entry !== 'ratification' || !rule.founding)
      throw refused(
        'no_treaty_steps',
        `${a.name} has no text entering into force by deposits`,
        'kind',
      ).withDetail({ alliance: a.id, kind: p.kind });
    if (this.conclusions.has(a.id))
      throw conflict(
        'already_in_force',
        `${a.name} entered into force on ${this.conclusions.get(a.id)!.date}`,
        'allianceId',
      ).withDetail({ alliance: a.id, date: this.conclusions.get(a.id)!.date });
    const deposited = [...this.progress.values()].filter(
      (x) => x.allianceId === a.id && x.deposited && x.deposited.date <= p.date,
    );
    if (deposited.length < rule.founding.minDeposits)
      throw refused(
        'not_enough_deposits',
        `${a.name} enters into force when ${rule.founding.minDeposits} signatories have deposited their ratification; ${deposited.length} have by ${p.date}`,
        'date',
      ).withDetail({
        alliance: a.id,
        required: rule.founding.minDeposits,
        deposited: deposited.length,
        date: p.date,
      });
    const provisions = p.provisions ?? [];
    provisions.forEach((x, i) => {
      if (!isOneOf(PROVISION_OBLIGATIONS, x.obligation))
        throw badInput(
          `provisions/${i}/obligation`,
          `'${String(x.obligation)}' is not one of ${PROVISION_OBLIGATIONS.join(', ')}`,
        ).withDetail({ allowedValues: PROVISION_OBLIGATIONS.join(', ') }, 'validation.enum');
      if (!x.article?.trim())
        throw badInput(`provisions/${i}/article`, 'name the article of the text').withDetail(
          {},
          'validation.required',
        );
      if (!x.summary?.trim() || x.summary.length > 1000)
        throw badInput(
          `provisions/${i}/summary`,
          'summarise the clause in 1 to 1000 characters',
        ).withDetail({ min: 1, max: 1000 }, 'text_length');
    });
    this.conclusions.set(a.id, {
      allianceId: a.id,
      date: p.date,
      actId,
      provisions,
      documentSha256: p.documentSha256 ?? null,
    });
    this.alliances.set(a.id, {
      ...a,
      kind: 'treaty',
      status: 'in_force',
      concluded: { date: p.date, actId, provisions, documentSha256: p.documentSha256 ?? null },
    });
    for (const pr of deposited) {
      pr.inForce = { date: p.date, actId };
      this.addMember(a.id, pr.state, p.date, p, actId);
    }
  }

  private reservation(
    p: LifecyclePayload,
    kind: 'reservation' | 'declaration',
    rule: LifecycleRule,
    a: Alliance,
    state: string,
    actId: string,
  ) {
    const article = p.article?.trim() ?? '';
    const text = p.text?.trim() ?? '';
    if (!article || article.length > 100)
      throw badInput('article', 'name the article (1 to 100 characters)').withDetail(
        { min: 1, max: 100 },
        'text_length',
      );
    if (!text || text.length > 4000)
      throw badInput('text', `the ${p.kind}'s text must be 1 to 4000 characters`).withDetail(
        { min: 1, max: 4000 },
        'text_length',
      );
    const pr = this.progressOf(a.id, state);
    const member = !!this.memberOn(a.id, state, p.date);
    if (rule.entry === 'ratification' ? !pr.signed && !member : !member)
      throw refused(
        'not_a_party',
        `${state} has neither signed nor joined ${a.name}: it has nothing to make a ${p.kind} on`,
        'state',
      ).withDetail({ member: state, alliance: a.id, kind: p.kind });
    if (p.kind === 'reservation' && (member || pr.inForce))
      throw refused(
        'reservation_too_late',
        `a reservation is made when signing, ratifying or acceding; ${state} is already bound by ${a.name}`,
        'kind',
      ).withDetail({ member: state, alliance: a.id });
    pr.reservations.push({
      kind,
      article,
      text,
      date: p.date,
      actId,
    });
  }

  private suspension(p: LifecyclePayload, a: Alliance, state: string) {
    const m = this.memberOn(a.id, state, p.date);
    if (!m)
      throw refused(
        'not_a_member',
        `${state} is not a member of ${a.name} on ${p.date}`,
        'state',
      ).withDetail({ member: state, alliance: a.id, day: p.date });
    const open = m.suspensions.find((s) => s.to === null || p.date < s.to);
    if (open)
      throw conflict(
        'already_suspended',
        `${state} is suspended from ${a.name} since ${open.from}`,
        'state',
      ).withDetail({ member: state, alliance: a.id, date: open.from });
    this.useDecision(p);
    m.suspensions.push({ from: p.date, to: null, sources: sourcesOf(p) });
  }

  private readmission(p: LifecyclePayload, a: Alliance, state: string) {
    const m = this.memberOn(a.id, state, p.date);
    const open = m?.suspensions.find((s) => s.to === null && s.from < p.date);
    if (!m || !open)
      throw refused(
        'not_suspended',
        `${state} is not suspended from ${a.name} on ${p.date}: nothing to readmit`,
        'state',
      ).withDetail({ member: state, alliance: a.id, day: p.date });
    this.useDecision(p);
    open.to = p.date;
    open.sources = [...open.sources, ...sourcesOf(p)];
  }

  private withdrawal(
    p: LifecyclePayload,
    rule: LifecycleRule,
    a: Alliance,
    state: string,
    actId: string,
  ) {
    const m = this.memberOn(a.id, state, p.date);
    if (!m)
      throw refused(
        'not_a_member',
        `${state} cannot withdraw from ${a.name}: it is not a member on ${p.date}`,
        'state',
      ).withDetail({ member: state, alliance: a.id, day: p.date });
    if (m.to !== null)
      throw conflict(
        'withdrawal_pending',
        `${state} leaves ${a.name} on ${m.to} already`,
        'state',
      ).withDetail({ member: state, alliance: a.id, date: m.to });
    if (!rule.withdrawal)
      throw refused(
        'no_withdrawal_rule',
        `the rules of ${a.name} provide for no withdrawal`,
        'kind',
      ).withDetail({ alliance: a.id });
    let effective = addMonths(p.date, rule.withdrawal.noticeMonths);
    if (p.record && p.effective) effective = p.effective;
    else if (p.effective !== undefined && p.effective !== effective)
      throw badInput(
        'effective',
        `under ${rule.withdrawal.article} a withdrawal notified on ${p.date} takes effect on ${effective} (${rule.withdrawal.noticeMonths} months' notice)`,
      ).withDetail(
        {
          article: rule.withdrawal.article,
          date: p.date,
          effective,
          months: rule.withdrawal.noticeMonths,
        },
        'withdrawal_effective',
      );
    m.to = effective;
    this.progressOf(a.id, state).withdrawal = { date: p.date, actId, effective };
  }

  private exit(p: LifecyclePayload, a: Alliance, state: string) {
    if (!p.record)
      throw badInput(
        'record',
        'an exit other than by withdrawal is entered only from the sourced history',
      ).withDetail({}, 'exit_history_only');
    if (!p.reason?.trim())
      throw badInput('reason', 'say why the membership ended').withDetail(
        {},
        'validation.required',
      );
    const m = this.memberOn(a.id, state, addDays(p.date, -1));
    if (!m || m.to !== null)
      throw refused(
        'not_a_member',
        `${state} is not a member of ${a.name} on ${p.date}`,
        'state',
      ).withDetail({ member: state, alliance: a.id, day: p.date });
    m.to = p.date;
  }

  private addMember(
    allianceId: string,
    state: string,
    from: string,
    p: LifecyclePayload,
    actId: string,
  ) {
    this.memberships.push({
      allianceId,
      state,
      role: 'member',
      from,
      to: null,
      datePrecision: 'day',
      suspensions: [],
      certainty: 'sourced',
      sources: sourcesOf(p, actId),
      ...(p.note ? { note: p.note } : {}),
    });
  }
}

/** The sources an act gives: the seed's for a historical act, else the signed act itself. */
function sourcesOf(p: LifecyclePayload, actId?: string) {
  if (p.record) return p.record.sources;
  return [
    {
      title: `Tahaluf record: signed act ${p.kind.replace(/_/g, ' ')}${actId ? ` ${actId}` : ''}${p.decision ? ` carrying out council decision ${p.decision}` : ''}`,
      date: p.date,
    },
  ];
}

function cloneMembership(m: Membership): Membership {
  return { ...m, suspensions: m.suspensions.map((s) => ({ ...s })) };
}
