import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, verifyEd25519 } from '../core/crypto.js';
import type { Store } from '../store/database.js';
import type { Keyring } from './keyring.js';
import type { RecordTables } from './migrations.js';
import { contentHashOf, GENESIS_HASH, VIEW_HASH_TAG, type Act } from './model.js';
import { rowToAct, type RecordSort } from './record-log.js';

/**
 * Views of the record (#19.2). The full record numbers and chains every act, private ones included, so
 * serving a public act's `seq` and `prevHash` tells a reader how many private acts exist and where
 * (gaps), and points it at acts it may not see. A reader who is not the secretariat is served a view
 * instead:
 *
 * - `public`: every act whose type is not private, numbered 1, 2, 3… with its own hash chain;
 * - `own:<actor>`: that actor's private acts, likewise (only that actor's users and the secretariat).
 *
 * A view entry's hash is SHA-256 over (view, vseq, the act's content hash, the previous entry's hash);
 * the content hash covers every field of the act but its full-record position, and the actor signs it
 * when appending (`content_signature`). A reader verifies a view with the acts and `/api/identities`
 * alone (`verifyViewEntries`); nothing in an entry depends on an act outside its view. The full record
 * is unchanged and still chains every act; `tahaluf verify` checks that the views hold exactly the
 * record's acts, each in the view its type decides, in record order (`verifyViews`).
 */

export const PUBLIC_VIEW = 'public';
export const ownView = (actor: string): string => `own:${actor}`;

/** The view an act belongs to. */
export const viewOf = (act: { type: string; actor: string }, privatePrefixes: readonly string[]) =>
  privatePrefixes.some((p) => act.type.startsWith(p)) ? ownView(act.actor) : PUBLIC_VIEW;

export const contentHash = (act: Act): string => contentHashOf(act, sha256Hex, canonicalJson);

export const viewEntryHash = (
  view: string,
  vseq: number,
  contentHashHex: string,
  prevHash: string,
): string =>
  sha256Hex(
    canonicalJson({ tag: VIEW_HASH_TAG, view, vseq, contentHash: contentHashHex, prevHash }),
  );

/** An act as a view serves it: numbered and chained in its view, signed over its content. */
export interface ViewAct {
  view: string;
  /** Number in the view (1, 2, 3…), not in the full record. */
  seq: number;
  id: string;
  at: string;
  actor: string;
  keyId: string;
  type: string;
  subject: string | null;
  payload: unknown;
  /** Hash of the previous entry of the view (64 zeros for the first). */
  prevHash: string;
  hash: string;
  contentHash: string;
  /** The actor's Ed25519 signature over `contentHash`; null for an act older than views whose key this node did not hold. */
  signature: string | null;
}

// Serialises catching up across PostgreSQL connections (any constant, not the record's append lock).
const PG_VIEWS_LOCK = 7_272_026;
const PAGE = 2000;
/** Bound on catch-up pages per call (2,000 acts each): a call never runs unbounded. */
const MAX_PAGES = 10_000;

/** Filters of a view's entries (as the record's own list takes them). */
type ViewFilter = { type?: string; typePrefix?: string; subject?: string; actor?: string };

/** The view's own numbering and chain, selected beside the act's columns. */
const VIEW_COLUMNS = [
  'v.vseq',
  'v.view',
  'v.prev_hash as view_prev',
  'v.hash as view_hash',
  'v.content_hash',
] as const;

/** Keeps the views up to date with the record, lazily: each read catches up first. */
export class RecordViews {
  private running: Promise<void> | null = null;

  constructor(
    private store: Store,
    private keyring: Keyring,
    readonly privatePrefixes: readonly string[],
  ) {}

  private get db(): Kysely<RecordTables> {
    return this.store.db.withTables<RecordTables>();
  }

  /** Appends to the views every act of the record not yet in one, in record order. */
  catchUp(): Promise<void> {
    // One catch-up at a time in this process; callers that arrive meanwhile wait for it, then run again
    // only if acts were appended since (a cheap check).
    const run = async (): Promise<void> => {
      const [head, done] = await Promise.all([
        this.db
          .selectFrom('record_acts')
          .select('seq')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst(),
        this.db
          .selectFrom('record_views')
          .select('act_seq')
          .orderBy('act_seq', 'desc')
          .limit(1)
          .executeTakeFirst(),
      ]);
      if (Number(head?.seq ?? 0) <= Number(done?.act_seq ?? 0)) return;
      await this.store.db.transaction().execute(async (trx) => {
        if (this.store.dialect === 'postgres')
          await sql`select pg_advisory_xact_lock(${PG_VIEWS_LOCK})`.execute(trx);
        const db = trx.withTables<RecordTables>();
        const heads = new Map<string, { vseq: number; hash: string }>();
        const headOf = async (view: string) => {
          let h = heads.get(view);
          if (!h) {
            const r = await db
              .selectFrom('record_views')
              .select(['vseq', 'hash'])
              .where('view', '=', view)
              .orderBy('vseq', 'desc')
              .limit(1)
              .executeTakeFirst();
            h = r ? { vseq: Number(r.vseq), hash: r.hash } : { vseq: 0, hash: GENESIS_HASH };
            heads.set(view, h);
          }
          return h;
        };
        const last = await db
          .selectFrom('record_views')
          .select('act_seq')
          .orderBy('act_seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        let after = Number(last?.act_seq ?? 0);
        for (let page = 0; page < MAX_PAGES; page++) {
          const rows = await db
            .selectFrom('record_acts')
            .selectAll()
            .where('seq', '>', after)
            .orderBy('seq')
            .limit(PAGE)
            .execute();
          if (!rows.length) break;
          for (const row of rows) {
            const act = rowToAct(row);
            const view = viewOf(act, this.privatePrefixes);
            const h = await headOf(view);
            const ch = contentHash(act);
            const vseq = h.vseq + 1;
            const hash = viewEntryHash(view, vseq, ch, h.hash);
            await db
              .insertInto('record_views')
              .values({
                view,
                vseq,
                act_id: act.id,
                act_seq: act.seq,
                content_hash: ch,
                prev_hash: h.hash,
                hash,
              })
              .execute();
            heads.set(view, { vseq, hash });
            // An act appended before views existed: signed over its content now if this node holds the
            // actor's key (the same key that signed it); otherwise it stays verifiable in the full record only.
            if (row.content_signature === null) {
              const sig = this.keyring.signIfHeld(act.actor, act.keyId, ch);
              if (sig)
                await db
                  .updateTable('record_acts')
                  .set({ content_signature: sig })
                  .where('seq', '=', act.seq)
                  .execute();
            }
            after = act.seq;
          }
        }
      });
    };
    const next = (this.running ?? Promise.resolve()).then(run, run);
    this.running = next;
    void next.finally(() => {
      if (this.running === next) this.running = null;
    });
    return next;
  }

  /** Entries of a view, filtered, in view order. */
  async list(
    view: string,
    q: ViewFilter & {
      afterSeq?: number;
      limit?: number;
      sort?: RecordSort;
      order?: 'asc' | 'desc';
      offset?: number;
    },
  ): Promise<ViewAct[]> {
    await this.catchUp();
    const order = q.order ?? 'asc';
    let query = this.filtered(view, q).selectAll('a').select(VIEW_COLUMNS);
    if (q.sort === 'actor') query = query.orderBy('a.actor', order);
    if (q.sort === 'type') query = query.orderBy('a.type', order);
    query = query.orderBy('v.vseq', order);
    if (q.afterSeq !== undefined) query = query.where('v.vseq', '>', q.afterSeq);
    query = query.limit(Math.min(q.limit ?? 1000, 10_000));
    if (q.offset) query = query.offset(q.offset);
    const rows = await query.execute();
    return rows.map((r) => toViewAct(r));
  }

  private readonly counts = new Map<string, { head: number; n: number }>();

  /** How many entries of a view match the filters (memoised while the view's head is unchanged). */
  async count(view: string, q: ViewFilter): Promise<number> {
    await this.catchUp();
    const head = await this.db
      .selectFrom('record_views')
      .select('vseq')
      .where('view', '=', view)
      .orderBy('vseq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const h = Number(head?.vseq ?? 0);
    const key = JSON.stringify([view, q.type, q.typePrefix, q.subject, q.actor]);
    const cached = this.counts.get(key);
    if (cached && cached.head === h) return cached.n;
    const r = await this.filtered(view, q)
      .where('v.vseq', '<=', h)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (this.counts.size >= 256 && !this.counts.has(key)) this.counts.clear();
    this.counts.set(key, { head: h, n: Number(r.n) });
    return Number(r.n);
  }

  /** One act as its view serves it, or undefined. */
  async get(actId: string): Promise<ViewAct | undefined> {
    await this.catchUp();
    const r = await this.db
      .selectFrom('record_views as v')
      .innerJoin('record_acts as a', 'a.id', 'v.act_id')
      .selectAll('a')
      .select(VIEW_COLUMNS)
      .where('v.act_id', '=', actId)
      .executeTakeFirst();
    return r ? toViewAct(r) : undefined;
  }

  private filtered(view: string, q: ViewFilter) {
    let query = this.db
      .selectFrom('record_views as v')
      .innerJoin('record_acts as a', 'a.id', 'v.act_id')
      .where('v.view', '=', view);
    if (q.type) query = query.where('a.type', '=', q.type);
    if (q.typePrefix) query = query.where('a.type', 'like', `${q.typePrefix}%`);
    if (q.subject) query = query.where('a.subject', '=', q.subject);
    if (q.actor) query = query.where('a.actor', '=', q.actor);
    return query;
  }
}

type JoinedRow = RecordTables['record_acts'] & {
  vseq: number;
  view: string;
  view_prev: string;
  view_hash: string;
  content_hash: string;
};

function toViewAct(r: JoinedRow): ViewAct {
  const act = rowToAct(r);
  return {
    view: r.view,
    seq: Number(r.vseq),
    id: act.id,
    at: act.at,
    actor: act.actor,
    keyId: act.keyId,
    type: act.type,
    subject: act.subject,
    payload: act.payload,
    prevHash: r.view_prev,
    hash: r.view_hash,
    contentHash: r.content_hash,
    signature: r.content_signature,
  };
}

export interface ViewReport {
  ok: boolean;
  entries: number;
  /** Entries whose act has no position-free signature (older than views, key not held here). */
  unsigned: number;
  firstBroken: { seq: number; id: string; reason: string } | null;
}

/**
 * What any reader can check of a run of one view's entries (from `/api/record` and `/api/identities`
 * only): numbered on from `start`, each linked to the one before, each hash and content hash recomputed
 * from what is served, each signature by a key of its actor. `prevHash` is the hash before `start`
 * (GENESIS for a view read from its first entry).
 */
export function verifyViewEntries(
  entries: readonly ViewAct[],
  keys: ReadonlyMap<string, { actor: string; pem: string }>,
  from: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH },
): ViewReport {
  let expect = from.seq;
  let prev = from.prevHash;
  let unsigned = 0;
  for (const [i, e] of entries.entries()) {
    const fail = (reason: string): ViewReport => ({
      ok: false,
      entries: i,
      unsigned,
      firstBroken: { seq: e.seq, id: e.id, reason },
    });
    if (e.seq !== expect) return fail(`numbering gap: expected #${expect}, found #${e.seq}`);
    if (e.prevHash !== prev) return fail('previous-hash link broken');
    const act: Act = { ...e, seq: 0, prevHash: '', hash: '', signature: '' };
    const ch = contentHash(act);
    if (ch !== e.contentHash) return fail('content hash does not match the act (altered)');
    if (viewEntryHash(e.view, e.seq, ch, e.prevHash) !== e.hash)
      return fail('entry hash does not match (altered)');
    if (e.signature === null) unsigned += 1;
    else {
      const key = keys.get(e.keyId);
      if (!key) return fail(`signed with unknown key ${e.keyId}`);
      if (key.actor !== e.actor)
        return fail(`key ${e.keyId} belongs to ${key.actor}, not ${e.actor}`);
      if (!verifyEd25519(key.pem, ch, e.signature))
        return fail(`signature of ${e.actor} does not verify`);
    }
    prev = e.hash;
    expect += 1;
  }
  return { ok: true, entries: entries.length, unsigned, firstBroken: null };
}

/**
 * For `tahaluf verify`: the views hold exactly the record's acts, each once, in the view its type
 * decides, in record order, every view's chain whole and every position-free signature valid.
 */
export async function verifyViews(
  views: RecordViews,
  db: Kysely<RecordTables>,
  keys: ReadonlyMap<string, { actor: string; pem: string }>,
): Promise<ViewReport & { views: number }> {
  await views.catchUp();
  const heads = new Map<string, { seq: number; prevHash: string }>();
  let after = 0;
  let entries = 0;
  let unsigned = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await db
      .selectFrom('record_acts as a')
      .leftJoin('record_views as v', 'v.act_id', 'a.id')
      .selectAll('a')
      .select([
        'v.vseq',
        'v.view',
        'v.prev_hash as view_prev',
        'v.hash as view_hash',
        'v.content_hash',
        'v.act_seq',
      ])
      .where('a.seq', '>', after)
      .orderBy('a.seq')
      .limit(PAGE)
      .execute();
    if (!rows.length) break;
    for (const r of rows) {
      const fail = (reason: string) => ({
        ok: false,
        entries,
        unsigned,
        views: heads.size,
        firstBroken: { seq: Number(r.seq), id: r.id, reason },
      });
      const { view, vseq, view_prev, view_hash, content_hash } = r;
      if (
        view === null ||
        vseq === null ||
        view_prev === null ||
        view_hash === null ||
        content_hash === null
      )
        return fail('act is in no view of the record');
      if (Number(r.act_seq) !== Number(r.seq))
        return fail('view entry names another record position');
      const act = rowToAct(r);
      const want = viewOf(act, views.privatePrefixes);
      if (r.view !== want) return fail(`act is in view ${r.view}, its type puts it in ${want}`);
      const from = heads.get(r.view) ?? { seq: 1, prevHash: GENESIS_HASH };
      const rep = verifyViewEntries(
        [toViewAct({ ...r, view, vseq, view_prev, view_hash, content_hash })],
        keys,
        from,
      );
      if (!rep.ok) return fail(`view ${r.view}: ${rep.firstBroken!.reason}`);
      unsigned += rep.unsigned;
      heads.set(r.view, { seq: from.seq + 1, prevHash: view_hash });
      entries += 1;
      after = Number(r.seq);
    }
  }
  const extra = await db
    .selectFrom('record_views as v')
    .leftJoin('record_acts as a', 'a.id', 'v.act_id')
    .select('v.act_id')
    .where('a.id', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (extra)
    return {
      ok: false,
      entries,
      unsigned,
      views: heads.size,
      firstBroken: {
        seq: 0,
        id: extra.act_id,
        reason: 'a view names an act that is not in the record',
      },
    };
  return { ok: true, entries, unsigned, views: heads.size, firstBroken: null };
}
