import { parseJson, type JsonText } from '../store/json-column.js';
import type { Migrations, SharedDb } from '../store/database.js';
import type { RecordLog } from '../record/record-log.js';
import { SECRETARIAT } from '../record/model.js';
import type { Clock } from '../core/clock.js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/crypto.js';
import { cowState } from './cow-iso.js';
import type { AtopAllianceRow, AtopData, AtopMemberRow } from './model.js';

/** The treaties module's tables: imported ATOP rows and the log of imports. */
export type TreatiesTables = {
  /** A parsed member row, with its file row number, its ISO3 mapping and conditions as JSON text. */
  treaties_atop_members: Omit<AtopMemberRow, 'conditions'> & {
    row_no: number;
    iso3: string;
    conditions: JsonText<Record<string, number>>;
  };
  /** Stored exactly as parsed: the row type is the table type. */
  treaties_atop_alliances: AtopAllianceRow;
  treaties_atop_imports: {
    id: string;
    imported_at: string;
    source: string;
    member_rows: number;
    alliance_rows: number;
    sha256: string;
  };
};

const OBL = ['defense', 'offense', 'neutral', 'nonagg', 'consul'] as const;

export const treatiesMigrations: Migrations = {
  '1000_treaties_atop': {
    async up(db) {
      let members = db.schema
        .createTable('treaties_atop_members')
        .addColumn('row_no', 'integer', (c) => c.primaryKey())
        .addColumn('atopid', 'integer', (c) => c.notNull())
        .addColumn('member', 'integer', (c) => c.notNull())
        .addColumn('iso3', 'text', (c) => c.notNull());
      for (const c of [
        'phase',
        'yrent',
        'moent',
        'dayent',
        'yrexit',
        'moexit',
        'dayexit',
        ...OBL,
        'asymm',
      ])
        members = members.addColumn(c, 'integer', (x) => x.notNull());
      await members
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('statthr1', 'integer')
        .addColumn('statthr2', 'integer')
        .execute();
      await db.schema
        .createIndex('treaties_atop_members_atopid')
        .on('treaties_atop_members')
        .column('atopid')
        .execute();
      let alliances = db.schema
        .createTable('treaties_atop_alliances')
        .addColumn('atopid', 'integer', (c) => c.primaryKey());
      for (const c of [
        'begyr',
        'begmo',
        'begday',
        'endyr',
        'endmo',
        'endday',
        'ineffect',
        'bilat',
        'asymm',
        ...OBL,
      ])
        alliances = alliances.addColumn(c, 'integer', (x) => x.notNull());
      await alliances.execute();
      await db.schema
        .createTable('treaties_atop_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('member_rows', 'integer', (c) => c.notNull())
        .addColumn('alliance_rows', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export interface ImportResult {
  id: string;
  memberRows: number;
  allianceRows: number;
  sha256: string;
}

const CHUNK = 200;

/** SHA-256 of the rows in canonical JSON (sorted keys), so stored rows re-read from either dialect hash the same. */
export const hashAtop = (d: AtopData): string => sha256Hex(canonicalJson(d));

/**
 * Replaces the imported ATOP rows in one transaction, with a `treaties.atop_imported` act recorded in
 * the same transaction: an import completes, or leaves the database as it was.
 */
export async function importAtop(
  record: RecordLog,
  clock: Clock,
  data: AtopData,
  source: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ImportResult> {
  const total = data.members.length + data.alliances.length;
  const sha256 = hashAtop(data);
  return record.transact(async (tx) => {
    const db = tx.db.withTables<TreatiesTables>();
    await db.deleteFrom('treaties_atop_members').execute();
    await db.deleteFrom('treaties_atop_alliances').execute();
    let done = 0;
    for (let i = 0; i < data.alliances.length; i += CHUNK) {
      const chunk = data.alliances.slice(i, i + CHUNK);
      await db.insertInto('treaties_atop_alliances').values(chunk.map(allianceRow)).execute();
      onProgress((done += chunk.length), total);
    }
    for (let i = 0; i < data.members.length; i += CHUNK) {
      const chunk = data.members.slice(i, i + CHUNK);
      await db
        .insertInto('treaties_atop_members')
        .values(chunk.map((m, j) => memberRow(m, i + j + 1)))
        .execute();
      onProgress((done += chunk.length), total);
    }
    const act = await tx.append({
      actor: SECRETARIAT,
      type: 'treaties.atop_imported',
      subject: 'atop',
      payload: {
        source,
        sha256,
        memberRows: data.members.length,
        allianceRows: data.alliances.length,
      },
    });
    await db
      .insertInto('treaties_atop_imports')
      .values({
        id: act.id,
        imported_at: clock.now().toISOString(),
        source,
        member_rows: data.members.length,
        alliance_rows: data.alliances.length,
        sha256,
      })
      .execute();
    return {
      id: act.id,
      memberRows: data.members.length,
      allianceRows: data.alliances.length,
      sha256,
    };
  });
}

const allianceRow = (a: AtopAllianceRow): TreatiesTables['treaties_atop_alliances'] => ({ ...a });

function memberRow(m: AtopMemberRow, rowNo: number): TreatiesTables['treaties_atop_members'] {
  const { conditions, ...rest } = m;
  return {
    row_no: rowNo,
    ...rest,
    iso3: cowState(m.member)?.iso3 ?? '',
    conditions: JSON.stringify(conditions),
  };
}

/** The imported ATOP rows, in file order (empty when nothing was imported). */
export async function loadAtop(db: SharedDb): Promise<AtopData> {
  const d = db.withTables<TreatiesTables>();
  const members = await d
    .selectFrom('treaties_atop_members')
    .selectAll()
    .orderBy('row_no')
    .execute();
  const alliances = await d
    .selectFrom('treaties_atop_alliances')
    .selectAll()
    .orderBy('atopid')
    .execute();
  return {
    members: members.map(({ row_no: _r, iso3: _i, conditions, ...m }) => ({
      ...m,
      conditions: parseJson(conditions),
    })),
    alliances: alliances.map((a) => ({ ...a })),
  };
}

export async function lastImport(
  db: SharedDb,
): Promise<TreatiesTables['treaties_atop_imports'] | undefined> {
  return db
    .withTables<TreatiesTables>()
    .selectFrom('treaties_atop_imports')
    .selectAll()
    .orderBy('imported_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
