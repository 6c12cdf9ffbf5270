import { fieldsOf } from '../core/objects.js';
import { payloadFields } from '../record/act-catalogue.js';
import { dayOf } from '../core/dates.js';
import { badInput, conflict, forbidden, notFound, refused } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { SECRETARIAT } from '../record/model.js';
import type { Deps } from '../runtime/deps.js';
import type { Catalogue } from './catalogue.js';
import type { AfterActionReport, Exercise, Pledge } from './model.js';
import {
  detectConflicts,
  parseExerciseInput,
  parseFindings,
  parseLessons,
  type Conflict,
} from './exercise-rules.js';
import { checkActiveMember } from './pledge-rules.js';
import type { AllianceAct } from '../federation/alliance-log.js';
import type { SharedDb } from '../store/database.js';
import { ForcesRepository } from './repository.js';

export interface ExerciseView extends Exercise {
  conflicts: Conflict[];
  aar: AfterActionReport | null;
}

/** Plans joint exercises, collects host-nation consent, records after-action reports. */
export class ExercisePlanner {
  constructor(
    private deps: Deps,
    private catalogue: Catalogue,
  ) {}

  private today(): string {
    return dayOf(this.deps.clock.now());
  }

  private active(allianceId: string): Set<string> {
    return this.deps.registry.resolveCommunity(allianceId, this.today());
  }

  private async pledgesFor(
    repo: ForcesRepository,
    ex: Pick<Exercise, 'units'>,
  ): Promise<Map<string, Pledge>> {
    const map = new Map<string, Pledge>();
    for (const id of new Set(ex.units.map((u) => u.pledgeId))) {
      const p = await repo.pledge(id);
      if (p) map.set(id, p);
    }
    return map;
  }

  /**
   * `actor`: a member (must be active in the alliance) or SECRETARIAT. Refused with the field named when a
   * unit is unknown, not on offer, already booked elsewhere on overlapping days (a unit in two places),
   * owned by a member that is not a participant, or (for a member actor) owned by another member.
   * Missing consent, readiness and caveats are kept as warnings on the exercise until resolved.
   */
  async plan(actor: string, body: unknown, opts: { id?: string } = {}): Promise<ExerciseView> {
    const input = parseExerciseInput(body, this.deps.registry);
    const today = this.today();
    const id = opts.id ?? newId('exercise');
    if (this.deps.alliance) {
      // A federated node: checked here for a quick answer, signed with this node's key and published on
      // the alliance log; every node (this one too) applies it with `applyPlanned` at the act's date.
      await this.checkPlan(ForcesRepository.on(this.deps.store.db), actor, input, id, today);
      await this.deps.alliance.submit(actor, 'forces.exercise.planned', id, {
        exerciseId: id,
        ...input,
      });
      return this.get(id);
    }
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      const conflicts = await this.checkPlan(repo, actor, input, id, today);
      const act = await tx.append({
        actor,
        type: 'forces.exercise.planned',
        subject: id,
        payload: { exerciseId: id, ...input },
      });
      return { ...(await this.savePlanned(repo, actor, input, id, act)), conflicts, aar: null };
    });
  }

  /** Every refusal of `plan`, on day `day` (today for a local act, the act's date on the log). */
  private async checkPlan(
    repo: ForcesRepository,
    actor: string,
    input: ReturnType<typeof parseExerciseInput>,
    id: string,
    day: string,
  ): Promise<Conflict[]> {
    if (actor !== SECRETARIAT) checkActiveMember(this.deps.registry, input.allianceId, actor, day);
    const active = this.deps.registry.resolveCommunity(input.allianceId, day);
    input.participants.forEach((p, i) => {
      if (!active.has(p))
        throw refused(
          'not_a_member',
          `body/participants/${i}: ${p} is not an active member of ${input.allianceId}`,
          `body/participants/${i}`,
        ).withDetail({ member: p, alliance: input.allianceId, day });
    });
    if (await repo.exercise(id))
      throw conflict('exercise_exists', `exercise '${id}' already exists`, 'id').withDetail(
        { what: 'exercise', id },
        'exists',
      );
    const pledges = await this.pledgesFor(repo, input);
    const others = await repo.bookingsOverlapping(input.units, input.from, input.to);
    const consents: string[] = [];
    const draft = { ...input, id, consents };
    const conflicts = detectConflicts(draft, {
      pledges,
      others,
      today: day,
      activeMembers: active,
    });
    input.units.forEach((u, i) => {
      const p = pledges.get(u.pledgeId);
      if (p && p.allianceId !== input.allianceId)
        throw badInput(
          `body/units/${i}/pledgeId`,
          `body/units/${i}/pledgeId: pledge ${u.pledgeId} is to ${p.allianceId}, not ${input.allianceId}`,
        ).withDetail(
          { pledge: u.pledgeId, alliance: p.allianceId, exerciseAlliance: input.allianceId },
          'pledge_other_alliance',
        );
      // Members keep command of their forces: a member books only its own units; the secretariat, acting
      // for the council, may book units of listed participants (checked below: unit_not_participant).
      if (p && actor !== SECRETARIAT && p.member !== actor)
        throw refused(
          'unit_not_own',
          `body/units/${i}: ${u.unitId} belongs to ${p.member}; a member may book only its own units (${p.member} books its own, or the secretariat plans for the council)`,
          `body/units/${i}`,
        ).withDetail({ unit: u.unitId, member: p.member });
    });
    const hard = conflicts.find((c) => c.severity === 'error');
    if (hard) {
      if (hard.code === 'unit_double_booked')
        throw conflict('overlapping_booking', hard.message, hard.field).withDetail(
          hard.params ?? {},
          'unit_double_booked',
        );
      if (hard.code === 'unknown_unit') throw badInput(hard.field ?? 'body/units', hard.message);
      throw refused(hard.code, hard.message, hard.field).withDetail(hard.params ?? {});
    }
    return conflicts;
  }

  private async savePlanned(
    repo: ForcesRepository,
    actor: string,
    input: ReturnType<typeof parseExerciseInput>,
    id: string,
    act: { id: string; at: string },
  ): Promise<Exercise> {
    const ex: Exercise = {
      ...input,
      id,
      plannedBy: actor,
      status: 'planned',
      consents: [],
      actId: act.id,
      at: act.at,
    };
    await repo.saveExercise(ex);
    return ex;
  }

  /** Applies an exercise planned on the alliance log (every federated node): `plan`'s checks at the act's date. */
  async applyPlanned(db: SharedDb, act: AllianceAct): Promise<Exercise> {
    const { exerciseId, ...body } = payloadFields(act);
    const id = exerciseIdOf(act, exerciseId);
    const input = parseExerciseInput(body, this.deps.registry);
    const repo = ForcesRepository.on(db);
    await this.checkPlan(repo, act.actor, input, id, dayOf(new Date(act.at)));
    return this.savePlanned(repo, act.actor, input, id, act);
  }

  /** A host nation consents to the exercise on its territory. */
  async consent(member: string, id: string): Promise<ExerciseView> {
    if (this.deps.alliance) {
      const repo = ForcesRepository.on(this.deps.store.db);
      const ex = await this.checkConsent(repo, member, id);
      if (ex.consents.includes(member)) return this.view(repo, ex);
      await this.deps.alliance.submit(member, 'forces.exercise.consented', id, {
        exerciseId: id,
        host: member,
      });
      return this.get(id);
    }
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      const ex = await this.checkConsent(repo, member, id);
      if (ex.consents.includes(member)) return this.view(repo, ex);
      const act = await tx.append({
        actor: member,
        type: 'forces.exercise.consented',
        subject: id,
        payload: { exerciseId: id, host: member },
      });
      return this.view(repo, await this.saveConsent(repo, ex, member, act));
    });
  }

  private async checkConsent(repo: ForcesRepository, member: string, id: string) {
    const ex = await repo.exercise(id);
    if (!ex) throw notFound('exercise', id);
    if (!ex.hosts.includes(member))
      throw forbidden(
        `member: ${member} is not a host of exercise ${id} (hosts: ${ex.hosts.join(', ')})`,
      ).withDetail({ member, hosts: ex.hosts.join(', ') }, 'not_a_host');
    if (ex.status !== 'planned')
      throw refused('exercise_not_planned', `exercise ${id} is ${ex.status}`, 'id').withDetail({
        status: ex.status,
      });
    return ex;
  }

  private async saveConsent(
    repo: ForcesRepository,
    ex: Exercise,
    member: string,
    act: { id: string },
  ): Promise<Exercise> {
    const next: Exercise = { ...ex, consents: [...ex.consents, member].sort(), actId: act.id };
    await repo.saveExercise(next);
    return next;
  }

  /**
   * Applies a host nation's consent from the alliance log: only a host of a planned exercise consents,
   * for itself (the act's signer), once.
   */
  async applyConsented(db: SharedDb, act: AllianceAct): Promise<Exercise> {
    const { exerciseId, host } = payloadFields(act);
    const id = exerciseIdOf(act, exerciseId);
    if (host !== act.actor)
      throw badInput('payload.host', `a consent names its own signer as host (${act.actor})`);
    const repo = ForcesRepository.on(db);
    const ex = await this.checkConsent(repo, act.actor, id);
    if (ex.consents.includes(act.actor))
      throw refused(
        'already_consented',
        `${act.actor} already consented to exercise ${id}`,
      ).withDetail({ member: act.actor });
    return this.saveConsent(repo, ex, act.actor, act);
  }

  async cancel(actor: string, id: string, reason?: string): Promise<ExerciseView> {
    if (this.deps.alliance) {
      await this.checkCancel(ForcesRepository.on(this.deps.store.db), actor, id);
      await this.deps.alliance.submit(actor, 'forces.exercise.cancelled', id, {
        exerciseId: id,
        reason: reason ?? null,
      });
      return this.get(id);
    }
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      const ex = await this.checkCancel(repo, actor, id);
      const act = await tx.append({
        actor,
        type: 'forces.exercise.cancelled',
        subject: id,
        payload: { exerciseId: id, reason: reason ?? null },
      });
      const next: Exercise = { ...ex, status: 'cancelled', actId: act.id };
      await repo.saveExercise(next);
      return this.view(repo, next);
    });
  }

  private async checkCancel(repo: ForcesRepository, actor: string, id: string) {
    const ex = await repo.exercise(id);
    if (!ex) throw notFound('exercise', id);
    if (actor !== SECRETARIAT && actor !== ex.plannedBy)
      throw forbidden(
        `only ${ex.plannedBy} or the secretariat may cancel exercise ${id}`,
      ).withDetail({ member: ex.plannedBy }, 'planner_only');
    if (ex.status !== 'planned')
      throw refused('exercise_not_planned', `exercise ${id} is ${ex.status}`, 'id').withDetail({
        status: ex.status,
      });
    return ex;
  }

  /** Applies a cancellation from the alliance log: its planner or the secretariat, a planned exercise. */
  async applyCancelled(db: SharedDb, act: AllianceAct): Promise<Exercise> {
    const { exerciseId } = payloadFields(act);
    const id = exerciseIdOf(act, exerciseId);
    const repo = ForcesRepository.on(db);
    const ex = await this.checkCancel(repo, act.actor, id);
    const next: Exercise = { ...ex, status: 'cancelled', actId: act.id };
    await repo.saveExercise(next);
    return next;
  }

  /** After-action report by a participant or the secretariat; findings feed the interoperability matrix. */
  async recordAar(actor: string, id: string, body: unknown): Promise<ExerciseView> {
    const o = fieldsOf(body);
    const lessons = parseLessons(o.lessons ?? []);
    const findings = parseFindings(o.findings, this.catalogue);
    return this.deps.record.transact(async (tx) => {
      const repo = ForcesRepository.on(tx.db);
      const ex = await repo.exercise(id);
      if (!ex) throw notFound('exercise', id);
      if (actor !== SECRETARIAT && !ex.participants.includes(actor))
        throw forbidden(`member: ${actor} did not take part in exercise ${id}`).withDetail(
          { member: actor },
          'not_a_participant.exercise',
        );
      if (ex.status === 'cancelled')
        throw refused('exercise_cancelled', `exercise ${id} was cancelled`, 'id');
      if (await repo.aar(id))
        throw conflict('aar_exists', `exercise ${id} already has an after-action report`, 'id');
      if (ex.from > this.today())
        throw refused(
          'exercise_not_started',
          `exercise ${id} starts on ${ex.from}: no after-action report before it`,
          'id',
        ).withDetail({ date: ex.from });
      const act = await tx.append({
        actor,
        type: 'forces.exercise.aar_recorded',
        subject: id,
        payload: { exerciseId: id, lessons, findings },
      });
      const aar: AfterActionReport = {
        exerciseId: id,
        lessons,
        findings,
        actId: act.id,
        at: act.at,
      };
      await repo.saveAar(aar, ex.allianceId, act.seq);
      const next: Exercise = { ...ex, status: 'completed', actId: act.id };
      await repo.saveExercise(next);
      return this.view(repo, next);
    });
  }

  async view(repo: ForcesRepository, ex: Exercise): Promise<ExerciseView> {
    const pledges = await this.pledgesFor(repo, ex);
    const others = await repo.bookingsOverlapping(ex.units, ex.from, ex.to);
    const conflicts =
      ex.status === 'planned'
        ? detectConflicts(ex, {
            pledges,
            others,
            today: this.today(),
            activeMembers: this.active(ex.allianceId),
          })
        : [];
    return { ...ex, conflicts, aar: (await repo.aar(ex.id)) ?? null };
  }

  async list(allianceId?: string): Promise<ExerciseView[]> {
    const repo = ForcesRepository.on(this.deps.store.db);
    return Promise.all((await repo.exercises(allianceId)).map((e) => this.view(repo, e)));
  }

  async get(id: string): Promise<ExerciseView> {
    const repo = ForcesRepository.on(this.deps.store.db);
    const ex = await repo.exercise(id);
    if (!ex) throw notFound('exercise', id);
    return this.view(repo, ex);
  }
}

function exerciseIdOf(act: AllianceAct, exerciseId: unknown): string {
  if (typeof exerciseId !== 'string' || exerciseId !== act.subject)
    throw badInput('payload.exerciseId', 'payload.exerciseId must equal the act subject');
  return exerciseId;
}
