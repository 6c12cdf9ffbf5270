import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { dayOf, parseDay } from '../core/dates.js';
import { badInput, conflict, notFound, refused, TahalufError, messageOf } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { asDepicted, SECRETARIAT } from '../record/model.js';
import { RecordLog } from '../record/record-log.js';
import type { Deps } from '../runtime/deps.js';
import { CharterBook } from './charters.js';
import type { Outcome, RuleKind } from './decision-rules.js';
import type { ActKind, Charter, OpenPayload, ProcedureState } from './model.js';
import {
  chairTerms,
  checkAppointment,
  recordedAppointments,
  secretaryGeneralOn,
  secretaryGeneralTerms,
  type Appointment,
  type RotationInput,
} from './offices.js';
import {
  ACT,
  apply,
  checkAct,
  checkClose,
  checkOpen,
  closingOutcome,
  currentOutcome,
  openState,
  replayProcedure,
  type ActInputPayload,
  type EngineContext,
} from './procedure-engine.js';
import * as repo from './repository.js';
import type { SharedDb, SharedTransaction } from '../store/database.js';

export type OpenInput = Omit<OpenPayload, 'procedureId' | 'replay'> & {
  replay?: OpenPayload['replay'];
};

export interface ProcedureView extends ProcedureState {
  /** Live outcome for open decisions; the stored one once closed. */
  liveOutcome: Outcome | null;
  rule: string | null;
  ruleKind: RuleKind | null;
}

const ANY_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * The council's operations: each one validates against the charter and the procedure's state rebuilt
 * from the record, then appends one signed act and its projection rows in one transaction.
 */
export class CouncilService {
  readonly clock: Clock;
  private replayClock: boolean;
  private record: RecordLog;
  private db: Kysely<repo.CouncilTables>;

  constructor(
    private deps: Deps,
    opts: {
      clock?: Clock;
      charters?: CharterBook;
      /**
       * Sign every act with this identity instead of the acting member's key, naming the member in
       * `depicts` (replays of history: `ILLUSTRATIVE`).
       */
      signAs?: string;
    } = {},
  ) {
    this.signAs = opts.signAs ?? null;
    this.clock = opts.clock ?? deps.clock;
    this.replayClock = opts.clock !== undefined;
    // A replay of history runs on its own clock: same store, keys and bus, acts stamped with that clock.
    this.record = opts.clock
      ? new RecordLog(deps.store, deps.keyring, opts.clock, deps.bus)
      : deps.record;
    this.db = deps.store.db.withTables<repo.CouncilTables>();
    this.charters = opts.charters ?? new CharterBook();
  }
  readonly charters: CharterBook;
  private signAs: string | null;

  /** The act to append for `actor`: signed by `signAs` when set, the payload then naming `actor`. */
  private signed<P extends object>(actor: string, type: string, subject: string, payload: P) {
    return this.signAs
      ? { actor: this.signAs, type, subject, payload: { ...payload, depicts: actor } }
      : { actor, type, subject, payload };
  }

  membership(charter: Charter, day: string): { active: string[]; suspended: string[] } {
    if (charter.members)
      return {
        active: charter.members
          .filter((m) => m.from <= day && (!m.to || day < m.to))
          .map((m) => m.state)
          .sort(),
        suspended: [],
      };
    const allianceId = charter.membersFrom ?? charter.allianceId!;
    if (!this.deps.registry.alliance(allianceId)) return { active: [], suspended: [] };
    const on = this.deps.registry.membersOn(allianceId, day).filter((m) => m.role === 'member');
    return {
      active: on.filter((m) => !m.suspended).map((m) => m.state),
      suspended: on.filter((m) => m.suspended).map((m) => m.state),
    };
  }

  /** Engine context; closed consultations come from the projection (service) or the record (verify). */
  /**
   * The charter context of a procedure. `matter`: the context serves that matter only (its closed
   * consultations alone are read, through the index), so one act costs the same however many procedures
   * the charter has closed (a node catching up from far behind read them all for every act).
   */
  async context(
    charter: Charter,
    db: SharedDb = this.deps.store.db,
    matter?: string,
  ): Promise<EngineContext> {
    const council = db.withTables<repo.CouncilTables>();
    const closed = await repo.closedConsultations(council, charter.id, matter);
    return this.contextWith(charter, closed, matter);
  }

  contextWith(
    charter: Charter,
    closed: { procedureId: string; matter: string; closedAt: string; closedSeq: number }[],
    onlyMatter?: string,
  ): EngineContext {
    const cache = new Map<string, { active: string[]; suspended: string[] }>();
    return {
      charter,
      membership: (day) => {
        let m = cache.get(day);
        if (!m) cache.set(day, (m = this.membership(charter, day)));
        return m;
      },
      closedConsultation: (matter, beforeSeq) => {
        if (onlyMatter !== undefined && matter !== onlyMatter)
          throw new Error(`charter context of matter '${onlyMatter}' asked about '${matter}'`);
        const c = closed.find((x) => x.matter === matter && x.closedSeq < beforeSeq);
        return c ? { procedureId: c.procedureId, closedAt: c.closedAt } : null;
      },
    };
  }

  private now = () => this.clock.now().toISOString();

  async open(actor: string, input: OpenInput): Promise<ProcedureView> {
    const charter = this.charters.getOrThrow(input.charterId);
    // One time format (ISO with milliseconds, as acts carry) so deadlines compare correctly as strings.
    const deadline = input.deadline ? new Date(input.deadline) : null;
    if (deadline && Number.isNaN(deadline.getTime()))
      throw badInput('deadline', `deadline '${input.deadline}' is not an ISO 8601 time`).withDetail(
        { format: 'date-time' },
        'validation.format',
      );
    const payload: OpenPayload = {
      ...input,
      procedureId: newId('proc'),
      deadline: deadline ? deadline.toISOString() : null,
    };
    await this.deps.keyring.keyFor(this.signAs ?? actor);
    if (this.federated) {
      // Checked here for a quick answer; every node checks again when the act comes off the alliance log.
      const ctx = await this.context(charter, this.deps.store.db, matterOf(payload));
      checkOpen(ctx, actor, payload, this.now(), ANY_SEQ);
      await this.federated.submit(actor, ACT.opened, payload.procedureId, payload);
      return this.get(payload.procedureId);
    }
    return this.record.transact(async (tx) => {
      const db = tx.db.withTables<repo.CouncilTables>();
      const ctx = await this.context(charter, tx.db, matterOf(payload));
      checkOpen(ctx, actor, payload, this.now(), ANY_SEQ);
      if (
        payload.kind === 'decision' &&
        payload.decisionType === charter.secretaryGeneral?.appointedBy
      ) {
        if (!payload.appointment)
          throw badInput(
            'appointment',
            'an appointment decision names the office, person, nationality and start date',
          );
        parseDay(payload.appointment.from, 'appointment.from');
        const day = dayOf(this.clock.now());
        checkAppointment(
          charter.secretaryGeneral!,
          await this.appointments(db, charter),
          payload.appointment,
          (m) => ctx.membership(day).active.includes(m),
        );
      }
      const act = await tx.append(this.signed(actor, ACT.opened, payload.procedureId, payload));
      await repo.insertProcedure(db, openState(asDepicted(act)));
      // The answer is built here, from the act just appended and the context already read, as a vote's
      // is: reading the procedure back after the commit (get) cost three more queries per opening, and
      // on SQLite they waited for the one connection behind the next group commit (#16.11).
      return this.view(ctx, replayProcedure(ctx, [asDepicted(act)]).state);
    });
  }

  async act(procedureId: string, kind: ActKind, actor: string, p: ActInputPayload) {
    await this.deps.keyring.keyFor(this.signAs ?? actor);
    if (this.federated) {
      const { ctx, state } = await this.loadIn(this.deps.store.db, procedureId, true);
      checkAct(ctx, state, kind, actor, p, this.now());
      const outcome = await this.federated.submit(actor, ACT[kind], procedureId, {
        procedureId,
        ...p,
      });
      const act = outcome.act!;
      return {
        act: { id: act.id, seq: act.seq, at: act.at, actor: act.actor, type: act.type },
        procedure: await this.get(procedureId),
      };
    }
    try {
      return await this.record.transact(async (tx) => {
        const { ctx, state } = await this.loadIn(tx.db, procedureId, true);
        checkAct(ctx, state, kind, actor, p, this.now());
        const payload = { procedureId, ...p };
        const act = await tx.append(this.signed(actor, ACT[kind], procedureId, payload));
        // The act's own time is authoritative: a deadline crossed while checking rolls everything back.
        if (state.deadline !== null && act.at >= state.deadline)
          throw refused(
            'deadline_passed',
            `the deadline ${state.deadline} has passed (now ${act.at})`,
          ).withDetail({ deadline: state.deadline });
        await repo.insertParticipation(tx.db.withTables<repo.CouncilTables>(), {
          procedureId,
          member: actor,
          slot: kind,
          actId: act.id,
        });
        apply(ctx, state, asDepicted(act));
        return {
          act: { id: act.id, seq: act.seq, at: act.at, actor: act.actor, type: act.type },
          procedure: this.view(ctx, state),
        };
      });
    } catch (e) {
      if (e instanceof TahalufError) throw e;
      if (/unique|duplicate|constraint/i.test(messageOf(e)))
        // The same codes as the engine's own checks (procedure-engine.ts), met here when two requests
        // of one member race past them and the store's unique key refuses the second.
        throw refused(
          kind === 'vote'
            ? 'already_voted'
            : kind === 'objection'
              ? 'already_objected'
              : kind === 'position'
                ? 'already_stated'
                : 'already_recorded',
          `${actor} has already acted (${kind}) in ${procedureId}`,
        ).withDetail({ member: actor });
      throw e;
    }
  }

  /** Loads a procedure, checks that `actor` may close it now, and builds the closing act's payload. */
  private async closing(db: SharedDb, procedureId: string, actor: string, summary?: string) {
    const { ctx, state } = await this.loadIn(db, procedureId);
    const at = this.now();
    checkClose(ctx, state, actor, at);
    const result = state.kind === 'decision' ? closingOutcome(ctx, state, at, ANY_SEQ) : null;
    const payload = {
      procedureId,
      charterId: state.charterId,
      kind: state.kind,
      matter: state.matter,
      summary: summary ?? null,
      outcome: result?.outcome ?? null,
      refusal: result?.refusal ?? null,
    };
    return { ctx, state, payload };
  }

  async close(procedureId: string, actor: string, summary?: string): Promise<ProcedureView> {
    await this.deps.keyring.keyFor(this.signAs ?? actor);
    if (this.federated) {
      const { state, payload } = await this.closing(
        this.deps.store.db,
        procedureId,
        actor,
        summary,
      );
      await this.federated.submit(actor, ACT.closed, state.id, payload);
      return this.get(procedureId);
    }
    await this.record.transact(async (tx) => {
      const { ctx, state, payload } = await this.closing(tx.db, procedureId, actor, summary);
      const db = tx.db.withTables<repo.CouncilTables>();
      const act = await tx.append(this.signed(actor, ACT.closed, procedureId, payload));
      apply(ctx, state, asDepicted(act));
      await repo.markClosed(db, state, act.seq);
      await repo.recordAppointmentIfAdopted(db, state);
    });
    return this.get(procedureId);
  }

  /** Closes, as the secretariat, every open decision whose deadline has passed (its outcome is then final). */
  async closeDue(): Promise<string[]> {
    const now = this.now();
    const due = await repo.dueDecisions(this.db, now);
    const closed: string[] = [];
    for (const row of due) {
      try {
        await this.close(row.id, SECRETARIAT, 'closed at the deadline');
        closed.push(row.id);
      } catch (e) {
        if (!(e instanceof TahalufError && e.code === 'procedure_closed')) throw e;
      }
    }
    return closed;
  }

  /** `forAct`: an act in an open procedure never consults closed consultations, so skip that read. */
  private async loadIn(db: SharedDb, id: string, forAct = false) {
    const council = db.withTables<repo.CouncilTables>();
    const row = await repo.getProcedureRow(council, id);
    if (!row) throw notFound('procedure', id);
    const charter = this.charters.getOrThrow(row.charter_id);
    const ctx =
      forAct && row.status === 'open'
        ? this.contextWith(charter, [])
        : await this.context(charter, db, row.matter);
    const acts = this.federated
      ? await this.federated.actsOf(id, 'council.', db)
      : await repo.procedureActs(council, id);
    const { state } = replayProcedure(ctx, acts);
    return { ctx, state, row };
  }

  /** A procedure's charter context and state rebuilt from the alliance log, inside the applying transaction. */
  async loadFederated(db: SharedTransaction, id: string) {
    return this.loadIn(db, id);
  }

  /** The alliance log, when this node is federated (council acts then travel on it, not the local record). */
  private get federated() {
    return this.replayClock ? null : this.deps.alliance;
  }

  view(ctx: EngineContext, state: ProcedureState): ProcedureView {
    const spec = state.open.decisionType ? ctx.charter.decisions[state.open.decisionType] : null;
    return {
      ...state,
      liveOutcome: currentOutcome(ctx, state, this.now()),
      rule: spec ? spec.label : null,
      ruleKind: spec ? spec.rule.kind : null,
    };
  }

  async get(id: string): Promise<ProcedureView> {
    const { ctx, state } = await this.loadIn(this.deps.store.db, id);
    return this.view(ctx, state);
  }

  list(f: { charterId?: string; status?: string; limit?: number } = {}) {
    return repo.listProcedures(this.db, f);
  }

  async declineChair(actor: string, charterId: string, termFrom: string, substitute?: string) {
    const charter = this.charters.getOrThrow(charterId);
    if (!charter.chair)
      throw refused(
        'no_rotating_chair',
        `${charter.name} has no rotating chair`,
        'charterId',
      ).withDetail({ charter: charter.name });
    parseDay(termFrom, 'termFrom');
    const rotation = await this.rotation(charter);
    const terms = chairTerms(rotation, termFrom);
    const term = terms.find((t) => t.from === termFrom);
    if (!term)
      throw badInput(
        'termFrom',
        `no term of ${charter.chair.title} starts on ${termFrom}`,
      ).withDetail({ office: charter.chair.title, termFrom }, 'no_such_term');
    // A decline is filed before its term starts, and never rewrites the charter's recorded history.
    const today = dayOf(this.clock.now());
    if (termFrom <= today)
      throw refused(
        'term_started',
        `termFrom: the term from ${termFrom} has already started (today is ${today}); a decline must be filed before its term starts`,
        'termFrom',
      ).withDetail({ termFrom, today });
    if (charter.chair.recordedUntil !== undefined && termFrom < charter.chair.recordedUntil)
      throw refused(
        'term_recorded',
        `termFrom: the term from ${termFrom} is recorded history of ${charter.name} (recorded until ${charter.chair.recordedUntil}); it cannot be declined`,
        'termFrom',
      ).withDetail({ termFrom, charter: charter.name, until: charter.chair.recordedUntil });
    if (actor !== term.holder)
      throw refused(
        'not_your_turn',
        `it is ${term.holder}'s turn for the term from ${termFrom}, not ${actor}'s`,
        'termFrom',
      ).withDetail({ member: term.holder, actor, termFrom });
    if (substitute && !this.membership(charter, termFrom).active.includes(substitute))
      throw refused(
        'not_a_member',
        `substitute ${substitute} is not an active member`,
        'substitute',
      ).withDetail({ member: substitute, termFrom }, 'substitute_not_member');
    await this.deps.keyring.keyFor(this.signAs ?? actor);
    try {
      await this.record.transact(async (tx) => {
        const act = await tx.append({
          actor,
          type: ACT.chairDeclined,
          subject: `chair:${charterId}`,
          payload: { charterId, termFrom, substitute: substitute ?? null },
        });
        await repo.insertChairDecline(tx.db.withTables<repo.CouncilTables>(), {
          charterId,
          termFrom,
          member: actor,
          substitute: substitute ?? null,
          actId: act.id,
        });
      });
    } catch (e) {
      if (/unique|duplicate|constraint/i.test(messageOf(e)))
        throw conflict(
          'already_declined',
          `${actor} already declined the term from ${termFrom}`,
        ).withDetail({ member: actor, termFrom });
      throw e;
    }
    // Later declines this one shifts out of line are kept on their terms as `lapsed`; name them in the answer.
    const lastDecline = rotation.declines.reduce(
      (m, d) => (d.termFrom > m ? d.termFrom : m),
      termFrom,
    );
    const lapsedBefore = new Set(
      chairTerms(rotation, lastDecline).flatMap((t) =>
        (t.lapsed ?? []).map((l) => `${t.from} ${l.member}`),
      ),
    );
    const lapsed = chairTerms(await this.rotation(charter), lastDecline)
      .flatMap((t) => (t.lapsed ?? []).map((l) => ({ termFrom: t.from, ...l })))
      .filter((l) => !lapsedBefore.has(`${l.termFrom} ${l.member}`));
    return { ...(await this.offices(charterId, termFrom)), lapsedDeclines: lapsed };
  }

  /** Holders on record in the charter data, then those appointed by adopted decisions on this node. */
  async appointments(
    db: Parameters<typeof repo.appointments>[0],
    charter: Charter,
  ): Promise<Appointment[]> {
    if (!charter.secretaryGeneral) return [];
    return [
      ...recordedAppointments(charter.id, charter.secretaryGeneral),
      ...(await repo.appointments(db, charter.id)),
    ];
  }

  async rotation(charter: Charter): Promise<RotationInput> {
    const spec = charter.chair!;
    const names =
      spec.names ??
      (spec.namesFrom ? this.charters.get(spec.namesFrom)?.chair?.names : undefined) ??
      {};
    return {
      spec,
      membersOn: (day) => this.membership(charter, day).active,
      nameOf: (m) =>
        names[m] ??
        (spec.order === 'alpha-ar'
          ? this.deps.registry.state(m)?.nameAr
          : this.deps.registry.state(m)?.nameEn) ??
        m,
      declines: await repo.chairDeclines(this.db, charter.id),
    };
  }

  async offices(charterId: string, day: string) {
    const charter = this.charters.getOrThrow(charterId);
    const chair = charter.chair
      ? (chairTerms(await this.rotation(charter), day).find((t) => t.from <= day && day < t.to) ??
        null)
      : null;
    const sg = charter.secretaryGeneral
      ? secretaryGeneralOn(charter.secretaryGeneral, await this.appointments(this.db, charter), day)
      : null;
    return {
      charterId,
      date: day,
      chair: chair && { title: charter.chair!.title, ...chair },
      secretaryGeneral: sg,
    };
  }

  async calendar(charterId: string, until: string) {
    const charter = this.charters.getOrThrow(charterId);
    return {
      charterId,
      chair: charter.chair
        ? { title: charter.chair.title, terms: chairTerms(await this.rotation(charter), until) }
        : null,
      secretaryGeneral: charter.secretaryGeneral
        ? secretaryGeneralTerms(charter.secretaryGeneral, await this.appointments(this.db, charter))
        : [],
    };
  }
}

/** The matter an opening names, when it names one (checkOpen refuses it otherwise). */
const matterOf = (p: { matter?: unknown }): string | undefined =>
  typeof p.matter === 'string' ? p.matter : undefined;
