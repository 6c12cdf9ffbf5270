import type { Kysely } from 'kysely';
import type { Migrations, SharedDb } from '../store/database.js';
import type { LifecycleProjection } from './lifecycle.js';

/**
 * A federated node's stored registry projection (#12): what the life-cycle acts applied from the alliance
 * log made of each party (alliance and state) and of each alliance, written in the same transaction as
 * the act's log entry. The node serves the registry from the projection it rebuilds from the log at start;
 * this table is what it applied, so that `tahaluf verify` can replay the log and name a row that differs
 * (an edited projection), as it does for the council's and forces' projections.
 */
interface ProjectionRow {
  alliance_id: string;
  /** The state, or '' for the alliance itself (its record and the treaty's conclusion). */
  state: string;
  /** Canonical JSON of what the life-cycle acts made of this party or alliance. */
  projection: string;
  /** The last act applied that touched it. */
  act_id: string;
  stream_seq: number;
}
export type LifecycleProjectionTables = { registry_lifecycle_projection: ProjectionRow };

export const lifecycleProjectionMigrations: Migrations = {
  '0081_registry_lifecycle_projection': {
    async up(db) {
      await db.schema
        .createTable('registry_lifecycle_projection')
        .ifNotExists()
        .addColumn('alliance_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('projection', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('stream_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('registry_lifecycle_projection_pk', ['alliance_id', 'state'])
        .execute();
    },
  },
};

/** What the projection holds of one party ('' : of the alliance itself), as stored and compared. */
export function partyView(p: LifecycleProjection, allianceId: string, state: string): string {
  if (!state) {
    const a = p.alliances.get(allianceId);
    return JSON.stringify({
      alliance: a ?? null,
      conclusion: p.conclusions.get(allianceId) ?? null,
    });
  }
  const memberships = p.memberships
    .filter((m) => m.allianceId === allianceId && m.state === state)
    .map((m) => ({ role: m.role, from: m.from, to: m.to, suspensions: m.suspensions }));
  return JSON.stringify({
    memberships,
    progress: p.progress.get(`${allianceId}/${state}`) ?? null,
  });
}

/** Writes the rows an applied act touched (its party and its alliance) inside the applying transaction. */
export async function storeParty(
  db: SharedDb,
  p: LifecycleProjection,
  allianceId: string,
  state: string | undefined,
  act: { id: string; seq: number },
): Promise<void> {
  const t: Kysely<LifecycleProjectionTables> = db.withTables<LifecycleProjectionTables>();
  for (const s of state ? [state, ''] : ['']) {
    await t
      .deleteFrom('registry_lifecycle_projection')
      .where('alliance_id', '=', allianceId)
      .where('state', '=', s)
      .execute();
    await t
      .insertInto('registry_lifecycle_projection')
      .values({
        alliance_id: allianceId,
        state: s,
        projection: partyView(p, allianceId, s),
        act_id: act.id,
        stream_seq: act.seq,
      })
      .execute();
  }
}

/**
 * Compares the stored projection with `replayed` (rebuilt from the seed and the log's life-cycle acts):
 * every party and alliance an act touched, with the last act that touched it. Returns the differences.
 */
export async function compareStored(
  db: SharedDb,
  replayed: LifecycleProjection,
  acts: { id: string; seq: number; allianceId: string; state: string | undefined }[],
): Promise<string[]> {
  const expected = new Map<string, { actId: string; seq: number }>();
  for (const a of acts) {
    if (a.state) expected.set(`${a.allianceId}/${a.state}`, { actId: a.id, seq: a.seq });
    expected.set(`${a.allianceId}/`, { actId: a.id, seq: a.seq });
  }
  const rows = await db
    .withTables<LifecycleProjectionTables>()
    .selectFrom('registry_lifecycle_projection')
    .selectAll()
    .execute();
  const problems: string[] = [];
  const name = (alliance: string, state: string) => (state ? `${alliance}/${state}` : alliance);
  for (const r of rows) {
    const key = `${r.alliance_id}/${r.state}`;
    const want = expected.get(key);
    expected.delete(key);
    if (!want) {
      problems.push(
        `${name(r.alliance_id, r.state)}: row in registry_lifecycle_projection that no life-cycle act on the alliance log touched (added)`,
      );
      continue;
    }
    const view = partyView(replayed, r.alliance_id, r.state);
    if (view !== r.projection)
      problems.push(
        `${name(r.alliance_id, r.state)}: projection edited: registry_lifecycle_projection holds ${r.projection} but the alliance log's life-cycle acts give ${view}`,
      );
    else if (r.act_id !== want.actId || Number(r.stream_seq) !== want.seq)
      problems.push(
        `${name(r.alliance_id, r.state)}: projection edited: last act ${r.act_id} (#${Number(r.stream_seq)}) in registry_lifecycle_projection but ${want.actId} (#${want.seq}) on the alliance log`,
      );
  }
  for (const key of expected.keys()) {
    const [alliance, state] = key.split('/');
    problems.push(
      `${name(alliance, state)}: missing from registry_lifecycle_projection (the alliance log's life-cycle acts touched it)`,
    );
  }
  return problems;
}
