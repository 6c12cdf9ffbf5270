import type { Kysely, Transaction } from 'kysely';
import type { CouncilProceduresPort } from '../registry/alliance-port.js';
import type { Migrations, SharedDb } from '../store/database.js';
import { rowToAct } from '../record/record-log.js';
import { asDepicted, type Act } from '../record/model.js';
import type { Outcome } from './decision-rules.js';
import type { ProcedureState } from './model.js';
import { parseJson } from '../store/json-column.js';
import type { Appointment } from './offices.js';

/** Projections of council acts. The record is the truth; these rows make lists and guards fast. */
export type CouncilTables = {
  council_procedures: {
    id: string;
    charter_id: string;
    kind: string;
    decision_type: string | null;
    title: string;
    matter: string;
    opened_by: string;
    opened_at: string;
    deadline: string | null;
    status: string;
    closed_at: string | null;
    closed_seq: number | null;
    /** JSON of the outcome stored at closing (decisions). */
    outcome: string | null;
    replay_case: string | null;
  };
  /** One row per (procedure, member, act kind): the unique key refuses a second vote even under races. */
  council_participation: { procedure_id: string; member: string; slot: string; act_id: string };
  council_chair_declines: {
    charter_id: string;
    term_from: string;
    member: string;
    substitute: string | null;
    act_id: string;
  };
  council_appointments: {
    procedure_id: string;
    charter_id: string;
    person: string;
    nationality: string;
    from_day: string;
  };
  record_acts: {
    seq: number;
    id: string;
    at: string;
    actor: string;
    key_id: string;
    type: string;
    subject: string | null;
    payload: string;
    prev_hash: string;
    hash: string;
    signature: string;
  };
};

export const councilMigrations: Migrations = {
  '1200_council_init': {
    async up(db) {
      await db.schema
        .createTable('council_procedures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('charter_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('decision_type', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('matter', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('closed_seq', 'integer')
        .addColumn('outcome', 'text')
        .addColumn('replay_case', 'text')
        .execute();
      await db.schema
        .createIndex('council_procedures_charter')
        .on('council_procedures')
        .columns(['charter_id', 'kind', 'matter'])
        .execute();
      await db.schema
        .createIndex('council_procedures_status')
        .on('council_procedures')
        .columns(['status', 'deadline'])
        .execute();
      await db.schema
        .createTable('council_participation')
        .addColumn('procedure_id', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('council_participation_pk', ['procedure_id', 'member', 'slot'])
        .execute();
      await db.schema
        .createTable('council_chair_declines')
        .addColumn('charter_id', 'text', (c) => c.notNull())
        .addColumn('term_from', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('substitute', 'text')
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('council_chair_declines_pk', ['charter_id', 'term_from', 'member'])
        .execute();
      await db.schema
        .createTable('council_appointments')
        .addColumn('procedure_id', 'text', (c) => c.primaryKey())
        .addColumn('charter_id', 'text', (c) => c.notNull())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('nationality', 'text', (c) => c.notNull())
        .addColumn('from_day', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

type Db = Kysely<CouncilTables> | Transaction<CouncilTables>;
export type ProcedureRow = CouncilTables['council_procedures'];

export const procedureActs = async (db: Db, id: string): Promise<Act[]> =>
  (
    await db
      .selectFrom('record_acts')
      .selectAll()
      .where('subject', '=', id)
      .where('type', 'like', 'council.%')
      .orderBy('seq')
      .execute()
  )
    .map(rowToAct)
    // Replayed history is signed by the illustrative identity: the procedure counts the member it depicts.
    .map(asDepicted);

export const getProcedureRow = (db: Db, id: string) =>
  db.selectFrom('council_procedures').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * The council's side of the registry's `CouncilProceduresPort`: a procedure as this node projects it, read
 * through `db` (the transaction applying an act of the alliance log) or the node's store.
 */
export function councilProceduresPort(store: { db: SharedDb }): CouncilProceduresPort {
  return {
    async procedure(procedureId, db) {
      const row = await getProcedureRow((db ?? store.db).withTables<CouncilTables>(), procedureId);
      if (!row) return null;
      const status = row.outcome ? parseJson<Outcome>(row.outcome).status : null;
      return {
        charterId: row.charter_id,
        kind: row.kind,
        decisionType: row.decision_type,
        matter: row.matter,
        status: row.status,
        closedAt: row.closed_at,
        outcomeStatus: typeof status === 'string' ? status : null,
      };
    },
  };
}

/** A procedure as the agenda lists it (GET /api/council/procedures, `tahaluf council list`): camelCase. */
export interface ProcedureSummary {
  id: string;
  charterId: string;
  kind: string;
  decisionType: string | null;
  title: string;
  matter: string;
  openedBy: string;
  openedAt: string;
  deadline: string | null;
  status: string;
  closedAt: string | null;
  closedSeq: number | null;
  /** Decisions: the outcome stored at closing; null while open and for other kinds. */
  outcome: Outcome | null;
  /** The historical case a replayed procedure depicts, or null. */
  replayCase: string | null;
}

export function summaryOf(row: ProcedureRow): ProcedureSummary {
  return {
    id: row.id,
    charterId: row.charter_id,
    kind: row.kind,
    decisionType: row.decision_type,
    title: row.title,
    matter: row.matter,
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    deadline: row.deadline,
    status: row.status,
    closedAt: row.closed_at,
    closedSeq: row.closed_seq === null ? null : Number(row.closed_seq),
    outcome: row.outcome ? parseJson<Outcome>(row.outcome) : null,
    replayCase: row.replay_case,
  };
}

export async function listProcedures(
  db: Db,
  f: { charterId?: string; status?: string; limit?: number } = {},
): Promise<ProcedureSummary[]> {
  return (await listProcedureRows(db, f)).map(summaryOf);
}

function listProcedureRows(
  db: Db,
  f: { charterId?: string; status?: string; limit?: number } = {},
) {
  let q = db
    .selectFrom('council_procedures')
    .selectAll()
    .orderBy('opened_at', 'desc')
    .orderBy('id');
  if (f.charterId) q = q.where('charter_id', '=', f.charterId);
  if (f.status) q = q.where('status', '=', f.status);
  return q.limit(Math.min(f.limit ?? 200, 1000)).execute();
}

export async function closedConsultations(
  db: Db,
  charterId: string,
  /** Only those on this matter (the index's prefix), not every closed consultation of the charter. */
  matter?: string,
): Promise<{ procedureId: string; matter: string; closedAt: string; closedSeq: number }[]> {
  let q = db
    .selectFrom('council_procedures')
    .select(['id', 'matter', 'closed_at', 'closed_seq'])
    .where('charter_id', '=', charterId)
    .where('kind', '=', 'consultation');
  if (matter !== undefined) q = q.where('matter', '=', matter);
  const rows = await q.where('status', '=', 'closed').execute();
  return rows.map((r) => ({
    procedureId: r.id,
    matter: r.matter,
    closedAt: r.closed_at!,
    closedSeq: Number(r.closed_seq),
  }));
}

export async function insertProcedure(db: Db, s: ProcedureState): Promise<void> {
  await db
    .insertInto('council_procedures')
    .values({
      id: s.id,
      charter_id: s.charterId,
      kind: s.kind,
      decision_type: s.open.decisionType ?? null,
      title: s.title,
      matter: s.matter,
      opened_by: s.openedBy,
      opened_at: s.openedAt,
      deadline: s.deadline,
      status: 'open',
      closed_at: null,
      closed_seq: null,
      outcome: null,
      replay_case: s.open.replay?.case ?? null,
    })
    .execute();
}

/** A member's act in a procedure takes its slot; the unique key refuses a second one even under races. */
export async function insertParticipation(
  db: Db,
  p: { procedureId: string; member: string; slot: string; actId: string },
): Promise<void> {
  await db
    .insertInto('council_participation')
    .values({ procedure_id: p.procedureId, member: p.member, slot: p.slot, act_id: p.actId })
    .execute();
}

/** Open decisions whose deadline is at or before `now` (ISO time). */
export function dueDecisions(db: Db, now: string): Promise<{ id: string }[]> {
  return db
    .selectFrom('council_procedures')
    .select('id')
    .where('status', '=', 'open')
    .where('kind', '=', 'decision')
    .where('deadline', 'is not', null)
    .where('deadline', '<=', now)
    .execute();
}

/** A member's declined chair term; the unique key refuses a second decline of the same term. */
export async function insertChairDecline(
  db: Db,
  d: {
    charterId: string;
    termFrom: string;
    member: string;
    substitute: string | null;
    actId: string;
  },
): Promise<void> {
  await db
    .insertInto('council_chair_declines')
    .values({
      charter_id: d.charterId,
      term_from: d.termFrom,
      member: d.member,
      substitute: d.substitute,
      act_id: d.actId,
    })
    .execute();
}

/** Whether a replayed historical case already has its procedure (one procedure per case marks it seeded). */
export async function replayCaseSeeded(db: Db, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('council_procedures')
    .select('id')
    .where('replay_case', '=', caseId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function markClosed(db: Db, s: ProcedureState, seq: number): Promise<void> {
  await db
    .updateTable('council_procedures')
    .set({
      status: 'closed',
      closed_at: s.closedAt,
      closed_seq: seq,
      outcome: s.outcome ? JSON.stringify(s.outcome) : null,
    })
    .where('id', '=', s.id)
    .execute();
}

/** An appointment procedure that closed adopted names its office holder: recorded with the closure. */
export async function recordAppointmentIfAdopted(db: Db, state: ProcedureState): Promise<void> {
  const appointment = state.open.appointment;
  if (!appointment || state.outcome?.status !== 'adopted') return;
  await db
    .insertInto('council_appointments')
    .values({
      procedure_id: state.id,
      charter_id: state.charterId,
      person: appointment.person,
      nationality: appointment.nationality,
      from_day: appointment.from,
    })
    .execute();
}

export async function appointments(db: Db, charterId: string): Promise<Appointment[]> {
  const rows = await db
    .selectFrom('council_appointments')
    .selectAll()
    .where('charter_id', '=', charterId)
    .execute();
  return rows.map((r) => ({
    procedureId: r.procedure_id,
    person: r.person,
    nationality: r.nationality,
    from: r.from_day,
  }));
}

export async function chairDeclines(db: Db, charterId: string) {
  const rows = await db
    .selectFrom('council_chair_declines')
    .selectAll()
    .where('charter_id', '=', charterId)
    .execute();
  return rows.map((r) => ({
    termFrom: r.term_from,
    member: r.member,
    substitute: r.substitute ?? undefined,
  }));
}
