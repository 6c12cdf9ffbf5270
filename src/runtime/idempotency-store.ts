import type { Migrations } from '../store/database.js';

/** Answers kept for the Idempotency-Key header (see api/idempotency.ts). */ export type IdempotencyTables =
  {
    idempotency_keys: {
      principal: string;
      key: string;
      fingerprint: string;
      state: string;
      status: number | null;
      content_type: string | null;
      body: string | null;
      created_at: string;
      /** Random id of the request that holds the key now (a retry may take over an abandoned one). */
      claim: string | null;
      /** When that request took the key (null on rows from before claims: created_at). */
      claimed_at: string | null;
      /** The first act committed under the key, written in that act's transaction. */
      act_id: string | null;
    };
  };

export const idempotencyMigrations: Migrations = {
  '0070_idempotency_keys': {
    async up(db) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('content_type', 'text')
        .addColumn('body', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
        .execute();
      await db.schema
        .createIndex('idempotency_keys_created')
        .on('idempotency_keys')
        .column('created_at')
        .execute();
    },
  },
  '0072_idempotency_claims': {
    async up(db) {
      for (const column of ['claim', 'claimed_at', 'act_id'])
        await db.schema.alterTable('idempotency_keys').addColumn(column, 'text').execute();
    },
  },
};
