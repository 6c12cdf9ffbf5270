import { messageOf } from '../core/errors.js';
import type { Kysely, Transaction } from 'kysely';
import { publishEvent, type MessageBus } from '../bus/message-bus.js';
import { ACT_EVENT } from './events.js';
import type { Store } from '../store/database.js';
import type { RecordTables } from './migrations.js';
import { actSubject, type Act } from './model.js';

/** Rows the relay publishes per database read. */
const BATCH = 200;
/** How often the relay looks for rows left by another process or a failed publish. */
const POLL_MS = 2000;
/** How long a write waits for its own acts' acknowledgement before leaving them to the relay. */
const DIRECT_WAIT_MS = 1000;
/** Published rows are deleted in batches (one write for many acts), at most this late. */
const MARK_EVERY_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoff = (failures: number) => Math.min(5000, 250 * 2 ** Math.min(failures, 5));

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
 * process left behind, the relay publishes pending rows in record order, retrying with backoff, and
 * deletes each after JetStream acknowledged it. Delivery is at least once: a row published but not yet
 * deleted when the process dies is published again, with the act id as Nats-Msg-Id so JetStream drops
 * the copy within its duplicate window, and subscribers drop ids they have already handled.
 */
export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private backlogSeen = false;
  private failures = 0;
  private heldSince: number | null = null;
  private publishedSinceHeld = 0;
  private poll: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private offStatus: (() => void) | null = null;
  private toDelete: number[] = [];
  /** Acts being published by the writer that committed them: the relay leaves them alone. */
  private inFlight = new Set<number>();
  private deleting: Promise<void> = Promise.resolve();
  private deleteTimer: NodeJS.Timeout | null = null;

  constructor(
    private store: Store,
    private bus: MessageBus,
    private toAct: (row: RecordTables['record_acts']) => Act,
  ) {}

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
    if (!acts.length || this.stopped) return;
    if (this.bus.status().state !== 'connected' || this.running || this.backlogSeen) {
      this.kick();
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
      this.noteFailure(err);
      this.kick();
    });
    await Promise.race([direct, sleep(DIRECT_WAIT_MS)]);
  }

  /** Starts the relay: a look now, every POLL_MS, and whenever the bus comes back. */
  start(): void {
    if (this.poll || this.stopped) return;
    this.offStatus = this.bus.onStatus((s) => {
      if (s.state === 'connected') this.kick();
    });
    this.poll = setInterval(() => this.kick(), POLL_MS);
    this.poll.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.retry) clearTimeout(this.retry);
    this.offStatus?.();
    await this.running?.catch(() => undefined);
    await this.flushDeletes();
  }

  /** Runs a relay pass now, or right after the one running. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.noteFailure(err))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    // Bounded: a pass publishes at most 1,000 batches, the next pass goes on.
    for (let batch = 0; batch < 1000 && !this.stopped; batch++) {
      await this.flushDeletes();
      const rows = await this.db
        .selectFrom('record_outbox')
        .innerJoin('record_acts', 'record_acts.seq', 'record_outbox.seq')
        .selectAll('record_acts')
        .orderBy('record_outbox.seq', 'asc')
        .limit(BATCH)
        .execute();
      const waiting = new Set(this.toDelete);
      const todo = rows.filter((r) => !this.inFlight.has(r.seq) && !waiting.has(r.seq));
      this.backlogSeen = todo.length > 0;
      if (!todo.length) return this.drained();
      if (this.bus.status().state !== 'connected') {
        this.hold();
        return; // the bus's return kicks the relay
      }
      for (const row of todo) {
        const act = this.toAct(row);
        try {
          await publishEvent(this.bus, ACT_EVENT, actSubject(act.type), act, { id: act.id });
        } catch (err) {
          this.noteFailure(err);
          this.hold();
          if (this.retry) clearTimeout(this.retry);
          this.retry = setTimeout(() => this.kick(), backoff(this.failures));
          this.retry.unref();
          return;
        }
        this.failures = 0;
        if (this.heldSince !== null) this.publishedSinceHeld++;
        this.markPublished(act.seq);
      }
      if (rows.length < BATCH) return this.drained();
    }
  }

  private drained(): void {
    if (this.heldSince === null) return;
    const secs = ((Date.now() - this.heldSince) / 1000).toFixed(1);
    console.warn(
      `[outbox] backlog published: ${this.publishedSinceHeld} acts held up to ${secs} s`,
    );
    this.heldSince = null;
  }

  private hold(): void {
    if (this.heldSince !== null) return;
    this.heldSince = Date.now();
    this.publishedSinceHeld = 0;
    console.warn('[outbox] the bus is unavailable: committed acts are held until it is back');
  }

  private noteFailure(err: unknown): void {
    this.failures++;
    this.backlogSeen = true;
    if (this.failures === 1) console.warn(`[outbox] publish failed, will retry: ${messageOf(err)}`);
  }

  /** The row of an acknowledged act goes, with others, in one delete shortly after. */
  private markPublished(seq: number): void {
    this.toDelete.push(seq);
    if (this.deleteTimer || this.stopped) return;
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
