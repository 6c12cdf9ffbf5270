import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Migrations, SharedTransaction, Store } from '../store/database.js';
import { OutboxRelay } from '../store/outbox-relay.js';
import type { AllianceEnvelope } from './envelope.js';

/** Acts a node's modules queued for the alliance log, in the order they were queued. */
export type AllianceOutboxTables = {
  alliance_outbox: {
    /** Queue order: the relay publishes in this order (an Update after its Alert). */
    position: number;
    /** The act's id, kept across retries: JetStream and every node drop a second copy by it. */
    act_id: string;
    actor: string;
    type: string;
    subject: string | null;
    /** The act's payload (JSON). */
    payload: string;
    queued_at: string;
  };
};

export const allianceOutboxMigrations: Migrations = {
  '0073_federation_outbox': {
    async up(db) {
      await db.schema
        .createTable('alliance_outbox')
        .addColumn('position', 'integer', (c) => c.primaryKey())
        .addColumn('act_id', 'text', (c) => c.notNull().unique())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

/** What the outbox needs of the alliance log (AllianceLog fits). */
export interface OutboxLog {
  /** Whether the log is connected and consuming. */
  readonly active: boolean;
  /** Signs an act with this node's key, under the given act id, at the current time. */
  signAct(
    actor: string,
    type: string,
    subject: string | null,
    payload: unknown,
    id: string,
  ): Promise<AllianceEnvelope>;
  /** Publishes once (no retry loop); the stream sequence acknowledged. */
  publishOnce(envelope: AllianceEnvelope): Promise<number>;
  /** The stream's last sequence now. */
  streamHead(): Promise<number>;
  /** Resolves true once this node's log reaches `streamSeq`. */
  waitFor(streamSeq: number, timeoutMs: number): Promise<boolean>;
  /** Whether this node's log holds an entry (applied or rejected) of this act id. */
  holds(actId: string): Promise<boolean>;
}

/** Rows read per pass. */
const BATCH = 100;
/** How long the first pass after a start waits for this node to catch up before it re-publishes. */
const CATCH_UP_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The transactional outbox of acts a node's modules publish on the alliance log in the background (CAP
 * issue summaries, #12): the act is queued in the transaction that commits what caused it (the CAP
 * message), so "committed" implies "will be on the alliance log", also across a crash or a NATS outage.
 * The shared outbox relay (`store/outbox-relay.ts`) publishes queued acts one after the other in queue
 * order, retrying with back-off; each is signed when it is published (the stream refuses an act whose
 * time is more than 5 minutes from its own) under the act id fixed at queue time, and its row is deleted
 * once JetStream acknowledged it. Delivery is at least once: a row published but not deleted when the
 * process died is published again after the restart unless this node already holds an entry of that act
 * id (the relay's first pass waits for the node to catch up first); JetStream drops a copy within its
 * duplicate window by the act id (Nats-Msg-Id), and every node rejects a later copy as a replay of an
 * applied act id, so nothing is applied twice.
 */
export class AllianceOutbox {
  private readonly relay: OutboxRelay<AllianceOutboxTables['alliance_outbox']>;
  /** Stream sequence of the last act this relay published (for `idle`). */
  private lastPublished = 0;

  constructor(
    private store: Store,
    private log: OutboxLog,
    private clock: Clock,
  ) {
    this.relay = new OutboxRelay<AllianceOutboxTables['alliance_outbox']>(
      {
        label: '[alliance] outbox:',
        batchSize: BATCH,
        noteHolds: false,
        recoveredNote: 'queued acts are being published again',
        ready: () => this.log.active,
        // After a start: publish again only acts this node does not already hold (a crash between the
        // acknowledgement and the delete left their rows), which needs this node's log up to the stream's head.
        resume: async () => {
          await this.log.waitFor(await this.log.streamHead(), CATCH_UP_MS);
        },
        read: (limit) =>
          this.db
            .selectFrom('alliance_outbox')
            .selectAll()
            .orderBy('position')
            .limit(limit)
            .execute(),
        delivered: (row) => this.log.holds(row.act_id),
        publish: async (row) => {
          const payload: unknown = JSON.parse(row.payload);
          const envelope = await this.log.signAct(
            row.actor,
            row.type,
            row.subject,
            payload,
            row.act_id,
          );
          this.lastPublished = Math.max(this.lastPublished, await this.log.publishOnce(envelope));
        },
        done: async (row) => {
          await this.db
            .deleteFrom('alliance_outbox')
            .where('position', '=', row.position)
            .execute();
        },
      },
      { kickBeforeStart: false },
    );
  }

  private get db(): Kysely<AllianceOutboxTables> {
    return this.store.db.withTables<AllianceOutboxTables>();
  }

  /**
   * Queues an act inside `tx` (the transaction that commits its cause; the caller's transactions that
   * queue acts run one at a time, as the warning service's do). Returns the act id.
   */
  async enqueue(
    tx: SharedTransaction,
    act: { id: string; actor: string; type: string; subject: string | null; payload: unknown },
  ): Promise<string> {
    const db = tx.withTables<AllianceOutboxTables>();
    const last = await db
      .selectFrom('alliance_outbox')
      .select((eb) => eb.fn.max('position').as('m'))
      .executeTakeFirst();
    await db
      .insertInto('alliance_outbox')
      .values({
        position: Number(last?.m ?? 0) + 1,
        act_id: act.id,
        actor: act.actor,
        type: act.type,
        subject: act.subject,
        payload: JSON.stringify(act.payload),
        queued_at: this.clock.now().toISOString(),
      })
      .execute();
    return act.id;
  }

  /** Acts queued and not yet acknowledged by the stream. */
  async pending(): Promise<number> {
    const r = await this.db
      .selectFrom('alliance_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Starts the relay: a pass now, every 2 s, and on `kick`. */
  start(): void {
    this.relay.start();
  }

  async stop(): Promise<void> {
    await this.relay.stop();
  }

  /** Runs a relay pass now, or right after the one running. */
  kick(): void {
    this.relay.kick();
  }

  /**
   * Resolves true once nothing is queued and this node applied (or rejected) everything the relay
   * published; false after `timeoutMs` (tests, and callers that want the summaries on the log).
   */
  async idle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.kick();
    while (Date.now() < deadline) {
      if (!this.relay.busy && (await this.pending()) === 0)
        return this.log.waitFor(this.lastPublished, Math.max(0, deadline - Date.now()));
      await sleep(50);
    }
    return false;
  }
}
