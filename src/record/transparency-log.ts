import type { Kysely, SelectQueryBuilder } from 'kysely';
import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { badInput, notFound } from '../core/errors.js';
import { fromHex, leafHash, toBase64, toHex, type Hash } from '../core/merkle.js';
import {
  checkTreeSize,
  StoredMerkleTree,
  type SubtreeRow,
  type SubtreeStore,
} from '../core/merkle-tree.js';
import {
  checkpointText,
  formatNote,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  signNoteText,
  NOTE_ED25519,
  type NoteKey,
} from '../core/signed-note.js';
import type { Store } from '../store/database.js';
import type { Keyring } from './keyring.js';
import type { RecordTables } from './migrations.js';
import { hashedFields, type Act } from './model.js';
import { rowToAct, type ActRow } from './record-log.js';
import type { TlogTables } from './tlog-tables.js';
import { ownView, PUBLIC_VIEW } from './views.js';
import type { Witness } from './witness.js';

const PAGE = 2000;

/** The bytes of an act that enter the Merkle tree: its canonical JSON, hash and signature included. */
export const leafData = (act: Act): Uint8Array =>
  Buffer.from(
    canonicalJson({ ...hashedFields(act), hash: act.hash, signature: act.signature }),
    'utf8',
  );

export const actLeafHash = (row: Omit<ActRow, 'content_signature'>): Hash =>
  leafHash(leafData(rowToAct(row)));

/** The fields of a public view entry (as `/api/record` serves it) that enter the public log's tree. */
export interface PublicLeafFields {
  view: string;
  seq: number;
  id: string;
  contentHash: string;
  prevHash: string;
  hash: string;
  signature: string | null;
}

/**
 * The bytes of a public view entry that enter the public log's tree (#19.2): its canonical JSON with
 * its view numbering and chain, content hash and position-free signature, nothing of the full record.
 */
export const publicLeafData = (e: PublicLeafFields): Uint8Array =>
  Buffer.from(
    canonicalJson({
      view: e.view,
      seq: e.seq,
      id: e.id,
      contentHash: e.contentHash,
      prevHash: e.prevHash,
      hash: e.hash,
      signature: e.signature,
    }),
    'utf8',
  );

/** A public view entry row as the public log reads it. */
interface PublicEntryRow {
  vseq: number;
  view: string;
  act_id: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  content_signature: string | null;
}

export const publicEntryLeafHash = (r: PublicEntryRow): Hash =>
  leafHash(
    publicLeafData({
      view: r.view,
      seq: Number(r.vseq),
      id: r.act_id,
      contentHash: r.content_hash,
      prevHash: r.prev_hash,
      hash: r.hash,
      signature: r.content_signature,
    }),
  );

/** Up to `limit` entries of a view (`public`, `own:<actor>`) numbered above `after`, in view order. */
export const viewEntries = (
  db: Kysely<TlogTables & RecordTables>,
  view: string,
  after: number,
  limit: number,
): Promise<PublicEntryRow[]> =>
  db
    .selectFrom('record_views as v')
    .innerJoin('record_acts as a', 'a.id', 'v.act_id')
    .select([
      'v.vseq',
      'v.view',
      'v.act_id',
      'v.content_hash',
      'v.prev_hash',
      'v.hash',
      'a.content_signature',
    ])
    .where('v.view', '=', view)
    .where('v.vseq', '>', after)
    .orderBy('v.vseq')
    .limit(limit)
    .execute();

/** Up to `limit` entries of the public view numbered above `after`, in view order. */
export const publicEntries = (
  db: Kysely<TlogTables & RecordTables>,
  after: number,
  limit: number,
): Promise<PublicEntryRow[]> => viewEntries(db, PUBLIC_VIEW, after, limit);

/** Suffix of the public view's log origin after the full record's (`tahaluf/record/x/public`). */
export const PUBLIC_LOG_SUFFIX = '/public';
export const isPublicLogOrigin = (origin: string): boolean => origin.endsWith(PUBLIC_LOG_SUFFIX);

/** Infix of an own view's log origin after the full record's (`tahaluf/record/x/own/qat`). */
export const OWN_LOG_INFIX = '/own/';
/** The origin of the log of `actor`'s own view, given the full record's origin. */
export const ownLogOrigin = (fullOrigin: string, actor: string): string =>
  `${fullOrigin}${OWN_LOG_INFIX}${actor.toLowerCase()}`;

/**
 * What a log's origin says it is built over: the full record, the public view, or an actor's own view
 * (`own:<ACTOR>`, the actor as the record names it, upper case).
 */
export function logViewOfOrigin(origin: string): string {
  if (isPublicLogOrigin(origin)) return PUBLIC_VIEW;
  const at = origin.lastIndexOf(OWN_LOG_INFIX);
  if (at >= 0 && !origin.slice(at + OWN_LOG_INFIX.length).includes('/'))
    return ownView(origin.slice(at + OWN_LOG_INFIX.length).toUpperCase());
  return 'full';
}

interface CheckpointRow {
  size: number;
  root_hash: string;
  note: string;
  created_at: string;
}

/** Where a log keeps its subtrees and checkpoints. */
interface LogStorage {
  label: string;
  subtrees(db: () => Kysely<TlogTables & RecordTables>): SubtreeStore;
  /** The stored checkpoints, largest first. */
  checkpoints(db: Kysely<TlogTables & RecordTables>, limit: number): Promise<CheckpointRow[]>;
  insert(db: Kysely<TlogTables & RecordTables>, row: CheckpointRow): Promise<void>;
}

/** A log with tables of its own (the full record's, the public view's). */
const ownTables = (
  tree: 'record_tree' | 'record_public_tree',
  checkpoints: 'record_checkpoints' | 'record_public_checkpoints',
  label: string,
): LogStorage => ({
  label,
  subtrees: (db) => treeStore(db, { table: tree }),
  checkpoints: (db, limit) =>
    db.selectFrom(checkpoints).selectAll().orderBy('size', 'desc').limit(limit).execute(),
  async insert(db, row) {
    await db
      .insertInto(checkpoints)
      .values(row)
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
  },
});

/** The log of one own view, in the tables the own views share (scoped by `view`). */
const ownViewTables = (view: string): LogStorage => ({
  label: `transparency log of ${view}`,
  subtrees: (db) => treeStore(db, { table: 'record_own_tree', view }),
  checkpoints: (db, limit) =>
    db
      .selectFrom('record_own_checkpoints')
      .select(['size', 'root_hash', 'note', 'created_at'])
      .where('view', '=', view)
      .orderBy('size', 'desc')
      .limit(limit)
      .execute(),
  async insert(db, row) {
    await db
      .insertInto('record_own_checkpoints')
      .values({ view, ...row })
      .onConflict((oc) => oc.columns(['view', 'size']).doNothing())
      .execute();
  },
});

/**
 * What a transparency log is built over: the full record (leaf i = act #i+1, the secretariat's), the
 * public view (leaf i = public entry #i+1, everyone's), or an actor's own view (leaf i = its entry
 * #i+1, that actor's and the secretariat's), each in its own tables.
 */
export interface LogSpec {
  storage: LogStorage;
  /** Brings the leaves up to date before the tree is extended (the views catch up with the record). */
  prepare?: () => Promise<void>;
  extend(tree: StoredMerkleTree, db: Kysely<TlogTables & RecordTables>): Promise<number>;
}

export const FULL_RECORD_LOG: LogSpec = {
  storage: ownTables('record_tree', 'record_checkpoints', 'transparency log'),
  extend: (tree, db) =>
    tree.extend({
      page: (after, limit) =>
        db
          .selectFrom('record_acts')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(limit)
          .execute(),
      indexOf: (row) => Number(row.seq) - 1,
      leafHash: actLeafHash,
      onGap: 'throw',
      pageSize: PAGE,
    }),
};

/** The log of a view's entries (leaf bytes: `publicLeafData` of each entry as a reader is served it). */
const viewLog = (view: string, storage: LogStorage, catchUp: () => Promise<void>): LogSpec => ({
  storage,
  prepare: catchUp,
  extend: (tree, db) =>
    tree.extend({
      page: (after, limit) => viewEntries(db, view, after, limit),
      indexOf: (row) => Number(row.vseq) - 1,
      leafHash: publicEntryLeafHash,
      onGap: 'throw',
      pageSize: PAGE,
    }),
});

/** The log of the public view; `catchUp` brings the views up to date with the record first. */
export const publicViewLog = (catchUp: () => Promise<void>): LogSpec =>
  viewLog(
    PUBLIC_VIEW,
    ownTables('record_public_tree', 'record_public_checkpoints', 'public transparency log'),
    catchUp,
  );

/** The log of `actor`'s own view (its private acts), likewise. */
export const ownViewLog = (actor: string, catchUp: () => Promise<void>): LogSpec =>
  viewLog(ownView(actor), ownViewTables(ownView(actor)), catchUp);

/** A checkpoint as the log keeps it: the signed note (log signature first, then cosignatures). */
export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
  createdAt: string;
}

const NODE_QUERY_CHUNK = 150;

/**
 * Where a log keeps its subtrees: a tree table of its own, or, for an own view's log, that view's rows
 * of the tree table the own views share.
 */
type TreeTable =
  | { table: 'record_tree' | 'record_public_tree'; view?: undefined }
  | { table: 'record_own_tree'; view: string };

/** A log's subtrees in its tree table (only its view's rows where the table is shared). */
function treeStore(db: () => Kysely<TlogTables & RecordTables>, at: TreeTable): SubtreeStore {
  const { table, view } = at;
  const inView = <O>(
    query: SelectQueryBuilder<TlogTables & RecordTables, TreeTable['table'], O>,
  ) => (view === undefined ? query : query.where('view', '=', view));
  return {
    async size() {
      const r = await db()
        .selectFrom(table)
        .select((eb) => eb.fn.max('idx').as('top'))
        .$call(inView)
        .where('level', '=', 0)
        .executeTakeFirst();
      return r?.top === null || r?.top === undefined ? 0 : Number(r.top) + 1;
    },
    async nodes(wanted) {
      const out = new Map<string, Hash>();
      for (let i = 0; i < wanted.length; i += NODE_QUERY_CHUNK) {
        const chunk = wanted.slice(i, i + NODE_QUERY_CHUNK);
        const rows = await db()
          .selectFrom(table)
          .select(['level', 'idx', 'hash'])
          .$call(inView)
          .where((eb) =>
            eb.or(
              chunk.map(([level, idx]) => eb.and([eb('level', '=', level), eb('idx', '=', idx)])),
            ),
          )
          .execute();
        for (const r of rows) out.set(`${r.level}/${r.idx}`, fromHex(r.hash));
      }
      return out;
    },
    async insert(rows: SubtreeRow[]) {
      const key = view === undefined ? {} : { view };
      const values = rows.map((n) => ({
        ...key,
        level: n.level,
        idx: n.index,
        hash: toHex(n.hash),
      }));
      await db()
        .transaction()
        .execute(async (trx) => {
          for (let i = 0; i < values.length; i += 500)
            await trx
              .insertInto(table)
              .values(values.slice(i, i + 500))
              .onConflict((oc) =>
                oc
                  .columns(view === undefined ? ['level', 'idx'] : ['view', 'level', 'idx'])
                  .doNothing(),
              )
              .execute();
        });
    },
  };
}

/**
 * The record as an RFC 9162 Merkle tree (leaf i = act #i+1), kept incrementally as complete subtree
 * hashes (`record_tree`) by the one stored tree of `core/merkle-tree.ts`, so a proof on a log of a million
 * acts reads a few dozen rows. Checkpoints are
 * C2SP signed notes signed with the key of the node's own actor and cosigned by the node's witness.
 */
export class TransparencyLog {
  private syncing: Promise<number> = Promise.resolve(0);
  private checkpointing: Promise<unknown> = Promise.resolve();
  private readonly tree: StoredMerkleTree;

  constructor(
    private store: Store,
    private keyring: Keyring,
    private clock: Clock,
    /** The checkpoint origin line and the log's key name, e.g. `tahaluf/secretariat`. */
    readonly origin: string,
    /** The actor whose key signs checkpoints (the node's own). */
    readonly logActor: string,
    private witness: Witness | null,
    /** What the log is built over: the full record (default) or the public view. */
    private spec: LogSpec = FULL_RECORD_LOG,
  ) {
    this.tree = new StoredMerkleTree(
      spec.storage.subtrees(() => this.db),
      spec.storage.label,
    );
  }

  private get db(): Kysely<TlogTables & RecordTables> {
    return this.store.db.withTables<TlogTables & RecordTables>();
  }

  /** Leaves in the stored tree. */
  treeSize(): Promise<number> {
    return this.tree.size();
  }

  /** Extends the tree over acts appended since; returns the tree size. One sync at a time. */
  sync(): Promise<number> {
    const run = this.syncing.then(
      () => this.syncNow(),
      () => this.syncNow(),
    );
    this.syncing = run;
    return run;
  }

  private async syncNow(): Promise<number> {
    if (this.spec.prepare) await this.spec.prepare();
    return this.spec.extend(this.tree, this.db);
  }

  private async checkSize(size: number, field: string): Promise<void> {
    checkTreeSize(size, field, await this.sync());
  }

  async root(size: number): Promise<Hash> {
    if (size === 0) return this.tree.root(0);
    await this.checkSize(size, 'treeSize');
    return this.tree.root(size);
  }

  /** Audit path of leaf `seq`−1 (act #seq, or public entry #seq) in the tree of `treeSize` leaves. */
  async inclusion(seq: number, treeSize: number): Promise<{ leafHash: string; proof: string[] }> {
    await this.checkSize(treeSize, 'treeSize');
    if (seq < 1 || seq > treeSize)
      throw badInput('treeSize', `act #${seq} is not in a tree of ${treeSize} acts`);
    const proof = await this.tree.inclusion(seq - 1, treeSize);
    return { leafHash: toBase64(await this.tree.leaf(seq - 1)), proof: proof.map(toBase64) };
  }

  async consistency(from: number, to: number): Promise<string[]> {
    await this.checkSize(to, 'to');
    if (!Number.isSafeInteger(from) || from < 1 || from > to)
      throw badInput('from', `from must be between 1 and to (${to}), got ${from}`);
    return (await this.tree.consistency(from, to)).map(toBase64);
  }

  /** The log's note key (type 0x01) with its public key. */
  async logKey(): Promise<NoteKey & { keyId: string }> {
    const held = await this.keyring.keyFor(this.logActor);
    const key = { name: this.origin, publicKeyPem: held.publicKeyPem, type: NOTE_ED25519 } as const;
    return { ...key, keyId: noteKeyId(key) };
  }

  async latest(): Promise<StoredCheckpoint | null> {
    return (await this.checkpoints(1))[0] ?? null;
  }

  async checkpoints(limit = 100): Promise<StoredCheckpoint[]> {
    const rows = await this.spec.storage.checkpoints(this.db, limit);
    return rows.map((row) => ({
      size: Number(row.size),
      rootHash: row.root_hash,
      note: row.note,
      createdAt: row.created_at,
    }));
  }

  /**
   * The checkpoint of the current tree: signs a new one when the record grew since the last, and has
   * the node's witness cosign it (the witness checks consistency with what it cosigned before).
   */
  checkpoint(): Promise<StoredCheckpoint> {
    // One at a time: the consistency proof handed to the witness must start at the checkpoint it last
    // cosigned, which a concurrent checkpoint would move (and the witness would then see a false fork).
    const run = this.checkpointing.then(
      () => this.checkpointNow(),
      () => this.checkpointNow(),
    );
    this.checkpointing = run;
    return run;
  }

  private async checkpointNow(): Promise<StoredCheckpoint> {
    const size = await this.sync();
    const last = await this.latest();
    if (last && last.size === size) return last;
    const root = toBase64(await this.root(size));
    const text = checkpointText({ origin: this.origin, size, rootHash: root });
    const key = await this.logKey();
    const held = await this.keyring.keyFor(this.logActor);
    const lines = [signNoteText(text, key, held.privateKeyPem)];
    if (this.witness) {
      const previous = this.witness.lastCosigned(this.origin);
      const proof =
        previous && previous.size > 0 && previous.size < size
          ? await this.consistency(previous.size, size)
          : [];
      lines.push(this.witness.cosign(formatNote(text, lines), proof, key));
    }
    const stored = {
      size,
      rootHash: root,
      note: formatNote(text, lines),
      createdAt: this.clock.now().toISOString(),
    };
    await this.spec.storage.insert(this.db, {
      size,
      root_hash: root,
      note: stored.note,
      created_at: stored.createdAt,
    });
    return stored;
  }

  /** Act by id → its seq, or not found. */
  async seqOf(actId: string): Promise<number> {
    const row = await this.db
      .selectFrom('record_acts')
      .select('seq')
      .where('id', '=', actId)
      .executeTakeFirst();
    if (!row) throw notFound('act', actId);
    return Number(row.seq);
  }
}

/** Parses a checkpoint note into its fields (throws with the reason). */
export function readCheckpoint(note: string) {
  const parsed = parseNote(note);
  return { ...parseCheckpointText(parsed.text), parsed };
}
