import type { Migrations } from '../store/database.js';

/** The transparency log's tables, kept beside the record (see transparency-log.ts). */
export type TlogTables = {
  /**
   * Complete subtrees of the Merkle tree over the record: node (level, idx) covers leaves
   * [idx·2^level, (idx+1)·2^level); level 0 holds the leaf hashes. About two rows per act.
   */
  record_tree: { level: number; idx: number; hash: string };
  /** Checkpoints this node's log signed, with the cosignatures gathered (the whole note). */
  record_checkpoints: { size: number; root_hash: string; note: string; created_at: string };
  /**
   * The same for the log of the record's public view (#19.2): leaf i = public view entry #i+1, so its
   * sizes and positions count public acts only.
   */
  record_public_tree: { level: number; idx: number; hash: string };
  record_public_checkpoints: { size: number; root_hash: string; note: string; created_at: string };
  /**
   * The logs of the members' own views (#19.2): one tree per `own:<actor>` view (leaf i = that view's
   * entry #i+1), so a member proves its private acts in a log whose sizes count its own acts only.
   */
  record_own_tree: { view: string; level: number; idx: number; hash: string };
  record_own_checkpoints: {
    view: string;
    size: number;
    root_hash: string;
    note: string;
    created_at: string;
  };
};

export const tlogMigrations: Migrations = {
  '0052_record_tlog': {
    async up(db) {
      await db.schema
        .createTable('record_tree')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_tree_pk', ['level', 'idx'])
        .execute();
      await db.schema
        .createTable('record_checkpoints')
        .addColumn('size', 'integer', (c) => c.primaryKey())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0055_record_public_tlog': {
    async up(db) {
      await db.schema
        .createTable('record_public_tree')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_public_tree_pk', ['level', 'idx'])
        .execute();
      await db.schema
        .createTable('record_public_checkpoints')
        .addColumn('size', 'integer', (c) => c.primaryKey())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0056_record_own_tlog': {
    async up(db) {
      await db.schema
        .createTable('record_own_tree')
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_own_tree_pk', ['view', 'level', 'idx'])
        .execute();
      await db.schema
        .createTable('record_own_checkpoints')
        .addColumn('view', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_own_checkpoints_pk', ['view', 'size'])
        .execute();
    },
  },
};
