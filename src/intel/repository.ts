import { parseJson, type JsonText } from '../store/json-column.js';
import { sql, type Kysely } from 'kysely';
import type { RawSqlite, Store } from '../store/database.js';
import { labelExtension, type ConfidentialityLabel } from './labels.js';
import { formatMicros, toMicros } from './date-added.js';
import { idKey, relationshipRefs, SHADOW_SET, type IntelTables } from './migrations.js';
import type { Hash } from '../core/merkle.js';
import { toBase64 } from '../core/merkle.js';
import {
  decodeLeaves,
  encodeLeaves,
  SIGNATURE_ALG,
  treeLevels,
  type SignedTreeHead,
} from './signatures.js';

/** The columns `existing` reads of a stored version. */
interface ExistingDbRow {
  seq: number;
  id: string;
  version: string;
  originator: string;
  content_hash: string;
  label_id: string;
  label_created: string | null;
}

/** The only SQL of the intel module. Visibility is decided by the caller (releasability.ts) as a list of label ids. */

export interface StoredRow {
  seq: number;
  collection_id: string;
  id: string;
  type: string;
  spec_version: string;
  version: string;
  originator: string;
  label_id: string;
  date_added: string;
  object: JsonText<Record<string, unknown>>;
  /**
   * The originator's detached signature (JSON of `ObjectSignature`), if the object carries one: as read, rebuilt
   * from the row's signed tree (`intel_sig_trees`), its leaf index and path (migration 1610).
   */
  signature?: string | null;
  sig_tree?: string | null;
  sig_index?: number | null;
  sig_path?: string | null;
  /** 'signed' | 'verified' | 'unverified' (null: stored before signatures). */
  provenance?: string | null;
  /** Who handed the object to this node (the poster's member, 'SECRETARIAT'); null before migration 1608. */
  received_from?: string | null;
  /** When and from whom a signed re-post verified a version stored without a verified signature (migration 1609). */
  upgraded_at?: string | null;
  upgraded_from?: string | null;
  /** The creation time of the label kept beside the object (#19.5, migration 1611); null: its label is inside. */
  label_created?: string | null;
  /**
   * The label kept beside the object as served (`x_tahaluf_labels`): the extension's body as JSON text, filled
   * on read from the label row and `label_created`; null when the object carries its label inside.
   */
  beside_label?: string | null;
}

/** Columns a read returns (the content hash and shadow hints stay in the store: fewer strings to build per row). */
const READ_COLUMNS = [
  'o.seq',
  'o.collection_id',
  'o.id',
  'o.type',
  'o.spec_version',
  'o.version',
  'o.originator',
  'o.label_id',
  'o.date_added',
  'o.object',
  'o.signature',
  'o.sig_tree',
  'o.sig_index',
  'o.sig_path',
  'o.provenance',
  'o.received_from',
  'o.upgraded_at',
  'o.upgraded_from',
  'o.label_created',
] as const;

/**
 * A signature as an ingest stores it: its tree's head (stored once per tree) and the object's place in the
 * tree. `path` null: the tree's `leaves` are all known and the path is rebuilt from them when served.
 */
export interface StoredSignature {
  head: SignedTreeHead;
  treeId: string;
  index: number;
  path: readonly string[] | null;
  leaves: readonly Hash[] | null;
}

export interface NewRow extends Omit<
  StoredRow,
  'seq' | 'signature' | 'sig_tree' | 'sig_index' | 'sig_path' | 'beside_label'
> {
  /** The originator's signature (null: the object came unsigned). */
  sig?: StoredSignature | null;
  content_hash: string;
  /** `idKey(collection_id, id)` when the caller already computed it (otherwise computed on insert). */
  id_key?: number;
}

export interface ObjectQuery {
  collectionId: string;
  /** Label ids the requester may see; empty = nothing. */
  visible: string[];
  ids?: string[];
  types?: string[];
  specVersions?: string[];
  /** 'last' | 'first' | 'all' | timestamps. Default 'last'. */
  versions?: string[];
  addedAfter?: string;
  afterSeq?: number;
  /** Newest first (the console's feed): rows in descending `seq`, and `beforeSeq` as the cursor. */
  newestFirst?: boolean;
  beforeSeq?: number;
  /**
   * Rows whose stored JSON text contains this (case-insensitive; SQLite folds ASCII case only): a
   * prefilter for search, which then checks the properties it searches in the row it reads.
   */
  textContains?: string;
  limit: number;
}

/** A stored version met by an ingest: its text's hash, label id, seq and the creation time of a label kept beside it. */
export interface ExistingRow {
  hash: string;
  label: string;
  seq: number;
  labelCreated: string | null;
}

export interface LabelRow {
  labelId: string;
  label: Omit<ConfidentialityLabel, 'createdAt'>;
}

export class IntelRepository {
  private labelCache: Map<string, LabelRow> | null = null;
  private labelCacheAt = 0;

  constructor(private store: Store) {}

  get db(): Kysely<IntelTables> {
    return this.store.db.withTables<IntelTables>();
  }

  async labels(): Promise<Map<string, LabelRow>> {
    // Labels are few and only ever added; re-read every few seconds so another process's labels appear.
    if (this.labelCache && Date.now() - this.labelCacheAt < 3000) return this.labelCache;
    const rows = await this.db.selectFrom('intel_labels').selectAll().execute();
    const map = new Map<string, LabelRow>();
    for (const r of rows)
      map.set(r.label_id, {
        labelId: r.label_id,
        label: {
          policy: r.policy,
          classification: r.classification,
          releasableTo: parseJson(r.releasable_to),
          originator: r.originator,
          tlp: r.tlp ?? null,
        },
      });
    this.labelCache = map;
    this.labelCacheAt = Date.now();
    return map;
  }

  /** Inserts label rows not yet known (inside the caller's transaction). */
  /** Returns whether any label was new (the caller then drops the cache after commit). */
  async ensureLabels(
    trx: Kysely<IntelTables>,
    labels: Map<string, ConfidentialityLabel>,
    now: string,
    known: Map<string, LabelRow>,
  ): Promise<boolean> {
    const fresh = [...labels].filter(([k]) => !known.has(k));
    if (!fresh.length) return false;
    await trx
      .insertInto('intel_labels')
      .values(
        fresh.map(([k, l]) => ({
          label_id: k,
          policy: l.policy,
          classification: l.classification,
          releasable_to: JSON.stringify(l.releasableTo),
          originator: l.originator,
          tlp: l.tlp,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.column('label_id').doNothing())
      .execute();
    this.labelCache = null;
    return true;
  }

  invalidateLabels(): void {
    this.labelCache = null;
  }

  /**
   * Existing (id, version, originator) → content hash, label id and seq, for the objects of one incoming
   * batch. `known`: id keys the caller already computed (`idKey(collectionId, id)`), by id.
   */
  async existing(
    trx: Kysely<IntelTables>,
    collectionId: string,
    ids: string[],
    known?: ReadonlyMap<string, number>,
  ): Promise<Map<string, ExistingRow>> {
    const out = new Map<string, ExistingRow>();
    const put = (r: ExistingDbRow) =>
      out.set(`${r.id}|${r.version}|${r.originator}`, {
        hash: r.content_hash,
        label: r.label_id,
        seq: r.seq,
        labelCreated: r.label_created,
      });
    if (this.store.dialect === 'sqlite') {
      // One statement per envelope, of a constant text (prepared once by the store's statement cache): the
      // keys and ids travel as two JSON parameters instead of 500-value lists built, compiled and bound per chunk.
      const { rows } =
        await sql<ExistingDbRow>`SELECT seq, id, version, originator, content_hash, label_id, label_created FROM intel_objects
        WHERE id_key IN (SELECT value FROM json_each(${JSON.stringify(keysOf(collectionId, ids, known))}))
          AND ${this.collectionIs('collection_id', collectionId)}
          AND id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`.execute(trx);
      for (const r of rows) put(r);
      return out;
    }
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await trx
        .selectFrom('intel_objects')
        .select(['seq', 'id', 'version', 'originator', 'content_hash', 'label_id', 'label_created'])
        .where('id_key', 'in', keysOf(collectionId, chunk, known))
        .where(this.collectionIs('collection_id', collectionId))
        .where('id', 'in', chunk)
        .execute();
      for (const r of rows) put(r);
    }
    return out;
  }

  /**
   * Gives stored versions the originator's verified signature where they had none verified (`unverified`, or
   * null: stored before signing existed); a version signed or verified here is left as it is. Records when and from
   * whom (`upgraded_at`, `upgraded_from`). Returns the seqs changed. Inside the caller's transaction.
   */
  async upgradeProvenance(
    trx: Kysely<IntelTables>,
    rows: readonly { seq: number; sig: StoredSignature }[],
    at: string,
    from: string,
  ): Promise<number[]> {
    const changed: number[] = [];
    await this.putTrees(
      trx,
      rows.map((r) => r.sig),
    );
    for (const r of rows) {
      const done = await trx
        .updateTable('intel_objects')
        .set({
          signature: null,
          sig_tree: r.sig.treeId,
          sig_index: r.sig.index,
          sig_path: r.sig.path ? JSON.stringify(r.sig.path) : null,
          provenance: 'verified',
          upgraded_at: at,
          upgraded_from: from,
        })
        .where('seq', '=', r.seq)
        .where((eb) => eb.or([eb('provenance', 'is', null), eb('provenance', '=', 'unverified')]))
        .returning('seq')
        .execute();
      for (const d of done) changed.push(d.seq);
    }
    return changed;
  }

  /** Stored object texts by seq (inside the caller's transaction). */
  async objectTexts(trx: Kysely<IntelTables>, seqs: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (let i = 0; i < seqs.length; i += 500)
      for (const r of await trx
        .selectFrom('intel_objects')
        .select(['seq', 'object'])
        .where('seq', 'in', seqs.slice(i, i + 500))
        .execute())
        out.set(r.seq, r.object);
    return out;
  }

  /** The latest stored date_added (the base of a new envelope follows it: `baseAfter`, date-added.ts). */
  async latestDateAdded(trx: Kysely<IntelTables>): Promise<string | null> {
    const r = await trx
      .selectFrom('intel_objects')
      .select((eb) => eb.fn.max<string | null>('date_added').as('m'))
      .executeTakeFirst();
    return r?.m ?? null;
  }

  /**
   * Recomputes the shadow hints of every row of these ids (after an insert added versions or copies to
   * them). Ids with a single row keep the default 0, which is exact for them.
   */
  async refreshShadows(
    trx: Kysely<IntelTables>,
    collectionId: string,
    ids: string[],
  ): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await sql`UPDATE intel_objects SET ${sql.raw(SHADOW_SET)}
        WHERE id_key IN (${sql.join(keysOf(collectionId, chunk))}) AND ${this.collectionIs('collection_id', collectionId)} AND id IN (${sql.join(chunk)})`.execute(
        trx,
      );
    }
  }

  /**
   * `column = collectionId` that the planner must not answer from the (collection_id, seq) index: for
   * lookups by id, where id_key is the selective index. SQLite (without statistics) would otherwise pick
   * the collection index and scan the collection; a unary `+` is SQLite's documented way to rule an index
   * out for a term. PostgreSQL has statistics and needs no hint.
   */
  private collectionIs(column: string, collectionId: string) {
    return sql<boolean>`${sql.raw(this.store.dialect === 'sqlite' ? '+' : '')}${sql.ref(column)} = ${collectionId}`;
  }

  private insertStmt: ReturnType<RawSqlite['prepare']> | null = null;
  private treeStmt: ReturnType<RawSqlite['prepare']> | null = null;

  /**
   * Stores the signed trees `sigs` name, once each (inside the caller's transaction). A tree already stored
   * without its leaves gets them when these know them all (they were proven to rebuild its root).
   */
  async putTrees(trx: Kysely<IntelTables>, sigs: readonly (StoredSignature | null | undefined)[]) {
    const trees = new Map<string, StoredSignature>();
    for (const s of sigs) {
      if (!s) continue;
      const have = trees.get(s.treeId);
      if (!have || (!have.leaves && s.leaves)) trees.set(s.treeId, s);
    }
    if (!trees.size) return;
    const rows = [...trees.values()].map((s) => ({
      tree_id: s.treeId,
      ...s.head,
      leaves: s.leaves ? encodeLeaves(s.leaves) : null,
    }));
    const raw = this.store.sqlite;
    if (raw) {
      this.treeStmt ??=
        raw.prepare(`INSERT INTO intel_sig_trees (tree_id, alg, signer, key_id, root, size, signature, leaves)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (tree_id) DO UPDATE SET leaves = COALESCE(intel_sig_trees.leaves, excluded.leaves)`);
      for (const t of rows)
        this.treeStmt.run([
          t.tree_id,
          t.alg,
          t.signer,
          t.key_id,
          t.root,
          t.size,
          t.signature,
          t.leaves,
        ]);
      return;
    }
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('intel_sig_trees')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.column('tree_id').doUpdateSet({
            leaves: sql<string | null>`COALESCE(intel_sig_trees.leaves, excluded.leaves)`,
          }),
        )
        .execute();
  }

  /** Trees read for serving, most recently used last (a page of objects usually names one or two). */
  private treeCache = new Map<string, ServedTree>();

  /**
   * Fills in `signature` of rows stored with a tree reference (migration 1610): the tree's head, the row's
   * index, and its own path or the path rebuilt from the tree's leaves, as the JSON the object arrived with.
   */
  async attachSignatures(
    rows: Pick<StoredRow, 'signature' | 'sig_tree' | 'sig_index' | 'sig_path'>[],
    db: Kysely<IntelTables> = this.db,
  ): Promise<void> {
    const wanted = new Set<string>();
    for (const r of rows) if (r.sig_tree && !r.signature) wanted.add(r.sig_tree);
    if (!wanted.size) return;
    // The trees of these rows, held for this call: the shared cache (32 trees) may evict one of them while
    // the others load, which served a signed object as unsigned (leak property, 4 Dec).
    const trees = new Map<string, ServedTree>();
    for (const t of wanted) {
      const cached = this.treeCache.get(t);
      if (cached) trees.set(t, cached);
    }
    const missing = [...wanted].filter((t) => !trees.has(t));
    for (let i = 0; i < missing.length; i += 500)
      for (const t of await db
        .selectFrom('intel_sig_trees')
        .selectAll()
        .where('tree_id', 'in', missing.slice(i, i + 500))
        .execute()) {
        const tree = new ServedTree(t);
        trees.set(t.tree_id, tree);
        if (this.treeCache.size >= 32) {
          const oldest = this.treeCache.keys().next();
          if (!oldest.done) this.treeCache.delete(oldest.value);
        }
        this.treeCache.set(t.tree_id, tree);
      }
    for (const r of rows) {
      if (!r.sig_tree || r.signature) continue;
      const tree = trees.get(r.sig_tree);
      const index = r.sig_index ?? -1;
      const path = r.sig_path ? parseJson<string[]>(r.sig_path) : tree?.path(index);
      // A tree row missing (or its leaves, for a row that needs them) serves the object as unsigned.
      r.signature = tree && path ? JSON.stringify({ ...tree.head, index, path }) : null;
    }
  }

  /** Inserts new rows in order (their seq follows it), inside the caller's transaction. */
  async insert(trx: Kysely<IntelTables>, rows: NewRow[]): Promise<void> {
    await this.putTrees(
      trx,
      rows.map((r) => r.sig),
    );
    const raw = this.store.sqlite;
    if (raw) {
      // SQLite: one cached prepared statement run per row on the connection the transaction holds
      // (about 25 % faster than one multi-row statement built and parsed per envelope; bench/intel).
      this.insertStmt ??=
        raw.prepare(`INSERT INTO intel_objects (collection_id, id, type, spec_version, version, originator, label_id, date_added, content_hash, object, id_key, provenance, received_from, sig_tree, sig_index, sig_path, label_created)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const stmt = this.insertStmt;
      for (const r of rows)
        stmt.run([
          r.collection_id,
          r.id,
          r.type,
          r.spec_version,
          r.version,
          r.originator,
          r.label_id,
          r.date_added,
          r.content_hash,
          r.object,
          r.id_key ?? idKey(r.collection_id, r.id),
          r.provenance ?? null,
          r.received_from ?? null,
          r.sig?.treeId ?? null,
          r.sig?.index ?? null,
          r.sig?.path ? JSON.stringify(r.sig.path) : null,
          r.label_created ?? null,
        ]);
      return;
    }
    // 500 rows × 18 columns stays under PostgreSQL's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('intel_objects')
        .values(
          rows.slice(i, i + 500).map(({ sig, ...r }) => ({
            ...r,
            provenance: r.provenance ?? null,
            received_from: r.received_from ?? null,
            label_created: r.label_created ?? null,
            id_key: r.id_key ?? idKey(r.collection_id, r.id),
            sig_tree: sig?.treeId ?? null,
            sig_index: sig?.index ?? null,
            sig_path: sig?.path ? JSON.stringify(sig.path) : null,
          })),
        )
        .execute();
  }

  /**
   * Records the ends of newly stored relationships (intel_refs); repeats of a pair are ignored. `objects`:
   * the rows' objects already parsed (parallel to `rows`), so their stored text is not parsed again.
   */
  async insertRefs(
    trx: Kysely<IntelTables>,
    rows: NewRow[],
    objects?: readonly Record<string, unknown>[],
  ): Promise<void> {
    const refs = rows.flatMap((r, i) =>
      r.type === 'relationship'
        ? relationshipRefs(r.collection_id, objects?.[i] ?? parseJson(r.object))
        : [],
    );
    for (let i = 0; i < refs.length; i += 500)
      await trx
        .insertInto('intel_refs')
        .values(refs.slice(i, i + 500))
        .onConflict((oc) => oc.doNothing())
        .execute();
  }

  /** Ids of relationships in a collection whose source or target is one of `ids` (candidates: callers check the ends). */
  async relationshipsNaming(collectionId: string, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .selectFrom('intel_refs')
      .select('rel_id')
      .distinct()
      .where('ref_key', 'in', keysOf(collectionId, ids))
      .execute();
    return rows.map((r) => r.rel_id);
  }

  /** Visible rows in date-added order, after a cursor; `limit + 1` rows so the caller knows whether more follow. */
  async query(q: ObjectQuery): Promise<StoredRow[]> {
    if (!q.visible.length) return [];
    let query = this.db
      .selectFrom('intel_objects as o')
      .select(READ_COLUMNS)
      .where('o.label_id', 'in', q.visible);
    // By id: found through id_key; otherwise the collection's (collection_id, seq) index gives seq order.
    if (q.ids?.length)
      query = query
        .where('o.id_key', 'in', keysOf(q.collectionId, q.ids))
        .where(this.collectionIs('o.collection_id', q.collectionId))
        .where('o.id', 'in', q.ids);
    else query = query.where('o.collection_id', '=', q.collectionId);
    if (q.types?.length) query = query.where('o.type', 'in', q.types);
    if (q.specVersions?.length) query = query.where('o.spec_version', 'in', q.specVersions);
    if (q.addedAfter) {
      // Stored values have 6 fractional digits; a cursor of any other precision is compared in that form.
      let after = q.addedAfter;
      try {
        after = formatMicros(toMicros(after));
      } catch {
        /* not a timestamp: compared as given */
      }
      query = query.where('o.date_added', '>', after);
    }
    if (q.textContains) {
      // As the text appears inside the stored JSON (quotes and backslashes escaped), LIKE's own wildcards escaped.
      const inJson = JSON.stringify(q.textContains).slice(1, -1);
      const pattern = `%${inJson.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(
        this.store.dialect === 'sqlite'
          ? sql<boolean>`o.object LIKE ${pattern} ESCAPE '\\'`
          : sql<boolean>`o.object ILIKE ${pattern} ESCAPE '\\'`,
      );
    }
    if (q.afterSeq !== undefined) query = query.where('o.seq', '>', q.afterSeq);
    if (q.beforeSeq !== undefined) query = query.where('o.seq', '<', q.beforeSeq);
    const versions = q.versions?.length ? q.versions : ['last'];
    if (!versions.includes('all')) {
      query = query.where((eb) => {
        const ors = [];
        // The shadow hint short-circuits the probe for rows no other row of their id can hide (the usual case).
        const newer = (dir: 'last' | 'first') =>
          eb.or([
            eb(dir === 'last' ? 'o.shadow_last' : 'o.shadow_first', '=', 0),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('intel_objects as o2')
                  .select(sql`1`.as('one'))
                  .whereRef('o2.id_key', '=', 'o.id_key')
                  .whereRef('o2.collection_id', '=', 'o.collection_id')
                  .whereRef('o2.id', '=', 'o.id')
                  .where('o2.label_id', 'in', q.visible)
                  .where((e2) =>
                    e2.or([
                      dir === 'last'
                        ? e2('o2.version', '>', eb.ref('o.version'))
                        : e2('o2.version', '<', eb.ref('o.version')),
                      // Same version, other originator: only an SCO (no version) is one object served once; two
                      // originators' SDO/SRO copies of one id and version are both served (see docs/intel.md).
                      e2.and([
                        e2('o2.version', '=', eb.ref('o.version')),
                        e2('o2.seq', '<', eb.ref('o.seq')),
                        sql<boolean>`o.version = ''`,
                      ]),
                    ]),
                  ),
              ),
            ),
          ]);
        if (versions.includes('last')) ors.push(newer('last'));
        if (versions.includes('first')) ors.push(newer('first'));
        const stamps = versions.filter((v) => v !== 'last' && v !== 'first');
        if (stamps.length) ors.push(eb('o.version', 'in', stamps));
        return eb.or(ors);
      });
    } else {
      // 'all': still one row per (id, version) when two originators' copies of an SCO are both visible.
      query = query.where((eb) =>
        eb.or([
          eb('o.shadow_dup', '=', 0),
          eb('o.version', '<>', ''),
          eb.not(
            eb.exists(
              eb
                .selectFrom('intel_objects as o3')
                .select(sql`1`.as('one'))
                .whereRef('o3.id_key', '=', 'o.id_key')
                .whereRef('o3.collection_id', '=', 'o.collection_id')
                .whereRef('o3.id', '=', 'o.id')
                .whereRef('o3.version', '=', 'o.version')
                .where('o3.label_id', 'in', q.visible)
                .whereRef('o3.seq', '<', 'o.seq'),
            ),
          ),
        ]),
      );
    }
    const rows: StoredRow[] = await query
      .orderBy('o.seq', q.newestFirst ? 'desc' : 'asc')
      .limit(q.limit + 1)
      .execute();
    await this.attachSignatures(rows);
    await this.attachLabels(rows);
    return rows;
  }

  /**
   * Fills `beside_label` of rows whose label is kept beside the object (#19.5): the extension's body built from
   * the label row and the row's `label_created`, as `withLabel` would write it (the form the originator signed).
   */
  async attachLabels(rows: StoredRow[]): Promise<void> {
    if (!rows.some((r) => r.label_created)) return;
    let labels = await this.labels();
    // Another process may have stored a label this cache has not read yet: read again once.
    if (rows.some((r) => r.label_created && !labels.has(r.label_id))) {
      this.invalidateLabels();
      labels = await this.labels();
    }
    for (const r of rows) {
      if (!r.label_created) continue;
      const l = labels.get(r.label_id);
      r.beside_label = l
        ? JSON.stringify(labelExtension({ ...l.label, createdAt: r.label_created }))
        : null;
    }
  }

  async deleteRows(seqs: number[]): Promise<void> {
    if (seqs.length) await this.db.deleteFrom('intel_objects').where('seq', 'in', seqs).execute();
  }

  /** A node-local secret by name, created with `make()` the first time (the first writer wins on a race). */
  async secret(name: string, make: () => string): Promise<string> {
    await this.db
      .insertInto('intel_secrets')
      .values({ name, value: make() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('intel_secrets')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.value;
  }

  async saveStatus(trx: Kysely<IntelTables>, s: IntelTables['intel_status']): Promise<void> {
    await trx.insertInto('intel_status').values(s).execute();
  }

  async status(id: string): Promise<IntelTables['intel_status'] | undefined> {
    return this.db.selectFrom('intel_status').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Records who received which restricted objects (first receipt per object, recipient, user and channel). */
  async addReceipts(rows: IntelTables['intel_receipts'][]): Promise<void> {
    if (
      this.store.dialect === 'sqlite' &&
      rows.every(
        (r) =>
          r.recipient === rows[0].recipient &&
          r.recipient_user === rows[0].recipient_user &&
          r.channel === rows[0].channel &&
          r.first_at === rows[0].first_at,
      )
    ) {
      // One statement for a page's receipts: SQLite reads the (object, originator) pairs from one JSON
      // parameter, instead of a query builder compiling and binding 200-row chunks.
      const r0 = rows[0];
      const pairs = JSON.stringify(rows.map((r) => [r.object_id, r.originator]));
      await sql`INSERT OR IGNORE INTO intel_receipts (object_id, originator, recipient, recipient_user, channel, first_at)
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), ${r0.recipient}, ${r0.recipient_user}, ${r0.channel}, ${r0.first_at} FROM json_each(${pairs})`.execute(
        this.db,
      );
      return;
    }
    // One transaction (one commit, one fsync) for a page's receipts rather than one per chunk.
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('intel_receipts')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['object_id', 'recipient', 'recipient_user', 'channel']).doNothing(),
          )
          .execute();
    });
  }

  async receiptsOf(originator: string, limit: number): Promise<IntelTables['intel_receipts'][]> {
    return this.db
      .selectFrom('intel_receipts')
      .selectAll()
      .where('originator', '=', originator)
      .orderBy('first_at', 'desc')
      .limit(limit)
      .execute();
  }

  async countObjects(): Promise<number> {
    const r = await this.db
      .selectFrom('intel_objects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

const keysOf = (collectionId: string, ids: string[], known?: ReadonlyMap<string, number>) => [
  ...new Set(ids.map((id) => known?.get(id) ?? idKey(collectionId, id))),
];

// Federation peers (federation.ts): the intel_peers table. Each takes the handle it runs on, the
// store's or a record transaction's narrowed to the intel tables.

/** Stores a new peer. */
export async function insertPeer(
  db: Kysely<IntelTables>,
  peer: IntelTables['intel_peers'],
): Promise<void> {
  await db.insertInto('intel_peers').values(peer).execute();
}

/** Every peer, by name. */
export function listPeers(db: Kysely<IntelTables>): Promise<IntelTables['intel_peers'][]> {
  return db.selectFrom('intel_peers').selectAll().orderBy('name').execute();
}

/** Where a peer's sync got to: its pull and push cursors and when it last ran. */
export async function saveSyncCursors(
  db: Kysely<IntelTables>,
  peerId: string,
  cursors: Pick<IntelTables['intel_peers'], 'pull_cursor' | 'push_cursor' | 'last_sync_at'>,
): Promise<void> {
  await db.updateTable('intel_peers').set(cursors).where('id', '=', peerId).execute();
}

/** A stored signed tree as served: its head, and audit paths read off its levels (built once, on first need). */
class ServedTree {
  readonly head: SignedTreeHead;
  private levels: Hash[][] | null | undefined;
  private encoded: (string | undefined)[][] = [];

  constructor(private row: IntelTables['intel_sig_trees']) {
    this.head = {
      alg: SIGNATURE_ALG,
      signer: row.signer,
      key_id: row.key_id,
      root: row.root,
      size: Number(row.size),
      signature: row.signature,
    };
  }

  /**
   * The audit path of leaf `index` from the stored leaves (null when the row holds none). Not checked against
   * the root here: a tree row altered in storage yields a proof the receiver refuses, and `tahaluf verify`
   * reports it (verify.ts).
   */
  path(index: number): string[] | null {
    if (this.levels === undefined) {
      const leaves = this.row.leaves ? decodeLeaves(this.row.leaves, this.head.size) : null;
      this.levels = leaves?.length ? treeLevels(leaves) : null;
      this.encoded = this.levels
        ? this.levels.map((l) => new Array<string | undefined>(l.length))
        : [];
    }
    const levels = this.levels;
    if (
      !levels ||
      this.row.alg !== SIGNATURE_ALG ||
      !Number.isSafeInteger(index) ||
      index < 0 ||
      index >= levels[0].length
    )
      return null;
    const out: string[] = [];
    for (let level = 0, i = index; level < levels.length - 1; level++, i >>= 1) {
      const j = i ^ 1;
      if (j >= levels[level].length) continue;
      let t = this.encoded[level][j];
      if (t === undefined) this.encoded[level][j] = t = toBase64(levels[level][j]);
      out.push(t);
    }
    return out;
  }
}
