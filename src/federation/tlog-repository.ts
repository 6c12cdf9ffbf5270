import type { Kysely, Transaction } from 'kysely';
import type { Migrations } from '../store/database.js';
import type { FederationTables } from './repository.js';

/** The alliance log as an RFC 9162 Merkle tree, its checkpoints, the cosignatures gathered, the evidence. */
export type AllianceTlogTables = {
  /** Complete subtrees over the stream messages (leaf i = stream sequence i+1), as `record_tree`. */
  alliance_tree: { level: number; idx: number; hash: string };
  /** Checkpoints this node's witness cosigned, with its own cosignature (the note). */
  alliance_checkpoints: { size: number; root_hash: string; note: string; created_at: string };
  /**
   * Cosignatures of the alliance checkpoint by every member's node (this one's too), verified with the
   * witness's registered key. `matches`: 1 the root equals this node's root at that size, 0 it contradicts
   * it (evidence kept in `alliance_evidence`), null not yet checked (this node's tree is smaller).
   */
  alliance_cosignatures: {
    witness: string;
    size: number;
    root_hash: string;
    /** The cosignature line (C2SP tlog-cosignature). */
    line: string;
    cosigned_at: number;
    matches: number | null;
    received_at: string;
  };
  /** Two signed checkpoints that cannot both be true (fork, truncation, equivocation): both notes. */
  alliance_evidence: {
    id: string;
    kind: string;
    /** Who signed the contradicting checkpoint (a witness), or this node's own witness. */
    witness: string;
    size: number;
    reason: string;
    held: string;
    offered: string;
    seen_at: string;
  };
};

export type AllianceTlogDb =
  | Kysely<AllianceTlogTables & FederationTables>
  | Transaction<AllianceTlogTables & FederationTables>;

export const allianceTlogMigrations: Migrations = {
  '0071_federation_tlog': {
    async up(db) {
      // The NATS subject a message arrived on is part of its leaf (it decides `subject_mismatch`).
      await db.schema.alterTable('alliance_log').addColumn('nats_subject', 'text').execute();
      await db.schema
        .createTable('alliance_tree')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('alliance_tree_pk', ['level', 'idx'])
        .execute();
      await db.schema
        .createTable('alliance_checkpoints')
        .addColumn('size', 'integer', (c) => c.primaryKey())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alliance_cosignatures')
        .addColumn('witness', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('line', 'text', (c) => c.notNull())
        .addColumn('cosigned_at', 'integer', (c) => c.notNull())
        .addColumn('matches', 'integer')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('alliance_cosignatures_pk', ['witness', 'size'])
        .execute();
      await db.schema
        .createTable('alliance_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('witness', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('held', 'text', (c) => c.notNull())
        .addColumn('offered', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export async function treeSize(db: AllianceTlogDb): Promise<number> {
  const r = await db
    .selectFrom('alliance_tree')
    .select((eb) => eb.fn.max('idx').as('top'))
    .where('level', '=', 0)
    .executeTakeFirst();
  return r?.top === null || r?.top === undefined ? 0 : Number(r.top) + 1;
}

export async function treeNodes(
  db: AllianceTlogDb,
  wanted: [number, number][],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 150) {
    const chunk = wanted.slice(i, i + 150);
    const rows = await db
      .selectFrom('alliance_tree')
      .selectAll()
      .where((eb) =>
        eb.or(chunk.map(([level, idx]) => eb.and([eb('level', '=', level), eb('idx', '=', idx)]))),
      )
      .execute();
    for (const r of rows) out.set(`${r.level}/${r.idx}`, r.hash);
  }
  return out;
}

export async function insertTreeNodes(
  db: AllianceTlogDb,
  rows: AllianceTlogTables['alliance_tree'][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('alliance_tree')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['level', 'idx']).doNothing())
      .execute();
}

/** Stream messages after `afterSeq`, in order, with what their leaves are made of. */
export const leafRows = (db: AllianceTlogDb, afterSeq: number, limit: number) =>
  db
    .selectFrom('alliance_log')
    .select(['stream_seq', 'nats_subject', 'stream_time', 'envelope', 'actor', 'type'])
    .where('stream_seq', '>', afterSeq)
    .orderBy('stream_seq')
    .limit(limit)
    .execute();

export const latestCheckpoint = (db: AllianceTlogDb) =>
  db
    .selectFrom('alliance_checkpoints')
    .selectAll()
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();

export const checkpointAt = (db: AllianceTlogDb, size: number) =>
  db.selectFrom('alliance_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();

export const insertCheckpoint = (
  db: AllianceTlogDb,
  row: AllianceTlogTables['alliance_checkpoints'],
) =>
  db
    .insertInto('alliance_checkpoints')
    .values(row)
    .onConflict((oc) => oc.column('size').doNothing())
    .execute();

export const cosignatureOf = (db: AllianceTlogDb, witness: string, size: number) =>
  db
    .selectFrom('alliance_cosignatures')
    .selectAll()
    .where('witness', '=', witness)
    .where('size', '=', size)
    .executeTakeFirst();

/**
 * A cosignature of `witness` that, with one of size `size` made at `at` (POSIX seconds), shows its log
 * shrinking: a larger size cosigned earlier, or a smaller size cosigned later.
 */
export const rollbackOf = (db: AllianceTlogDb, witness: string, size: number, at: number) =>
  db
    .selectFrom('alliance_cosignatures')
    .selectAll()
    .where('witness', '=', witness)
    .where((eb) =>
      eb.or([
        eb.and([eb('size', '>', size), eb('cosigned_at', '<', at)]),
        eb.and([eb('size', '<', size), eb('cosigned_at', '>', at)]),
      ]),
    )
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();

export const insertCosignature = (
  db: AllianceTlogDb,
  row: AllianceTlogTables['alliance_cosignatures'],
) =>
  db
    .insertInto('alliance_cosignatures')
    .values(row)
    .onConflict((oc) => oc.columns(['witness', 'size']).doNothing())
    .execute();

export const cosignaturesAt = (db: AllianceTlogDb, size: number) =>
  db
    .selectFrom('alliance_cosignatures')
    .selectAll()
    .where('size', '=', size)
    .orderBy('witness')
    .execute();

/** Cosignatures not yet compared with this node's tree, up to `size`. */
export const uncheckedUpTo = (db: AllianceTlogDb, size: number) =>
  db
    .selectFrom('alliance_cosignatures')
    .selectAll()
    .where('matches', 'is', null)
    .where('size', '<=', size)
    .orderBy('size')
    .execute();

export const markCosignature = (
  db: AllianceTlogDb,
  witness: string,
  size: number,
  matches: 0 | 1,
) =>
  db
    .updateTable('alliance_cosignatures')
    .set({ matches })
    .where('witness', '=', witness)
    .where('size', '=', size)
    .execute();

/** Sizes with at least `quorum` distinct witnesses whose cosigned root matches this node's, largest first. */
export async function finalSizes(db: AllianceTlogDb, quorum: number): Promise<number[]> {
  const rows = await db
    .selectFrom('alliance_cosignatures')
    .select(['size', (eb) => eb.fn.countAll<number>().as('n')])
    .where('matches', '=', 1)
    .groupBy('size')
    .orderBy('size', 'desc')
    .execute();
  return rows.filter((r) => Number(r.n) >= quorum).map((r) => Number(r.size));
}

export const insertEvidence = (db: AllianceTlogDb, row: AllianceTlogTables['alliance_evidence']) =>
  db
    .insertInto('alliance_evidence')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

export const listEvidence = (db: AllianceTlogDb) =>
  db.selectFrom('alliance_evidence').selectAll().orderBy('seen_at').execute();
