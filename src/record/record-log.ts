import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, signEd25519 } from '../core/crypto.js';
import { newId } from '../core/ids.js';
import type { Clock } from '../core/clock.js';
import type { MessageBus } from '../bus/message-bus.js';
import type { SharedTransaction, Store } from '../store/database.js';
import type { Keyring } from './keyring.js';
import { Outbox } from './outbox.js';
import { inTransactionHook } from './transaction-hook.js';
import type { RecordTables } from './migrations.js';
import { actSubject, GENESIS_HASH, hashedFields, type Act, type ActInput } from './model.js';

export interface RecordTx {
  /** The open transaction: write the act's projections through it so both commit or neither. */
  db: SharedTransaction;
  append<P>(input: ActInput<P>): Promise<Act<P>>;
  /**
   * Takes the record's append lock now rather than at the first append (PostgreSQL; SQLite's single
   * writer already serialises transactions), for a transaction whose reads must not race another
   * writer's, e.g. a uniqueness check made in code.
   */
  lock(): Promise<void>;
}

export interface ActQuery {
  type?: string;
  /** Type prefix, e.g. `council.` */
  typePrefix?: string;
  subject?: string;
  actor?: string;
  afterSeq?: number;
  limit?: number;
  /** Leave out acts whose type starts with one of these, except those of `unlessActor`. */
  hidePrefixes?: string[];
  unlessActor?: string | null;
}

// Any constant: serialises appends across PostgreSQL connections for the transaction's life.
const PG_APPEND_LOCK = 7_272_025;

/**
 * The record: an append-only, hash-chained log of signed acts. Appends happen inside a transaction
 * together with the acting module's projections; a committed act is then announced on the bus.
 */
export class RecordLog {
  /**
   * On a bus that can be away (NATS), committed acts reach it through this outbox; the in-process bus
   * lives and dies with its subscribers, so acts are handed to it directly after the commit.
   */
  readonly outbox: Outbox | null;

  constructor(
    private store: Store,
    private keyring: Keyring,
    private clock: Clock,
    private bus: MessageBus | null,
  ) {
    this.outbox = bus?.kind === 'nats' ? new Outbox(store, bus, rowToAct) : null;
  }

  private get db(): Kysely<RecordTables> {
    return this.store.db as Kysely<RecordTables>;
  }

  /** Runs `fn` in one transaction; acts it appends are durable when this resolves, then published. */
  async transact<T>(fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    const appended: Act[] = [];
    const result = await this.db.transaction().execute(async (trx) => {
      let locked = false;
      const lock = async () => {
        if (!locked && this.store.dialect === 'postgres')
          await sql`select pg_advisory_xact_lock(${PG_APPEND_LOCK})`.execute(trx);
        locked = true;
      };
      const tx: RecordTx = {
        db: trx as SharedTransaction,
        lock,
        append: async <P>(input: ActInput<P>) => {
          await lock();
          const act = await this.appendIn(trx, input);
          appended.push(act);
          return act;
        },
      };
      const out = await fn(tx);
      // Work tied to these acts by the caller's context (e.g. its Idempotency-Key) commits with them.
      const hook = inTransactionHook();
      if (hook && appended.length) await hook(trx as SharedTransaction, appended);
      return out;
    });
    this.keyring.confirm(appended.map((a) => a.actor));
    if (this.outbox) await this.outbox.afterCommit(appended);
    else if (this.bus)
      for (const act of appended)
        await this.bus.publish(actSubject(act.type), act, { id: act.id }).catch(() => undefined);
    return result;
  }

  /** Appends one act in its own transaction. */
  append<P>(input: ActInput<P>): Promise<Act<P>> {
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
    const hash = sha256Hex(canonicalJson(hashedFields(base)));
    const signature = signEd25519(key.privateKeyPem, hash);
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
      })
      .execute();
    if (this.outbox) await this.outbox.enqueue(trx, act);
    return act;
  }

  async list(q: ActQuery = {}): Promise<Act[]> {
    let query = this.filtered(q).selectAll().orderBy('seq', 'asc');
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
    query = query.limit(Math.min(q.limit ?? 1000, 10_000));
    return (await query.execute()).map(rowToAct);
  }

  /** How many acts match the query's filters (ignoring paging). */
  async countMatching(q: ActQuery = {}): Promise<number> {
    const r = await this.filtered(q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
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

/** Parses a stored row. A payload that is not valid JSON (a tampered byte) is kept as its raw text. */
export function rowToAct(r: ActRow): Act {
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
