import { parseJson, type JsonText } from '../store/json-column.js';
import type { Migrations, SharedDb } from '../store/database.js';
import type { ProgrammeState } from './model.js';

/** Projections of the programme acts; every row is a fold of signed acts in the record. */
export type ProgrammeTables = {
  programmes: {
    id: string;
    alliance_id: string;
    title: string;
    area: string;
    status: string;
    illustrative: number;
    proposed_at: string;
    /** The folded ProgrammeState as JSON. */
    state: JsonText<ProgrammeState>;
    last_seq: number;
  };
};

export const programmeMigrations: Migrations = {
  '2000_programmes_init': {
    async up(db) {
      await db.schema
        .createTable('programmes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('area', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('illustrative', 'integer', (c) => c.notNull())
        .addColumn('proposed_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('programmes_alliance')
        .on('programmes')
        .column('alliance_id')
        .execute();
    },
  },
};

const on = (db: SharedDb) => db.withTables<ProgrammeTables>();

export async function loadProgramme(db: SharedDb, id: string): Promise<ProgrammeState | null> {
  const row = await on(db)
    .selectFrom('programmes')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? parseJson(row.state) : null;
}

export async function listProgrammes(
  db: SharedDb,
  q: { allianceId?: string; member?: string } = {},
): Promise<ProgrammeState[]> {
  let query = on(db)
    .selectFrom('programmes')
    .select('state')
    .orderBy('proposed_at', 'asc')
    .orderBy('id');
  if (q.allianceId) query = query.where('alliance_id', '=', q.allianceId);
  const rows = (await query.execute()).map((r) => parseJson(r.state));
  return q.member
    ? rows.filter(
        (s) =>
          s.participants.some((p) => p.member === q.member) ||
          s.former.some((p) => p.member === q.member),
      )
    : rows;
}

export async function saveProgramme(
  db: SharedDb,
  s: ProgrammeState,
  isNew: boolean,
): Promise<void> {
  const values = {
    alliance_id: s.allianceId,
    title: s.title,
    area: s.area,
    status: s.status,
    illustrative: s.illustrative ? 1 : 0,
    proposed_at: s.proposedAt,
    state: JSON.stringify(s),
    last_seq: s.lastSeq,
  };
  if (isNew)
    await on(db)
      .insertInto('programmes')
      .values({ id: s.id, ...values })
      .execute();
  else await on(db).updateTable('programmes').set(values).where('id', '=', s.id).execute();
}
