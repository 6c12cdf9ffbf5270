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
