import { payloadFields } from '../record/act-catalogue.js';
import { parseJson, type JsonText } from '../store/json-column.js';
import type { Kysely } from 'kysely';
import type { Migrations, SharedDb } from '../store/database.js';
import { conflict, forbidden, notFound, refused } from '../core/errors.js';
import type { Principal } from '../runtime/auth.js';
import { requireAuthenticated } from '../runtime/auth.js';
import type { Act } from '../record/model.js';

/**
 * Joint-exercise link: the forces module records `forces.exercise.planned` (published on the bus as
 * `record.forces.exercise.planned`); an exercise whose scenario is 'missile-warning-drill' is a warning
 * drill. The warning module records it as scheduled and, on request of the secretariat or a participant,
 * runs the mapped warning scenario with every CAP message at status Exercise.
 */

/** Forces exercise scenario → warning scenario (data/warning/scenarios.json) it runs. */
export const DRILL_SCENARIOS: Record<string, string> = {
  'missile-warning-drill': 'regional-salvo',
};

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

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The drill a `forces.exercise.planned` act describes, or null when it is not a missile-warning drill. */
export function drillFromAct(act: Act): Omit<Drill, 'status' | 'runs'> | null {
  const p = payloadFields(act);
  const scenario = DRILL_SCENARIOS[str(p.scenario)];
  const exerciseId = str(p.exerciseId);
  if (!scenario || !exerciseId) return null;
  return {
    exerciseId,
    allianceId: str(p.allianceId),
    title: str(p.title),
    participants: strs(p.participants),
    hosts: strs(p.hosts),
    from: str(p.from),
    to: str(p.to),
    scenario,
    plannedAct: act.id,
  };
}

/** Seed of a drill run: stable per exercise and run number, so a drill can be replayed exactly. */
export function drillSeed(exerciseId: string, run: number): number {
  let h = 2166136261;
  for (const ch of `${exerciseId}#${run}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

export class DrillBook {
  private readonly db: Kysely<DrillTables>;
  constructor(db: SharedDb) {
    this.db = db.withTables<DrillTables>();
  }

  /** Handles a forces exercise act from the bus (planned → scheduled, cancelled → cancelled). Idempotent. */
  async onForcesAct(act: Act): Promise<Drill | null> {
    if (act.type === 'forces.exercise.planned') {
      const d = drillFromAct(act);
      if (!d) return null;
      const existing = await this.get(d.exerciseId);
      if (existing) return existing; // redelivery
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
      return this.get(d.exerciseId);
    }
    if (act.type === 'forces.exercise.cancelled') {
      const id = str(payloadFields(act).exerciseId);
      if (!id || !(await this.get(id))) return null;
      await this.db
        .updateTable('warning_drills')
        .set({ status: 'cancelled' })
        .where('exercise_id', '=', id)
        .execute();
      return this.get(id);
    }
    return null;
  }

  async get(exerciseId: string): Promise<Drill | null> {
    const r = await this.db
      .selectFrom('warning_drills')
      .selectAll()
      .where('exercise_id', '=', exerciseId)
      .executeTakeFirst();
    return r ? toDrill(r) : null;
  }

  /** Drills the caller may see: all for the secretariat, a member's own (as participant) otherwise. */
  async list(p: Principal): Promise<Drill[]> {
    requireAuthenticated(p);
    const all = (
      await this.db
        .selectFrom('warning_drills')
        .selectAll()
        .orderBy('from_day')
        .orderBy('exercise_id')
        .execute()
    ).map(toDrill);
    return p.role === 'secretariat'
      ? all
      : all.filter((d) => !!p.member && d.participants.includes(p.member));
  }

  /** Checks that `p` may run the drill and that it can run; returns it. */
  async runnable(p: Principal, exerciseId: string): Promise<Drill> {
    requireAuthenticated(p);
    const d = await this.get(exerciseId);
    if (!d) throw notFound('missile-warning drill', exerciseId);
    if (p.role !== 'secretariat' && !(p.member && d.participants.includes(p.member))) {
      throw forbidden(
        `only the secretariat or a participant of exercise ${exerciseId} (${d.participants.join(', ')}) may run its drill`,
      );
    }
    if (d.status === 'cancelled')
      throw refused('drill_cancelled', `exercise ${exerciseId} was cancelled`, 'exerciseId');
    return d;
  }

  async recordRun(exerciseId: string, run: Drill['runs'][number]) {
    const d = await this.get(exerciseId);
    if (!d) throw conflict('drill_missing', `drill ${exerciseId} disappeared`, 'exerciseId');
    await this.db
      .updateTable('warning_drills')
      .set({ runs: JSON.stringify([...d.runs, run]) })
      .where('exercise_id', '=', exerciseId)
      .execute();
  }
}
