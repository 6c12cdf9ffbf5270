import { checkActPayload, type PayloadFor } from './act-catalogue.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, signEd25519 } from '../core/crypto.js';
import { newId } from '../core/ids.js';
import type { Clock } from '../core/clock.js';
import { requestContext, staleWrite, type RequestContext } from '../core/request-context.js';
import { publishEvent, type MessageBus } from '../bus/message-bus.js';
import { ACT_EVENT } from './events.js';
import type { SharedTransaction, Store } from '../store/database.js';
import type { Keyring } from './keyring.js';
import { Outbox } from './outbox.js';
import { inTransactionHook, type InTransaction } from './transaction-hook.js';
import type { RecordTables } from './migrations.js';
import {
  actSubject,
  contentHashOf,
  GENESIS_HASH,
  hashedFields,
  type Act,
  type ActInput,
} from './model.js';

/** An act to append, its type `T` known to the compiler (a literal, or `string` for a type not catalogued). */
export interface TypedActInput<T extends string, P> extends ActInput<P> {
  type: T;
}

export interface RecordTx {
  /** The open transaction: write the act's projections through it so both commit or neither. */
  db: SharedTransaction;
  /** Appends an act; a catalogued type (src/record/act-catalogue.ts) takes its catalogued payload. */
  append<T extends string, P extends PayloadFor<T>>(input: TypedActInput<T, P>): Promise<Act<P>>;
  /**
   * Takes the record's append lock now rather than at the first append (PostgreSQL; SQLite's single
   * writer already serialises transactions), for a transaction whose reads must not race another
   * writer's, e.g. a uniqueness check made in code.
   */
  lock(): Promise<void>;
}

export type RecordSort = 'seq' | 'actor' | 'type';

export interface ActQuery {
  type?: string;
  /** Type prefix, e.g. `council.` */
  typePrefix?: string;
  subject?: string;
  actor?: string;
  afterSeq?: number;
  limit?: number;
  /** Order of the answer (#13.11): by position (`seq`, the default; the time order too), actor or type, then position. */
  sort?: RecordSort;
  /** `asc` (default) or `desc`. */
  order?: 'asc' | 'desc';
  /** Matching acts to skip in that order (paging beyond the newest page). */
  offset?: number;
  /** Leave out acts whose type starts with one of these, except those of `unlessActor`. */
  hidePrefixes?: string[];
  unlessActor?: string | null;
}

// Any constant: serialises appends across PostgreSQL connections for the transaction's life.
const PG_APPEND_LOCK = 7_272_025;

/** Most calls of `transact` committed together (group commit); more wait for the next group. */
const MAX_GROUP = 64;

interface Pending {
  fn: (tx: RecordTx) => Promise<unknown>;
  /** The HTTP request this write serves, if any (its client may leave; it has a deadline). */
  context: RequestContext | undefined;
  /** Work the caller's context ties to its acts (`withInTransaction`), run in its savepoint. */
  hook: InTransaction | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The record: an append-only, hash-chained log of signed acts. Appends happen inside a transaction
 * together with the acting module's projections; a committed act is then announced on the bus.
 */
/** Distinct filter sets whose counts are memoised (a bound: filters come from the query string). */
const MAX_MEMOISED_COUNTS = 256;

export class RecordLog {
  /**
   * On a bus that can be away (NATS), committed acts reach it through this outbox; the in-process bus
   * lives and dies with its subscribers, so acts are handed to it directly after the commit.
   */
  readonly outbox: Outbox | null;
  /**
   * The longest stretch (ms) a group commit writes before it gives the event loop a turn, so the node
   * keeps reading requests and answering 503 during a long group (0: a turn between every two writes).
   */
  writeSliceMs = 25;
  /** Memoised counts of `countMatching`, by filters, valid while the record's highest seq is unchanged. */
  private readonly counts = new Map<string, { headSeq: number; n: number }>();

  constructor(
    private store: Store,
    private keyring: Keyring,
    private clock: Clock,
    private bus: MessageBus | null,
  ) {
    this.outbox = bus?.kind === 'nats' ? new Outbox(store, bus, rowToAct) : null;
  }

  private get db(): Kysely<RecordTables> {
    return this.store.db.withTables<RecordTables>();
  }

  /**
   * Runs `fn` in one transaction; acts it appends are durable when this resolves, then published.
   *
   * Group commit: calls made while a transaction is committing queue up and run next, one after another,
   * in ONE database transaction (up to MAX_GROUP), each inside its own savepoint, so a failing `fn` undoes
   * only its own writes and rejects only its own caller; the group pays one commit (one fsync) instead of
   * one each. Each `fn` sees the writes of those before it in the group, exactly as if the transactions
   * had run one after another (they did: appends were serialised before too, by SQLite's single writer
   * and PostgreSQL's advisory lock). A failed commit rejects every call of the group; none of them is
   * acknowledged or published. `fn` must not start another `transact` (it would wait for itself).
   */
  transact<T>(fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        fn: fn,
        context: requestContext.getStore(),
        // Taken now: the group runs the call in the committer's async context, not the caller's.
        hook: inTransactionHook(),
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      if (!this.committing) void this.drain();
    });
  }

  private pending: Pending[] = [];

  /** Calls of `transact` waiting for their group (not counting the group being committed). */
  get queued(): number {
    return this.pending.length;
  }

  private committing = false;

  private async drain(): Promise<void> {
    this.committing = true;
    try {
      // Bounded: each round takes at least one call off the queue. Before each group, one turn of the
      // event loop, so requests that arrived during the last commit (SQLite's commit blocks the loop) can
      // reach `transact` and join the group instead of each waiting for a commit of its own.
      while (this.pending.length) {
        await new Promise((resolve) => setImmediate(resolve));
        await this.commitGroup();
      }
    } finally {
      this.committing = false;
    }
  }

  private async commitGroup(): Promise<void> {
    const outcomes: ({ ok: true; value: unknown; acts: Act[] } | { ok: false; error: unknown })[] =
      [];
    let group: Pending[] = [];
    let taken = false;
    try {
      await this.store.db.transaction().execute(async (trx) => {
        // The group is taken once the transaction holds its connection: on SQLite (one connection) the
        // wait for it is when other requests' calls arrive, and they all join this group.
        // A write whose client has gone, or that waited past its request's deadline, does not start: the
        // first would commit an act nobody is told of (a retry would sign a second), the second would
        // answer after the client gave up; it is answered 503 instead (load shedding, #16.6).
        const now = Date.now();
        taken = true;
        for (const item of this.pending.splice(0, MAX_GROUP)) {
          const stale = staleWrite(item.context, now);
          if (stale) item.reject(stale);
          else group.push(item);
        }
        let locked = false;
        const lock = async () => {
          if (!locked && this.store.dialect === 'postgres')
            await sql`select pg_advisory_xact_lock(${PG_APPEND_LOCK})`.execute(trx);
          locked = true;
        };
        const alone = group.length === 1;
        let first = true;
        let sliceStart = performance.now();
        for (const item of group) {
          // One turn of the event loop between two calls of a group. SQLite's driver is synchronous, so
          // without it a group of 64 writes ran as one unbroken chain of microtasks (2 s at load 14, as
          // measured by the load test): meanwhile the node accepted no connection and read no request, so
          // it could not even answer 503, and clients whose connections waited in the kernel timed out.
          // During the turn, a client that leaves marks its write stale (checked below), and other
          // requests are read, admitted or shed; the transaction keeps its connection (others wait).
          // Time-sliced: a turn once the group has written for `writeSliceMs`, not between every two
          // writes. A turn per write let 1,000 retrying clients' 503s take every gap, and council writes
          // fell from 467/s to 30/s on a quiet machine; with 25 ms slices they ran at 821/s (docs/benchmarks.md).
          if (!first && performance.now() - sliceStart >= this.writeSliceMs) {
            await new Promise((resolve) => setImmediate(resolve));
            sliceStart = performance.now();
          }
          first = false;
          // Checked again at its turn: it may have waited behind slow calls of its own group.
          const stale = alone ? null : staleWrite(item.context);
          if (stale) {
            outcomes.push({ ok: false, error: stale });
            continue;
          }
          const acts: Act[] = [];
          const tx: RecordTx = {
            db: trx,
            lock,
            append: async <T extends string, P extends PayloadFor<T>>(
              input: TypedActInput<T, P>,
            ) => {
              await lock();
              const act = await this.appendIn(trx.withTables<RecordTables>(), input);
              acts.push(act);
              return act;
            },
          };
          const run = async () => {
            const value = await item.fn(tx);
            // Work tied to these acts by the caller's context (e.g. its Idempotency-Key) commits with them.
            if (item.hook && acts.length) await item.hook(trx, acts);
            return value;
          };
          if (alone) {
            // One call: its failure rolls the whole transaction back, as a plain transaction would.
            outcomes.push({ ok: true, value: await run(), acts });
            continue;
          }
          await sql`savepoint record_group_item`.execute(trx);
          try {
            const value = await run();
            await sql`release savepoint record_group_item`.execute(trx);
            outcomes.push({ ok: true, value, acts });
          } catch (error) {
            await sql`rollback to savepoint record_group_item`.execute(trx);
            await sql`release savepoint record_group_item`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit (or a savepoint statement or BEGIN) failed: nothing of the group is stored. If BEGIN
      // failed, no call was taken: reject the first waiting one (bounded progress; the rest retry).
      if (!taken) group = this.pending.splice(0, 1);
      for (const item of group) item.reject(error);
      return;
    }
    this.keyring.confirm(outcomes.flatMap((o) => (o.ok ? o.acts.map((a) => a.actor) : [])));
    // Each caller of the group resolves once its acts are published, in commit order within the group.
    // Groups do not wait for each other's publications: a subscriber may itself write when it hears of an
    // act (the in-process bus awaits its handlers), and that write, committed in a later group, must not
    // wait behind the very publication that is waiting for it. A failed publication answers the caller
    // anyway: the acts are committed, and the outbox relay, where there is one, publishes them again.
    void (async () => {
      for (const [index, outcome] of outcomes.entries()) {
        if (!outcome.ok) {
          group[index].reject(outcome.error);
          continue;
        }
        await this.publish(outcome.acts).catch(() => undefined);
        group[index].resolve(outcome.value);
      }
    })();
  }

  private async publish(acts: Act[]): Promise<void> {
    if (this.outbox) await this.outbox.afterCommit(acts);
    else if (this.bus)
      for (const act of acts)
        await publishEvent(this.bus, ACT_EVENT, actSubject(act.type), act, { id: act.id }).catch(
          () => undefined,
        );
  }

  /** Appends one act in its own transaction. */
  append<T extends string, P extends PayloadFor<T>>(input: TypedActInput<T, P>): Promise<Act<P>> {
    return this.transact((tx) => tx.append(input));
  }

  private async appendIn<P>(trx: Transaction<RecordTables>, input: ActInput<P>): Promise<Act<P>> {
    const head = await trx
      .selectFrom('record_acts')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const at = this.clock.now().toISOString();
    checkActPayload(input.type, input.payload);
    // Canonical once: the stored text, and (parsed back) the payload the act carries and hashes.
    const payloadText = canonicalJson(input.payload);
    const payload = JSON.parse(payloadText) as P;
    const base = {
      seq,
      id: newId('act'),
      at,
      actor: input.actor,
      keyId: '',
      type: input.type,
      subject: input.subject ?? null,
      payload,
      prevHash,
    };
    const key = await this.keyring.keyFor(input.actor, trx);
    base.keyId = key.keyId;
    // The payload's canonical text is written once: both hashed forms splice it in (an envelope's act lists
    // every object it shares, so serialising it three times was most of an append's cost).
    const known = new Map<unknown, string>([[payload, payloadText]]);
    const hash = sha256Hex(canonicalJson(hashedFields(base), known));
    const signature = signEd25519(key.privateKeyPem, hash);
    // Also signed without its position, so a view of the record can be verified on its own (#19.2).
    const contentSignature = signEd25519(
      key.privateKeyPem,
      contentHashOf(base, sha256Hex, (v) => canonicalJson(v, known)),
    );
    const act: Act<P> = { ...base, hash, signature };
    await trx
      .insertInto('record_acts')
      .values({
        seq,
        id: act.id,
        at,
        actor: act.actor,
        key_id: act.keyId,
        type: act.type,
        subject: act.subject,
        payload: payloadText,
        prev_hash: prevHash,
        hash,
        signature,
        content_signature: contentSignature,
      })
      .execute();
    if (this.outbox) await this.outbox.enqueue(trx, act);
    return act;
  }

  async list(q: ActQuery = {}): Promise<Act[]> {
    const order = q.order ?? 'asc';
    let query = this.filtered(q).selectAll();
    if (q.sort === 'actor' || q.sort === 'type') query = query.orderBy(q.sort, order);
    query = query.orderBy('seq', order);
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
    query = query.limit(Math.min(q.limit ?? 1000, 10_000));
    if (q.offset) query = query.offset(q.offset);
    return (await query.execute()).map(rowToAct);
  }

  /**
   * How many acts match the query's filters (ignoring paging).
   *
   * A count scans every matching act, and the public record view asks for it on every page: under a
   * read-heavy load that was the node's largest cost per request (#16). The answer depends only on the
   * filters and on which acts exist, and acts are only ever appended with a growing `seq`, so a count is
   * memoised under (filters, highest seq) — the highest seq is one index lookup, read from the database
   * every time, so an act appended by another process on a shared PostgreSQL invalidates it too.
   */
  async countMatching(q: ActQuery = {}): Promise<number> {
    const head = await this.db
      .selectFrom('record_acts')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const headSeq = Number(head?.seq ?? 0);
    const key = JSON.stringify([
      q.type,
      q.typePrefix,
      q.subject,
      q.actor,
      q.hidePrefixes,
      q.unlessActor,
    ]);
    const cached = this.counts.get(key);
    if (cached && cached.headSeq === headSeq) return cached.n;
    const r = await this.filtered(q)
      .where('seq', '<=', headSeq)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const n = Number(r.n);
    if (this.counts.size >= MAX_MEMOISED_COUNTS && !this.counts.has(key)) this.counts.clear();
    this.counts.set(key, { headSeq, n });
    return n;
  }

  private filtered(q: ActQuery) {
    let query = this.db.selectFrom('record_acts');
    if (q.type) query = query.where('type', '=', q.type);
    if (q.typePrefix) query = query.where('type', 'like', `${q.typePrefix}%`);
    if (q.subject) query = query.where('subject', '=', q.subject);
    if (q.actor) query = query.where('actor', '=', q.actor);
    for (const prefix of q.hidePrefixes ?? []) {
      query = query.where((eb) =>
        q.unlessActor
          ? eb.or([eb('type', 'not like', `${prefix}%`), eb('actor', '=', q.unlessActor)])
          : eb('type', 'not like', `${prefix}%`),
      );
    }
    return query;
  }

  /**
   * Acts as stored, with the payload's stored text beside the parsed act, in record order: what a
   * verifier needs to check an act's bytes, hash and signature (module `verify` commands read the
   * record through this rather than its tables).
   */
  async storedActs(q: { typePrefix?: string; subject?: string } = {}): Promise<StoredAct[]> {
    const rows = await this.filtered(q).selectAll().orderBy('seq', 'asc').execute();
    return rows.map((row) => ({ act: rowToAct(row), rawPayload: row.payload }));
  }

  /** The public keys in this database's `identities`, by key id: what verifies the acts' signatures. */
  async verificationKeys(): Promise<Map<string, { actor: string; pem: string }>> {
    const keys = new Map<string, { actor: string; pem: string }>();
    for (const k of await this.db
      .selectFrom('identities')
      .select(['key_id', 'actor', 'public_key'])
      .execute())
      keys.set(k.key_id, { actor: k.actor, pem: k.public_key });
    return keys;
  }

  async get(id: string): Promise<Act | undefined> {
    const row = await this.db
      .selectFrom('record_acts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? rowToAct(row) : undefined;
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('record_acts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

export type ActRow = RecordTables['record_acts'];

/** An act and its payload's text as stored (see `RecordLog.storedActs`). */
export interface StoredAct {
  act: Act;
  rawPayload: string;
}

/** Parses a stored row. A payload that is not valid JSON (a tampered byte) is kept as its raw text. */
export function rowToAct(r: Omit<ActRow, 'content_signature'>): Act {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = { __unparseable__: r.payload };
  }
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actor: r.actor,
    keyId: r.key_id,
    type: r.type,
    subject: r.subject,
    payload,
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature,
  };
}
