import type { Kysely } from 'kysely';
import type { Migrations, SharedDb } from '../store/database.js';
import { parseJson, type JsonText } from '../store/json-column.js';
import type {
  AfterActionReport,
  CostFormula,
  Exercise,
  Headquarters,
  InteropFinding,
  Pledge,
  Requirement,
} from './model.js';

/** The forces projections. Every row is derived from a signed act in the record. */
export type ForcesTables = {
  forces_pledges: {
    id: string;
    alliance_id: string;
    member: string;
    status: string;
    version: number;
    available_from: string;
    available_to: string | null;
    illustrative: number;
    data: JsonText<Pledge>;
    raised_at: string;
    updated_at: string;
    last_act_id: string;
  };
  forces_units: {
    pledge_id: string;
    unit_id: string;
    alliance_id: string;
    member: string;
    type: string;
    size: number;
    readiness_days: number;
    active: number;
  };
  forces_headquarters: {
    alliance_id: string;
    host: string;
    data: JsonText<Headquarters>;
    act_id: string;
    at: string;
  };
  forces_requirements: {
    id: string;
    alliance_id: string;
    stated_by: string;
    data: JsonText<Requirement>;
    act_id: string;
    at: string;
  };
  forces_exercises: {
    id: string;
    alliance_id: string;
    planned_by: string;
    from_day: string;
    to_day: string;
    status: string;
    data: JsonText<Exercise>;
    act_id: string;
    at: string;
  };
  forces_exercise_units: {
    exercise_id: string;
    pledge_id: string;
    unit_id: string;
    from_day: string;
    to_day: string;
  };
  forces_findings: {
    id: string;
    exercise_id: string;
    alliance_id: string;
    family_a: string;
    family_b: string;
    channel: InteropFinding['channel'];
    result: InteropFinding['result'];
    note: string;
    act_id: string;
  };
  forces_aars: {
    exercise_id: string;
    data: JsonText<AfterActionReport>;
    act_id: string;
    at: string;
  };
  forces_cost_formulas: { alliance_id: string; data: JsonText<CostFormula>; act_id: string };
};

type Db = Kysely<ForcesTables>;
export const forcesDb = (db: SharedDb): Db => db.withTables<ForcesTables>();

export const forcesMigrations: Migrations = {
  '1400_forces_init': {
    async up(db) {
      await db.schema
        .createTable('forces_pledges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('available_from', 'text', (c) => c.notNull())
        .addColumn('available_to', 'text')
        .addColumn('illustrative', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_act_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('forces_pledges_alliance')
        .on('forces_pledges')
        .columns(['alliance_id', 'member'])
        .execute();
      await db.schema
        .createTable('forces_units')
        .addColumn('pledge_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('readiness_days', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('forces_units_pk', ['pledge_id', 'unit_id'])
        .execute();
      await db.schema
        .createIndex('forces_units_alliance_type')
        .on('forces_units')
        .columns(['alliance_id', 'type'])
        .execute();
      await db.schema
        .createTable('forces_headquarters')
        .addColumn('alliance_id', 'text', (c) => c.primaryKey())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('forces_requirements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('stated_by', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('forces_exercises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('planned_by', 'text', (c) => c.notNull())
        .addColumn('from_day', 'text', (c) => c.notNull())
        .addColumn('to_day', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('forces_exercise_units')
        .addColumn('exercise_id', 'text', (c) => c.notNull())
        .addColumn('pledge_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('from_day', 'text', (c) => c.notNull())
        .addColumn('to_day', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('forces_exercise_units_pk', [
          'exercise_id',
          'pledge_id',
          'unit_id',
        ])
        .execute();
      await db.schema
        .createIndex('forces_exercise_units_unit')
        .on('forces_exercise_units')
        .columns(['pledge_id', 'unit_id'])
        .execute();
      await db.schema
        .createTable('forces_findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('exercise_id', 'text', (c) => c.notNull())
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('family_a', 'text', (c) => c.notNull())
        .addColumn('family_b', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('forces_aars')
        .addColumn('exercise_id', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('forces_cost_formulas')
        .addColumn('alliance_id', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export interface PledgeFilter {
  allianceId?: string;
  member?: string;
  capability?: string;
  includeWithdrawn?: boolean;
}

/** Parsed pledges per database handle, keyed by pledge id and checked against the row's last act. */
const parsedCache = new WeakMap<object, Map<string, { actId: string; pledge: Pledge }>>();

/** The only SQL of the forces module. */
export class ForcesRepository {
  constructor(private db: Db) {}

  static on(db: SharedDb): ForcesRepository {
    return new ForcesRepository(forcesDb(db));
  }

  async pledge(id: string): Promise<Pledge | undefined> {
    const r = await this.db
      .selectFrom('forces_pledges')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? parseJson(r.data) : undefined;
  }

  async pledges(f: PledgeFilter = {}): Promise<Pledge[]> {
    let q = this.db
      .selectFrom('forces_pledges')
      .select('data')
      .orderBy('alliance_id')
      .orderBy('member')
      .orderBy('id');
    if (f.allianceId) q = q.where('alliance_id', '=', f.allianceId);
    if (f.member) q = q.where('member', '=', f.member);
    if (!f.includeWithdrawn) q = q.where('status', '!=', 'withdrawn');
    if (f.capability) {
      const cap = f.capability;
      q = q.where(
        'id',
        'in',
        this.db
          .selectFrom('forces_units')
          .select('pledge_id')
          .where('type', '=', cap)
          .where('active', '=', 1),
      );
    }
    return (await q.execute()).map((r) => parseJson(r.data));
  }

  /**
   * Like `pledges`, but parses only pledges changed since the last call on this handle (a pledge's row
   * changes only with a new act, so `last_act_id` tells). Force generation reads every pledge of an
   * alliance on each call; this keeps it from re-parsing megabytes of unchanged JSON. Treat the result as read-only.
   */
  async pledgesCached(f: Omit<PledgeFilter, 'capability'> = {}): Promise<Pledge[]> {
    let cache = parsedCache.get(this.db);
    if (!cache)
      parsedCache.set(this.db, (cache = new Map<string, { actId: string; pledge: Pledge }>()));
    let q = this.db
      .selectFrom('forces_pledges')
      .select(['id', 'last_act_id'])
      .orderBy('alliance_id')
      .orderBy('member')
      .orderBy('id');
    if (f.allianceId) q = q.where('alliance_id', '=', f.allianceId);
    if (f.member) q = q.where('member', '=', f.member);
    if (!f.includeWithdrawn) q = q.where('status', '!=', 'withdrawn');
    const rows = await q.execute();
    const stale = rows.filter((r) => cache.get(r.id)?.actId !== r.last_act_id).map((r) => r.id);
    for (let i = 0; i < stale.length; i += 500) {
      const fresh = await this.db
        .selectFrom('forces_pledges')
        .select(['id', 'last_act_id', 'data'])
        .where('id', 'in', stale.slice(i, i + 500))
        .execute();
      for (const r of fresh) cache.set(r.id, { actId: r.last_act_id, pledge: parseJson(r.data) });
    }
    return rows.map((r) => cache.get(r.id)!.pledge);
  }

  /** Inserts or replaces a pledge and its unit rows. */
  async savePledge(p: Pledge): Promise<void> {
    const row = {
      id: p.id,
      alliance_id: p.allianceId,
      member: p.member,
      status: p.status,
      version: p.version,
      available_from: p.availableFrom,
      available_to: p.availableTo,
      illustrative: p.illustrative ? 1 : 0,
      data: JSON.stringify(p),
      raised_at: p.raisedAt,
      updated_at: p.updatedAt,
      last_act_id: p.lastActId,
    };
    await this.db.deleteFrom('forces_pledges').where('id', '=', p.id).execute();
    await this.db.insertInto('forces_pledges').values(row).execute();
    await this.db.deleteFrom('forces_units').where('pledge_id', '=', p.id).execute();
    if (p.units.length)
      for (let i = 0; i < p.units.length; i += 200)
        await this.db
          .insertInto('forces_units')
          .values(
            p.units.slice(i, i + 200).map((u) => ({
              pledge_id: p.id,
              unit_id: u.id,
              alliance_id: p.allianceId,
              member: p.member,
              type: u.type,
              size: u.size,
              readiness_days: u.readinessDays,
              active: p.status === 'withdrawn' ? 0 : 1,
            })),
          )
          .execute();
  }

  async headquarters(allianceId: string): Promise<Headquarters | undefined> {
    const r = await this.db
      .selectFrom('forces_headquarters')
      .select('data')
      .where('alliance_id', '=', allianceId)
      .executeTakeFirst();
    return r ? parseJson(r.data) : undefined;
  }
  async saveHeadquarters(h: Headquarters): Promise<void> {
    await this.db
      .deleteFrom('forces_headquarters')
      .where('alliance_id', '=', h.allianceId)
      .execute();
    await this.db
      .insertInto('forces_headquarters')
      .values({
        alliance_id: h.allianceId,
        host: h.host,
        data: JSON.stringify(h),
        act_id: h.actId,
        at: h.at,
      })
      .execute();
  }

  async requirement(id: string): Promise<Requirement | undefined> {
    const r = await this.db
      .selectFrom('forces_requirements')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? parseJson(r.data) : undefined;
  }
  async requirements(allianceId?: string): Promise<Requirement[]> {
    let q = this.db
      .selectFrom('forces_requirements')
      .select('data')
      .orderBy('at', 'desc')
      .orderBy('id');
    if (allianceId) q = q.where('alliance_id', '=', allianceId);
    return (await q.execute()).map((r) => parseJson(r.data));
  }
  async saveRequirement(r: Requirement): Promise<void> {
    await this.db
      .insertInto('forces_requirements')
      .values({
        id: r.id,
        alliance_id: r.allianceId,
        stated_by: r.statedBy,
        data: JSON.stringify(r),
        act_id: r.actId,
        at: r.at,
      })
      .execute();
  }

  async exercise(id: string): Promise<Exercise | undefined> {
    const r = await this.db
      .selectFrom('forces_exercises')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? parseJson(r.data) : undefined;
  }
  async exercises(allianceId?: string): Promise<Exercise[]> {
    let q = this.db.selectFrom('forces_exercises').select('data').orderBy('from_day').orderBy('id');
    if (allianceId) q = q.where('alliance_id', '=', allianceId);
    return (await q.execute()).map((r) => parseJson(r.data));
  }
  /** Exercises (not cancelled) that book any of these units on days overlapping [from, to]. */
  async bookingsOverlapping(
    units: { pledgeId: string; unitId: string }[],
    from: string,
    to: string,
  ): Promise<Exercise[]> {
    if (!units.length) return [];
    const pledgeIds = [...new Set(units.map((u) => u.pledgeId))];
    const rows = await this.db
      .selectFrom('forces_exercise_units')
      .select(['exercise_id', 'pledge_id', 'unit_id'])
      .where('pledge_id', 'in', pledgeIds)
      .where('from_day', '<=', to)
      .where('to_day', '>=', from)
      .execute();
    const keys = new Set(units.map((u) => `${u.pledgeId}/${u.unitId}`));
    const ids = [
      ...new Set(
        rows.filter((r) => keys.has(`${r.pledge_id}/${r.unit_id}`)).map((r) => r.exercise_id),
      ),
    ];
    const out: Exercise[] = [];
    for (const id of ids) {
      const e = await this.exercise(id);
      if (e && e.status !== 'cancelled') out.push(e);
    }
    return out;
  }
  async saveExercise(e: Exercise): Promise<void> {
    await this.db.deleteFrom('forces_exercises').where('id', '=', e.id).execute();
    await this.db
      .insertInto('forces_exercises')
      .values({
        id: e.id,
        alliance_id: e.allianceId,
        planned_by: e.plannedBy,
        from_day: e.from,
        to_day: e.to,
        status: e.status,
        data: JSON.stringify(e),
        act_id: e.actId,
        at: e.at,
      })
      .execute();
    await this.db.deleteFrom('forces_exercise_units').where('exercise_id', '=', e.id).execute();
    if (e.status !== 'cancelled' && e.units.length)
      await this.db
        .insertInto('forces_exercise_units')
        .values(
          e.units.map((u) => ({
            exercise_id: e.id,
            pledge_id: u.pledgeId,
            unit_id: u.unitId,
            from_day: e.from,
            to_day: e.to,
          })),
        )
        .execute();
  }

  /** `seq`: the act's sequence number, so findings apply in the order they were recorded. */
  async saveAar(aar: AfterActionReport, allianceId: string, seq: number): Promise<void> {
    await this.db
      .insertInto('forces_aars')
      .values({
        exercise_id: aar.exerciseId,
        data: JSON.stringify(aar),
        act_id: aar.actId,
        at: aar.at,
      })
      .execute();
    let i = 0;
    for (const f of aar.findings)
      await this.db
        .insertInto('forces_findings')
        .values({
          id: `${String(seq).padStart(12, '0')}-${String(i++).padStart(4, '0')}`,
          exercise_id: aar.exerciseId,
          alliance_id: allianceId,
          family_a: f.familyA,
          family_b: f.familyB,
          channel: f.channel,
          result: f.result,
          note: f.note,
          act_id: aar.actId,
        })
        .execute();
  }
  async aar(exerciseId: string): Promise<AfterActionReport | undefined> {
    const r = await this.db
      .selectFrom('forces_aars')
      .select('data')
      .where('exercise_id', '=', exerciseId)
      .executeTakeFirst();
    return r ? parseJson(r.data) : undefined;
  }
  async findings(allianceId?: string): Promise<InteropFinding[]> {
    let q = this.db.selectFrom('forces_findings').selectAll().orderBy('id');
    if (allianceId) q = q.where('alliance_id', '=', allianceId);
    return (await q.execute()).map((r) => ({
      familyA: r.family_a,
      familyB: r.family_b,
      channel: r.channel,
      result: r.result,
      note: r.note,
    }));
  }

  async costFormula(allianceId: string): Promise<CostFormula | null> {
    const r = await this.db
      .selectFrom('forces_cost_formulas')
      .select('data')
      .where('alliance_id', '=', allianceId)
      .executeTakeFirst();
    return r ? parseJson(r.data) : null;
  }
  async saveCostFormula(f: CostFormula, actId: string): Promise<void> {
    await this.db
      .deleteFrom('forces_cost_formulas')
      .where('alliance_id', '=', f.allianceId)
      .execute();
    await this.db
      .insertInto('forces_cost_formulas')
      .values({ alliance_id: f.allianceId, data: JSON.stringify(f), act_id: actId })
      .execute();
  }
}
