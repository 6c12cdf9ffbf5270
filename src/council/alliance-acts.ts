import { dayOf, parseDay } from '../core/dates.js';
import { badInput, refused } from '../core/errors.js';
import type { AllianceAct, AllianceApplier } from '../federation/alliance-log.js';
import { payloadFields, payloadOf } from '../record/act-catalogue.js';
import type { CouncilService } from './council-service.js';
import { checkAppointment } from './offices.js';
import {
  ACT,
  apply,
  checkAct,
  checkClose,
  checkOpen,
  openState,
  actKindOf,
} from './procedure-engine.js';
import * as repo from './repository.js';

/**
 * How every federated node applies the council's acts from the alliance log: the same checks the service
 * runs before a local append (charter, membership on the act's date, procedure state), at the act's own
 * time and stream position, then the same projection rows. A failed check throws and rejects the act.
 */
export function councilAllianceActs(svc: CouncilService): Record<string, AllianceApplier> {
  const procedureIdOf = (act: AllianceAct): string => {
    const p = payloadFields(act);
    if (typeof p.procedureId !== 'string' || p.procedureId !== act.subject)
      throw badInput('payload.procedureId', 'payload.procedureId must equal the act subject');
    return p.procedureId;
  };

  const opened: AllianceApplier = async (tx, act) => {
    const db = tx.withTables<repo.CouncilTables>();
    const payload = payloadOf(act, ACT.opened);
    const id = procedureIdOf(act);
    if (await repo.getProcedureRow(db, id))
      throw refused('procedure_exists', `procedure ${id} is already open`).withDetail({
        procedure: id,
      });
    if (typeof payload.title !== 'string' || typeof payload.matter !== 'string')
      throw badInput('payload', 'an opening names its title and matter');
    const charter = svc.charters.getOrThrow(payload.charterId);
    const ctx = await svc.context(charter, tx, payload.matter);
    checkOpen(ctx, act.actor, payload, act.at, act.seq);
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
      const day = dayOf(new Date(act.at));
      checkAppointment(
        charter.secretaryGeneral!,
        await svc.appointments(db, charter),
        payload.appointment,
        (m) => ctx.membership(day).active.includes(m),
      );
    }
    await repo.insertProcedure(db, openState(act));
    return { procedureId: id };
  };

  const participation: AllianceApplier = async (tx, act) => {
    const db = tx.withTables<repo.CouncilTables>();
    const id = procedureIdOf(act);
    const kind = actKindOf(act.type);
    if (!kind) throw new Error(`not a participation act: ${act.type}`);
    const { ctx, state } = await svc.loadFederated(tx, id);
    checkAct(ctx, state, kind, act.actor, payloadOf(act, ACT[kind]), act.at);
    await db
      .insertInto('council_participation')
      .values({ procedure_id: id, member: act.actor, slot: kind, act_id: act.id })
      .execute();
    apply(ctx, state, act);
    return { procedureId: id };
  };

  const closed: AllianceApplier = async (tx, act) => {
    const db = tx.withTables<repo.CouncilTables>();
    const id = procedureIdOf(act);
    const { ctx, state } = await svc.loadFederated(tx, id);
    checkClose(ctx, state, act.actor, act.at);
    // The outcome is recomputed from the log here, whatever the closing node wrote in its payload.
    apply(ctx, state, act);
    await repo.markClosed(db, state, act.seq);
    await repo.recordAppointmentIfAdopted(db, state);
    return { procedureId: id, outcome: state.outcome };
  };

  return {
    [ACT.opened]: opened,
    [ACT.position]: participation,
    [ACT.vote]: participation,
    [ACT.objection]: participation,
    [ACT.assistance]: participation,
    [ACT.closed]: closed,
  };
}
