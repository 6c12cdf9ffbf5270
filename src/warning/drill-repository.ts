import type { Kysely } from 'kysely';
import type { Migrations, SharedDb } from '../store/database.js';
import { parseJson, type JsonText } from '../store/json-column.js';

/** The warning module's missile-warning drills (see drills.ts): their table and every query on it. */

export interface Drill {
  exerciseId: string;
  allianceId: string;
  title: string;
  participants: string[];
  hosts: string[];
  from: string;
  to: string;
  /** Warning scenario run for this drill. */
  scenario: string;
  status: 'scheduled' | 'cancelled';
  /** The forces act that planned it. */
  plannedAct: string;
  runs: { exercise: string; seed: number; at: string; by: string }[];
}

interface DrillRow {
  exercise_id: string;
  alliance_id: string;
  title: string;
  participants: JsonText<string[]>;
  hosts: JsonText<string[]>;
  from_day: string;
  to_day: string;
  scenario: string;
  status: Drill['status'];
  planned_act: string;
  runs: JsonText<Drill['runs']>;
}
export type DrillTables = {
  warning_drills: DrillRow;
};

export const drillMigrations: Migrations = {
  '1801_warning_drills': {
    async up(db) {
      await db.schema
        .createTable('warning_drills')
        .ifNotExists()
        .addColumn('exercise_id', 'text', (c) => c.primaryKey())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('participants', 'text', (c) => c.notNull())
        .addColumn('hosts', 'text', (c) => c.notNull())
        .addColumn('from_day', 'text', (c) => c.notNull())
        .addColumn('to_day', 'text', (c) => c.notNull())
        .addColumn('scenario', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('planned_act', 'text', (c) => c.notNull())
        .addColumn('runs', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

const toDrill = (r: DrillRow): Drill => ({
  exerciseId: r.exercise_id,
  allianceId: r.alliance_id,
  title: r.title,
  participants: parseJson(r.participants),
  hosts: parseJson(r.hosts),
  from: r.from_day,
  to: r.to_day,
  scenario: r.scenario,
  status: r.status,
  plannedAct: r.planned_act,
  runs: parseJson(r.runs),
});

/** Reads and writes `warning_drills`. */
export class DrillRepository {
  private readonly db: Kysely<DrillTables>;
  constructor(db: SharedDb) {
    this.db = db.withTables<DrillTables>();
  }

  async insertScheduled(d: Omit<Drill, 'status' | 'runs'>): Promise<void> {
    await this.db
      .insertInto('warning_drills')
      .values({
        exercise_id: d.exerciseId,
        alliance_id: d.allianceId,
        title: d.title,
        participants: JSON.stringify(d.participants),
        hosts: JSON.stringify(d.hosts),
        from_day: d.from,
        to_day: d.to,
        scenario: d.scenario,
        status: 'scheduled',
        planned_act: d.plannedAct,
        runs: '[]',
      })
      .execute();
  }

  async setStatus(exerciseId: string, status: Drill['status']): Promise<void> {
    await this.db
      .updateTable('warning_drills')
      .set({ status })
      .where('exercise_id', '=', exerciseId)
      .execute();
  }

  async setRuns(exerciseId: string, runs: Drill['runs']): Promise<void> {
    await this.db
      .updateTable('warning_drills')
      .set({ runs: JSON.stringify(runs) })
      .where('exercise_id', '=', exerciseId)
      .execute();
  }

  async get(exerciseId: string): Promise<Drill | null> {
    const row = await this.db
      .selectFrom('warning_drills')
      .selectAll()
      .where('exercise_id', '=', exerciseId)
      .executeTakeFirst();
    return row ? toDrill(row) : null;
  }

  /** Every drill, by first day then exercise id. */
  async all(): Promise<Drill[]> {
    const rows = await this.db
      .selectFrom('warning_drills')
      .selectAll()
      .orderBy('from_day')
      .orderBy('exercise_id')
      .execute();
    return rows.map(toDrill);
  }
}
