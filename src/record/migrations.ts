import type { Migrations } from '../store/database.js';

export type RecordTables = {
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
    /**
     * The actor's Ed25519 signature over the act's content hash (`contentHashOf`, without `seq` and
     * `prevHash`), so views of the record can be verified without the full record's positions (#19.2).
     * Null for acts appended before migration 0054 whose key this node does not hold.
     */
    content_signature: string | null;
  };
  /**
   * Views of the record with their own numbering and hash chain (#19.2, `views.ts`): `public` holds
   * every act whose type is not private; `own:<actor>` holds that actor's private acts. Each act is in
   * exactly one view; `act_seq` is its place in the full record (never served to a reader of a view).
   */
  record_views: {
    view: string;
    vseq: number;
    act_id: string;
    act_seq: number;
    content_hash: string;
    prev_hash: string;
    hash: string;
  };
  /** Acts committed but not yet acknowledged by the bus (the transactional outbox, `outbox.ts`). */
  record_outbox: {
    seq: number;
    act_id: string;
    queued_at: string;
  };
  identities: {
    key_id: string;
    actor: string;
    public_key: string;
    created_at: string;
    revoked_at: string | null;
    /** Who holds the private key (see `Custody`); null for rows written before custody was recorded. */
    custody: string | null;
  };
};

export const recordMigrations: Migrations = {
  '0050_record_init': {
    async up(db) {
      await db.schema
        .createTable('record_acts')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('record_acts_type')
        .on('record_acts')
        .columns(['type', 'seq'])
        .execute();
      await db.schema
        .createIndex('record_acts_subject')
        .on('record_acts')
        .columns(['subject', 'seq'])
        .execute();
      await db.schema
        .createIndex('record_acts_actor')
        .on('record_acts')
        .columns(['actor', 'seq'])
        .execute();
      await db.schema
        .createTable('identities')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('identities_actor').on('identities').column('actor').execute();
    },
  },
  '0051_record_custody': {
    async up(db) {
      await db.schema.alterTable('identities').addColumn('custody', 'text').execute();
    },
  },
  '0054_record_views': {
    async up(db) {
      await db.schema.alterTable('record_acts').addColumn('content_signature', 'text').execute();
      await db.schema
        .createTable('record_views')
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('vseq', 'integer', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull().unique())
        .addColumn('act_seq', 'integer', (c) => c.notNull().unique())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_views_pk', ['view', 'vseq'])
        .execute();
    },
  },
  '0053_record_outbox': {
    async up(db) {
      await db.schema
        .createTable('record_outbox')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
