import { parseJson, type JsonText } from '../store/json-column.js';
import type { Classification } from '../runtime/auth.js';
import type { StatusDetail } from './intel-hub.js';
import type { Tlp } from './stix/marking.js';
import { PostgresAdapter, sql, type Generated } from 'kysely';
import type { Migrations } from '../store/database.js';
import { sha256Hex } from '../core/crypto.js';
import {
  headOf,
  parseSignature,
  treeIdOf,
  type ObjectSignature,
  type SignedTreeHead,
} from './signatures.js';

export type IntelTables = {
  intel_objects: {
    seq: Generated<number>;
    collection_id: string;
    id: string;
    type: string;
    spec_version: string;
    /** `modified`, else `created`, else '' (an SCO without timestamps: one version). */
    version: string;
    originator: string;
    label_id: string;
    date_added: string;
    /** SHA-256 of `object`, the stored text (rows stored before migration 1604 hold the hash of its canonical JSON). */
    content_hash: string;
    object: JsonText<Record<string, unknown>>;
    /**
     * Hints (0/1) kept on insert: 0 means no other row of this (collection, id) can hide this one from
     * the 'last' version (a newer version, or the same version stored earlier), from the 'first' version,
     * or as a duplicate copy of the same version. 1 means "check": deletes may leave a stale 1, never a stale 0.
     */
    shadow_last: Generated<number>;
    shadow_first: Generated<number>;
    shadow_dup: Generated<number>;
    /** 48-bit hash of (collection_id, id), see idKey: the only index on the random STIX id (migration 1604). */
    id_key: number;
    /**
     * The originating member's detached signature (`signatures.ts`, JSON), carried beside the object and
     * never inside it; null when the object came unsigned (migration 1607).
     */
    signature: string | null;
    /** 'signed' (signed here by its originator's key), 'verified' (a carried signature checked), 'unverified'; null before 1607. */
    provenance: string | null;
    /**
     * The member whose node or user handed the object to this node (the poster: a peer node on federation
     * pull, the pushing node, a TAXII client); 'SECRETARIAT' for the secretariat; null before migration 1608.
     * Differs from the label's originator when the object was forwarded by another node.
     */
    received_from: string | null;
    /**
     * When a version stored unverified or unsigned got its originator's verified signature from a later re-post
     * (migration 1609); null otherwise.
     */
    upgraded_at: string | null;
    /** Who re-posted it with that signature (the poster's member, 'SECRETARIAT'); null otherwise. */
    upgraded_from: string | null;
    /**
     * The originator's signed tree this object is a leaf of (`intel_sig_trees.tree_id`, migration 1610); null when
     * unsigned. With `sig_index` and `sig_path` it is the object's detached signature, rebuilt when served.
     */
    sig_tree: string | null;
    /** The object's leaf index in that tree. */
    sig_index: number | null;
    /**
     * The object's audit path (JSON list of base64 hashes) when the tree row does not hold every leaf (a tree
     * received in part); null when the path is rebuilt from the tree's leaves.
     */
    sig_path: string | null;
    /**
     * The creation time of the label kept beside the object (#19.5, migration 1611): the object came without
     * the label extension, is stored with its originator's bytes, and its label is its `label_id` row with this
     * creation time. Null: the object carries its label inside (every row stored before 1611), or is a public
     * TLP marking-definition.
     */
    label_created: string | null;
  };
  /**
   * Signed trees of objects (migration 1610): what the objects signed together share — the signature over
   * (signer, key, root, size) — stored once per tree instead of in every object's row.
   */
  intel_sig_trees: {
    /** `treeIdOf(head)`: 128 bits of SHA-256 over every field below but `leaves`. */
    tree_id: string;
    alg: string;
    signer: string;
    key_id: string;
    /** Merkle root (base64). */
    root: string;
    size: number;
    /** Ed25519 (base64) over `signedBytes`. */
    signature: string;
    /** Base64 of the `size` 32-byte leaf hashes in order, when every leaf is known here; else null. */
    leaves: string | null;
  };
  /** Relationship ends (migration 1605): which relationship ids name an object, by idKey(collection, ref). */
  intel_refs: {
    ref_key: number;
    rel_id: string;
  };
  intel_labels: {
    label_id: string;
    policy: string;
    classification: Classification;
    releasable_to: JsonText<string[]>;
    originator: string;
    tlp: Tlp | null;
    created_at: string;
  };
  intel_status: {
    id: string;
    collection_id: string;
    member: string | null;
    user_name: string;
    request_timestamp: string;
    total_count: number;
    success_count: number;
    failure_count: number;
    successes: JsonText<StatusDetail[]>;
    failures: JsonText<StatusDetail[]>;
  };
  intel_receipts: {
    object_id: string;
    originator: string;
    recipient: string;
    recipient_user: string;
    channel: string;
    first_at: string;
  };
  intel_peers: {
    id: string;
    name: string;
    api_root: string;
    collection: string;
    token: string;
    peer_member: string;
    local_collection: string;
    pull_cursor: string | null;
    push_cursor: number;
    last_sync_at: string | null;
    interval_s: number;
    /** Highest classification the link to this peer (and the peer node) is accredited for. */
    clearance: Classification;
  };
  /** Node-local secrets of the intel module (migration 1606): the key that seals TAXII `next` cursors. */
  intel_secrets: {
    name: string;
    value: string;
  };
};

export const intelMigrations: Migrations = {
  '1600_intel_init': {
    async up(db) {
      const pg = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema
        .createTable('intel_objects')
        .addColumn('seq', pg ? 'serial' : 'integer', (c) =>
          pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('collection_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('spec_version', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('originator', 'text', (c) => c.notNull())
        .addColumn('label_id', 'text', (c) => c.notNull())
        .addColumn('date_added', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('object', 'text', (c) => c.notNull())
        .addUniqueConstraint('intel_objects_version_uq', [
          'collection_id',
          'id',
          'version',
          'originator',
        ])
        .execute();
      await db.schema
        .createIndex('intel_objects_coll_seq')
        .on('intel_objects')
        .columns(['collection_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('intel_objects_id')
        .on('intel_objects')
        .columns(['id', 'version'])
        .execute();
      await db.schema
        .createIndex('intel_objects_date_added')
        .on('intel_objects')
        .column('date_added')
        .execute();
      await db.schema
        .createTable('intel_labels')
        .addColumn('label_id', 'text', (c) => c.primaryKey())
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('classification', 'text', (c) => c.notNull())
        .addColumn('releasable_to', 'text', (c) => c.notNull())
        .addColumn('originator', 'text', (c) => c.notNull())
        .addColumn('tlp', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('intel_status')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('collection_id', 'text', (c) => c.notNull())
        .addColumn('member', 'text')
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('request_timestamp', 'text', (c) => c.notNull())
        .addColumn('total_count', 'integer', (c) => c.notNull())
        .addColumn('success_count', 'integer', (c) => c.notNull())
        .addColumn('failure_count', 'integer', (c) => c.notNull())
        .addColumn('successes', 'text', (c) => c.notNull())
        .addColumn('failures', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('intel_receipts')
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('originator', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('recipient_user', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('first_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('intel_receipts_pk', [
          'object_id',
          'recipient',
          'recipient_user',
          'channel',
        ])
        .execute();
      await db.schema
        .createIndex('intel_receipts_orig')
        .on('intel_receipts')
        .columns(['originator', 'first_at'])
        .execute();
      await db.schema
        .createTable('intel_peers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('api_root', 'text', (c) => c.notNull())
        .addColumn('collection', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('peer_member', 'text', (c) => c.notNull())
        .addColumn('local_collection', 'text', (c) => c.notNull())
        .addColumn('pull_cursor', 'text')
        .addColumn('push_cursor', 'integer', (c) => c.notNull())
        .addColumn('last_sync_at', 'text')
        .addColumn('interval_s', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '1601_intel_peer_clearance': {
    async up(db) {
      await db.schema
        .alterTable('intel_peers')
        .addColumn('clearance', 'text', (c) => c.notNull().defaultTo('SECRET'))
        .execute();
    },
  },
  '1602_intel_read_path': {
    async up(db) {
      // Shadow hints let the GET path skip the per-row "is there a newer visible version?" probe for the
      // (usual) objects that have one version; see IntelRepository.refreshShadows.
      for (const col of ['shadow_last', 'shadow_first', 'shadow_dup'])
        await db.schema
          .alterTable('intel_objects')
          .addColumn(col, 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      await sql`UPDATE intel_objects SET ${sql.raw(SHADOW_SET_1602)}`.execute(db);
      // Every lookup by id also names the collection: the unique (collection_id, id, version, originator) index serves it.
      await db.schema.dropIndex('intel_objects_id').execute();
    },
  },
  '1603_intel_date_added_micros': {
    async up(db) {
      // date_added is now always written with 6 fractional digits (see date-added.ts); widen the older
      // 3-digit values so that text order stays time order ('.345Z' sorts after '.345000Z' otherwise).
      await sql`UPDATE intel_objects SET date_added = substr(date_added, 1, 23) || '000Z' WHERE length(date_added) = 24`.execute(
        db,
      );
    },
  },
  '1604_intel_id_key': {
    async up(db) {
      // STIX ids are random UUIDs, so every index keyed on them takes one random page write per stored
      // object. The 4-text-column unique index (~130 bytes an entry) made that write the largest cost of
      // ingest at a million objects; a 48-bit integer hash of (collection, id) is ~10× smaller, with far
      // fewer page splits. Uniqueness of (collection, id, version, originator) is now kept by the ingest
      // path, which checks it under the record's append lock (see IntelHub.ingest); docs/intel.md.
      const pg = db.getExecutor().adapter instanceof PostgresAdapter;
      if (pg) {
        await sql`ALTER TABLE intel_objects ADD COLUMN id_key bigint NOT NULL DEFAULT 0`.execute(
          db,
        );
        await sql`ALTER TABLE intel_objects DROP CONSTRAINT intel_objects_version_uq`.execute(db);
      } else {
        // SQLite cannot drop a constraint declared in CREATE TABLE: rebuild the table with the same rows,
        // the same seq values and the same AUTOINCREMENT high-water mark (a seq is never reused).
        const cols =
          'seq, collection_id, id, type, spec_version, version, originator, label_id, date_added, content_hash, object, shadow_last, shadow_first, shadow_dup';
        await sql`CREATE TABLE intel_objects_next (
          seq integer PRIMARY KEY AUTOINCREMENT, collection_id text NOT NULL, id text NOT NULL, type text NOT NULL,
          spec_version text NOT NULL, version text NOT NULL, originator text NOT NULL, label_id text NOT NULL,
          date_added text NOT NULL, content_hash text NOT NULL, object text NOT NULL,
          shadow_last integer NOT NULL DEFAULT 0, shadow_first integer NOT NULL DEFAULT 0, shadow_dup integer NOT NULL DEFAULT 0,
          id_key integer NOT NULL DEFAULT 0)`.execute(db);
        await sql`INSERT INTO intel_objects_next (${sql.raw(cols)}) SELECT ${sql.raw(cols)} FROM intel_objects ORDER BY seq`.execute(
          db,
        );
        const hw = await sql<{
          seq: number;
        }>`SELECT seq FROM sqlite_sequence WHERE name = 'intel_objects'`.execute(db);
        await sql`DROP TABLE intel_objects`.execute(db);
        await sql`ALTER TABLE intel_objects_next RENAME TO intel_objects`.execute(db);
        const high = Number(hw.rows[0]?.seq ?? 0);
        await sql`DELETE FROM sqlite_sequence WHERE name = 'intel_objects'`.execute(db);
        await sql`INSERT INTO sqlite_sequence (name, seq) SELECT 'intel_objects', MAX(${high}, COALESCE((SELECT MAX(seq) FROM intel_objects), 0))`.execute(
          db,
        );
        await db.schema
          .createIndex('intel_objects_coll_seq')
          .on('intel_objects')
          .columns(['collection_id', 'seq'])
          .execute();
        await db.schema
          .createIndex('intel_objects_date_added')
          .on('intel_objects')
          .column('date_added')
          .execute();
      }
      // Backfill 500 rows per statement (CASE on seq): a million stored objects take ~2,000 statements.
      for (let after = 0; ;) {
        const rows = (
          await sql<{
            seq: number;
            collection_id: string;
            id: string;
          }>`SELECT seq, collection_id, id FROM intel_objects WHERE seq > ${after} ORDER BY seq LIMIT 500`.execute(
            db,
          )
        ).rows;
        if (!rows.length) break;
        const cases = sql.join(
          rows.map(
            (r) =>
              sql`WHEN CAST(${Number(r.seq)} AS integer) THEN CAST(${idKey(r.collection_id, r.id)} AS bigint)`,
          ),
          sql` `,
        );
        await sql`UPDATE intel_objects SET id_key = CASE seq ${cases} END WHERE seq IN (${sql.join(rows.map((r) => Number(r.seq)))})`.execute(
          db,
        );
        after = Number(rows[rows.length - 1].seq);
      }
      await db.schema
        .createIndex('intel_objects_id_key')
        .on('intel_objects')
        .column('id_key')
        .execute();
    },
  },
  '1605_intel_refs': {
    async up(db) {
      // The console's graph asks "which relationships name this object?". Scanning a collection's
      // relationships does not scale; this table answers it by index. Keys are idKey(collection, end), so
      // a hash collision only adds a candidate that the reader then checks against the relationship itself.
      await db.schema
        .createTable('intel_refs')
        .addColumn('ref_key', 'bigint', (c) => c.notNull())
        .addColumn('rel_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('intel_refs_pk', ['ref_key', 'rel_id'])
        .execute();
      for (let after = 0; ;) {
        const rows = (
          await sql<{
            seq: number;
            collection_id: string;
            object: JsonText<Record<string, unknown>>;
          }>`SELECT seq, collection_id, object FROM intel_objects
          WHERE type = 'relationship' AND seq > ${after} ORDER BY seq LIMIT 500`.execute(db)
        ).rows;
        if (!rows.length) break;
        const refs = rows.flatMap((r) => relationshipRefs(r.collection_id, parseJson(r.object)));
        if (refs.length)
          await db
            .insertInto('intel_refs')
            .values(refs)
            .onConflict((oc) => oc.doNothing())
            .execute();
        after = Number(rows[rows.length - 1].seq);
      }
    },
  },
  '1606_intel_secrets': {
    async up(db) {
      await db.schema
        .createTable('intel_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '1607_intel_signatures': {
    async up(db) {
      await db.schema.alterTable('intel_objects').addColumn('signature', 'text').execute();
      await db.schema.alterTable('intel_objects').addColumn('provenance', 'text').execute();
    },
  },
  '1608_intel_received_from': {
    async up(db) {
      await db.schema.alterTable('intel_objects').addColumn('received_from', 'text').execute();
    },
  },
  '1609_intel_signature_upgrade': {
    async up(db) {
      await db.schema.alterTable('intel_objects').addColumn('upgraded_at', 'text').execute();
      await db.schema.alterTable('intel_objects').addColumn('upgraded_from', 'text').execute();
    },
  },
  '1610_intel_signature_trees': {
    async up(db) {
      // The ~0.6 kB signature each signed row carried repeated the envelope's signature, signer, key and
      // root: they are now one row per signed tree, each object keeping only its leaf index (and its audit
      // path when the tree's leaves are not all known here). Rows stored before keep their own path, so
      // each still proves itself exactly as before; the served signature is rebuilt to the same JSON.
      await db.schema
        .createTable('intel_sig_trees')
        .addColumn('tree_id', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('signer', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('root', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('leaves', 'text')
        .execute();
      await db.schema.alterTable('intel_objects').addColumn('sig_tree', 'text').execute();
      await db.schema.alterTable('intel_objects').addColumn('sig_index', 'integer').execute();
      await db.schema.alterTable('intel_objects').addColumn('sig_path', 'text').execute();
      for (let after = 0; ;) {
        const rows = (
          await sql<{
            seq: number;
            signature: string;
          }>`SELECT seq, signature FROM intel_objects WHERE signature IS NOT NULL AND seq > ${after} ORDER BY seq LIMIT 500`.execute(
            db,
          )
        ).rows;
        if (!rows.length) break;
        after = Number(rows[rows.length - 1].seq);
        const moved: { seq: number; tree: string; index: number; path: string }[] = [];
        const trees = new Map<string, SignedTreeHead>();
        for (const r of rows) {
          let sig: ObjectSignature | string;
          try {
            sig = parseSignature(JSON.parse(r.signature));
          } catch {
            sig = 'not JSON';
          }
          // A stored text that is no signature stays in the old column, served as it was.
          if (typeof sig === 'string') continue;
          const head = headOf(sig);
          const tree = treeIdOf(head);
          trees.set(tree, head);
          moved.push({
            seq: Number(r.seq),
            tree,
            index: sig.index,
            path: JSON.stringify(sig.path),
          });
        }
        if (trees.size)
          await db
            .withTables<IntelTables>()
            .insertInto('intel_sig_trees')
            .values([...trees].map(([tree_id, h]) => ({ tree_id, ...h, leaves: null })))
            .onConflict((oc) => oc.column('tree_id').doNothing())
            .execute();
        if (!moved.length) continue;
        const cases = (f: (m: (typeof moved)[number]) => unknown, type: string) =>
          sql.join(
            moved.map(
              (m) => sql`WHEN CAST(${m.seq} AS integer) THEN CAST(${f(m)} AS ${sql.raw(type)})`,
            ),
            sql` `,
          );
        await sql`UPDATE intel_objects SET sig_tree = CASE seq ${cases((m) => m.tree, 'text')} END,
          sig_index = CASE seq ${cases((m) => m.index, 'integer')} END,
          sig_path = CASE seq ${cases((m) => m.path, 'text')} END,
          signature = NULL
          WHERE seq IN (${sql.join(moved.map((m) => m.seq))})`.execute(db);
      }
    },
  },
  '1611_intel_label_beside': {
    async up(db) {
      // Rows stored before keep the label written into their text (and the signatures over it); new rows
      // that came without the label keep the originator's bytes and name their label's creation time here.
      await db.schema.alterTable('intel_objects').addColumn('label_created', 'text').execute();
    },
  },
};

/** The intel_refs rows of a stored relationship: its source and target, each keyed within its collection. */
export function relationshipRefs(
  collectionId: string,
  obj: { id?: unknown; source_ref?: unknown; target_ref?: unknown },
): { ref_key: number; rel_id: string }[] {
  const relId = obj.id;
  if (typeof relId !== 'string') return [];
  const ends = [
    ...new Set([obj.source_ref, obj.target_ref].filter((e): e is string => typeof e === 'string')),
  ];
  return ends.map((e) => ({ ref_key: idKey(collectionId, e), rel_id: relId }));
}

/**
 * Recomputes the three shadow hints of the rows an UPDATE touches (portable SQLite / PostgreSQL).
 * `sameId` finds the other rows of the id: by id_key once migration 1604 made it the id index
 * (migration 1602 ran before that column existed and keeps its own form).
 */
const shadowSet = (sameId: string) => {
  const shadowOf = (cond: string) =>
    `CASE WHEN EXISTS (SELECT 1 FROM intel_objects o2 WHERE ${sameId} AND o2.collection_id = intel_objects.collection_id AND o2.id = intel_objects.id AND o2.seq <> intel_objects.seq AND (${cond})) THEN 1 ELSE 0 END`;
  return [
    `shadow_last = ${shadowOf('o2.version > intel_objects.version OR (o2.version = intel_objects.version AND o2.seq < intel_objects.seq)')}`,
    `shadow_first = ${shadowOf('o2.version < intel_objects.version OR (o2.version = intel_objects.version AND o2.seq < intel_objects.seq)')}`,
    `shadow_dup = ${shadowOf('o2.version = intel_objects.version AND o2.seq < intel_objects.seq')}`,
  ].join(', ');
};
const SHADOW_SET_1602 = shadowSet('1 = 1');
export const SHADOW_SET = shadowSet('o2.id_key = intel_objects.id_key');

/**
 * The indexed stand-in for a STIX id within a collection: the first 48 bits of SHA-256(collection, id),
 * a safe integer on both dialects. Collisions only cost a few extra rows read: every lookup also
 * compares the real collection and id.
 */
export function idKey(collectionId: string, id: string): number {
  return parseInt(sha256Hex(`${collectionId}\u0000${id}`).slice(0, 12), 16);
}
