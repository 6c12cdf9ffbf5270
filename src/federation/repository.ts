import type { Kysely, Transaction } from 'kysely';
import type { Migrations } from '../store/database.js';

/** The alliance log as this node applied it, and the key directory it verifies against. */
export type FederationTables = {
  /** One row per stream message consumed, applied or rejected (rejected rows are the evidence). */
  alliance_log: {
    stream_seq: number;
    /** The envelope's act id; null when the message could not be parsed. */
    act_id: string | null;
    actor: string | null;
    key_id: string | null;
    type: string | null;
    subject: string | null;
    at: string | null;
    /** Time the stream stored the message (the same on every node). */
    stream_time: string;
    /** The message body as received. */
    envelope: string;
    /** The NATS subject it arrived on (migration 0071; null on rows consumed before). */
    nats_subject: string | null;
    status: 'applied' | 'rejected';
    code: string | null;
    reason: string | null;
    /** Running hash over the applied entries up to and including this one (null on rejected rows). */
    log_hash: string | null;
    received_at: string;
  };
  alliance_keys: {
    key_id: string;
    actor: string;
    public_key: string;
    /** 'directory': pinned in the directory file; 'act': registered by a secretariat act on the stream. */
    source: string;
    stream_seq: number | null;
    registered_at: string;
  };
};

export const federationMigrations: Migrations = {
  '0070_federation_init': {
    async up(db) {
      await db.schema
        .createTable('alliance_log')
        .addColumn('stream_seq', 'integer', (c) => c.primaryKey())
        .addColumn('act_id', 'text')
        .addColumn('actor', 'text')
        .addColumn('key_id', 'text')
        .addColumn('type', 'text')
        .addColumn('subject', 'text')
        .addColumn('at', 'text')
        .addColumn('stream_time', 'text', (c) => c.notNull())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('reason', 'text')
        .addColumn('log_hash', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('alliance_log_act')
        .on('alliance_log')
        .columns(['act_id', 'status'])
        .execute();
      await db.schema
        .createIndex('alliance_log_subject')
        .on('alliance_log')
        .columns(['subject', 'status', 'stream_seq'])
        .execute();
      await db.schema
        .createTable('alliance_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('stream_seq', 'integer')
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

type Db = Kysely<FederationTables> | Transaction<FederationTables>;
export type LogRow = FederationTables['alliance_log'];
export type KeyRow = FederationTables['alliance_keys'];

export async function lastSeq(db: Db): Promise<number> {
  const r = await db
    .selectFrom('alliance_log')
    .select((eb) => eb.fn.max('stream_seq').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export const entryAt = (db: Db, streamSeq: number) =>
  db.selectFrom('alliance_log').selectAll().where('stream_seq', '=', streamSeq).executeTakeFirst();

/** Entries held for stream sequences `from..to` (inclusive): one query for a whole batch. */
export const entriesBetween = (db: Db, from: number, to: number) =>
  db
    .selectFrom('alliance_log')
    .selectAll()
    .where('stream_seq', '>=', from)
    .where('stream_seq', '<=', to)
    .execute();

export const appliedEntryOf = (db: Db, actId: string) =>
  db
    .selectFrom('alliance_log')
    .selectAll()
    .where('act_id', '=', actId)
    .where('status', '=', 'applied')
    .executeTakeFirst();

/** Latest outcome for an act id (applied wins over a rejected replay of it). */
export const entriesOfAct = (db: Db, actId: string) =>
  db
    .selectFrom('alliance_log')
    .selectAll()
    .where('act_id', '=', actId)
    .orderBy('stream_seq')
    .execute();

/** The running hash of the last applied entry (one indexed row; no count, which grows with the log). */
export async function lastHash(db: Db): Promise<string | null> {
  const head = await db
    .selectFrom('alliance_log')
    .select(['log_hash'])
    .where('status', '=', 'applied')
    .orderBy('stream_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head?.log_hash ?? null;
}

export async function headHash(db: Db): Promise<{ hash: string | null; applied: number }> {
  const head = await db
    .selectFrom('alliance_log')
    .select(['log_hash'])
    .where('status', '=', 'applied')
    .orderBy('stream_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const n = await db
    .selectFrom('alliance_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'applied')
    .executeTakeFirstOrThrow();
  return { hash: head?.log_hash ?? null, applied: Number(n.n) };
}

export async function counts(db: Db): Promise<{ applied: number; rejected: number }> {
  const rows = await db
    .selectFrom('alliance_log')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { applied: of('applied'), rejected: of('rejected') };
}

export const insertEntry = (db: Db, row: LogRow) =>
  db.insertInto('alliance_log').values(row).execute();

export function listEntries(
  db: Db,
  q: { status?: 'applied' | 'rejected'; subject?: string; afterSeq?: number; limit?: number },
) {
  let query = db.selectFrom('alliance_log').selectAll().orderBy('stream_seq');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.subject) query = query.where('subject', '=', q.subject);
  if (q.afterSeq !== undefined) query = query.where('stream_seq', '>', q.afterSeq);
  return query.limit(Math.min(q.limit ?? 200, 1000)).execute();
}

/** Applied acts about `subject` whose type starts with `typePrefix`, in alliance order. */
export const appliedActsOf = (db: Db, subject: string, typePrefix: string) =>
  db
    .selectFrom('alliance_log')
    .selectAll()
    .where('subject', '=', subject)
    .where('status', '=', 'applied')
    .where('type', 'like', `${typePrefix}%`)
    .orderBy('stream_seq')
    .execute();

export const keyById = (db: Db, keyId: string) =>
  db.selectFrom('alliance_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();

export const listKeys = (db: Db) =>
  db.selectFrom('alliance_keys').selectAll().orderBy('actor').orderBy('key_id').execute();

export const insertKey = (db: Db, row: KeyRow) =>
  db
    .insertInto('alliance_keys')
    .values(row)
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
