import { messageOf } from '../core/errors.js';
import type { Kysely, Transaction } from 'kysely';
import { publishEvent, type MessageBus } from '../bus/message-bus.js';
import { ACT_EVENT } from './events.js';
import type { Store } from '../store/database.js';
import { OutboxRelay } from '../store/outbox-relay.js';
import type { RecordTables } from './migrations.js';
import { actSubject, type Act } from './model.js';

/** Rows the relay publishes per database read. */
const BATCH = 200;
/** How long a write waits for its own acts' acknowledgement before leaving them to the relay. */
const DIRECT_WAIT_MS = 1000;
/** Published rows are deleted in batches (one write for many acts), at most this late. */
const MARK_EVERY_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OutboxBacklog {
  /** Committed acts not yet acknowledged by the bus. */
  pending: number;
  /** When the oldest of them was committed (ISO 8601), null when none. */
  oldestPendingAt: string | null;
  /** Its age in seconds, null when none. */
  oldestPendingAgeSeconds: number | null;
}

/**
 * The transactional outbox between the record and a bus that can be away (NATS JetStream): every act
 * gets a `record_outbox` row in the transaction that appends it, so "committed" implies "will be
 * published". After the commit the act is published at once when the bus is up and nothing older
 * waits (the writer waits at most DIRECT_WAIT_MS for it); otherwise, and for rows a crash or another
 * process left behind, the shared outbox relay (`store/outbox-relay.ts`) publishes pending rows in record order, retrying with backoff, and
 * deletes each after JetStream acknowledged it. Delivery is at least once: a row published but not yet
 * deleted when the process dies is published again, with the act id as Nats-Msg-Id so JetStream drops
 * the copy within its duplicate window, and subscribers drop ids they have already handled.
 */
export class Outbox {
  private readonly relay: OutboxRelay<RecordTables['record_acts']>;
  private toDelete: number[] = [];
  /** Acts being published by the writer that committed them: the relay leaves them alone. */
  private inFlight = new Set<number>();
  private deleting: Promise<void> = Promise.resolve();
  private deleteTimer: NodeJS.Timeout | null = null;
  private offStatus: (() => void) | null = null;

  constructor(
    private store: Store,
    private bus: MessageBus,
    private toAct: (row: RecordTables['record_acts']) => Act,
  ) {
    this.relay = new OutboxRelay<RecordTables['record_acts']>(
      {
        label: '[outbox]',
        batchSize: BATCH,
        noteHolds: true,
        ready: () => this.bus.status().state === 'connected',
        beforeRead: () => this.flushDeletes(),
        read: async (limit) => {
          const rows = await this.db
            .selectFrom('record_outbox')
            .innerJoin('record_acts', 'record_acts.seq', 'record_outbox.seq')
            .selectAll('record_acts')
            .orderBy('record_outbox.seq', 'asc')
            .limit(limit)
            .execute();
          const waiting = new Set(this.toDelete);
          return rows.filter((r) => !this.inFlight.has(r.seq) && !waiting.has(r.seq));
        },
        publish: async (row) => {
          const act = this.toAct(row);
          await publishEvent(this.bus, ACT_EVENT, actSubject(act.type), act, { id: act.id });
        },
        done: (row) => this.markPublished(row.seq),
      },
      { kickBeforeStart: true },
    );
  }

  private get db(): Kysely<RecordTables> {
    return this.store.db.withTables<RecordTables>();
  }

  /** Queues `act` for publication, inside the transaction that appends it. */
  async enqueue(trx: Transaction<RecordTables>, act: Act): Promise<void> {
    await trx
      .insertInto('record_outbox')
      .values({ seq: act.seq, act_id: act.id, queued_at: new Date().toISOString() })
      .execute();
  }

  /** After the commit of `acts`: publishes them now if the bus is up and no older act waits. */
  async afterCommit(acts: Act[]): Promise<void> {
    if (!acts.length || this.relay.isStopped) return;
    if (this.bus.status().state !== 'connected' || this.relay.busy || this.relay.backlogSeen) {
      this.relay.kick();
      return;
    }
    for (const act of acts) this.inFlight.add(act.seq);
    const direct = (async () => {
      for (const act of acts) {
        await publishEvent(this.bus, ACT_EVENT, actSubject(act.type), act, { id: act.id });
        this.markPublished(act.seq);
        this.inFlight.delete(act.seq);
      }
    })().catch((err: unknown) => {
      for (const act of acts) this.inFlight.delete(act.seq);
      this.relay.noteFailure(err);
      this.relay.kick();
    });
    await Promise.race([direct, sleep(DIRECT_WAIT_MS)]);
  }

  /** Starts the relay: a look now, every 2 s, and whenever the bus comes back. */
  start(): void {
    if (this.offStatus || this.relay.isStopped) return;
    this.offStatus = this.bus.onStatus((s) => {
      if (s.state === 'connected') this.relay.kick();
    });
    this.relay.start();
  }

  async stop(): Promise<void> {
    this.offStatus?.();
    await this.relay.stop();
    await this.flushDeletes();
  }

  /** Runs a relay pass now, or right after the one running. */
  kick(): void {
    this.relay.kick();
  }

  /** The row of an acknowledged act goes, with others, in one delete shortly after. */
  private markPublished(seq: number): void {
    this.toDelete.push(seq);
    if (this.deleteTimer || this.relay.isStopped) return;
    this.deleteTimer = setTimeout(() => void this.flushDeletes(), MARK_EVERY_MS);
    this.deleteTimer.unref();
  }

  private flushDeletes(): Promise<void> {
    if (this.deleteTimer) clearTimeout(this.deleteTimer);
    this.deleteTimer = null;
    const seqs = this.toDelete.splice(0);
    if (seqs.length)
      this.deleting = this.deleting
        .then(async () => {
          for (let i = 0; i < seqs.length; i += 500)
            await this.db
              .deleteFrom('record_outbox')
              .where('seq', 'in', seqs.slice(i, i + 500))
              .execute();
        })
        // A row left behind is published again later and dropped as a duplicate.
        .catch((err: unknown) =>
          console.warn(`[outbox] could not clear published rows: ${messageOf(err)}`),
        );
    return this.deleting;
  }

  /** What waits for the bus: count and oldest, for health. */
  async backlog(): Promise<OutboxBacklog> {
    const r = await this.db
      .selectFrom('record_outbox')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.min<string | null>('queued_at').as('oldest'),
      ])
      .executeTakeFirstOrThrow();
    const oldest = r.oldest ?? null;
    return {
      pending: Number(r.n),
      oldestPendingAt: oldest,
      oldestPendingAgeSeconds:
        oldest === null ? null : Math.max(0, (Date.now() - Date.parse(oldest)) / 1000),
    };
  }
}
