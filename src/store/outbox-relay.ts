import { messageOf } from '../core/errors.js';

/** How often a relay looks for queued rows (left by a crash, another process or a failed publish). */
const POLL_MS = 2000;
/** A pass reads at most this many batches; the next pass goes on. */
const MAX_BATCHES = 1000;

/** Wait before the next attempt after `failures` failed publishes in a row: 0.5 s doubling, at most 5 s. */
export const outboxBackoffMs = (failures: number) =>
  Math.min(5000, 250 * 2 ** Math.min(failures, 5));

/** Where an outbox's queued rows go (the record's bus, the alliance log), and how its queue is read. */
export interface OutboxSink<Row> {
  /** Prefix of the relay's log lines, e.g. `[outbox]`. */
  readonly label: string;
  /** Rows read per database read. */
  readonly batchSize: number;
  /** Whether the destination can take a publish now; when not, queued rows are held. */
  ready(): boolean;
  /**
   * Once per start, before the first publish, when the destination is ready (restart resume: e.g. wait
   * until this node has caught up so `delivered` can tell which rows a crash left published).
   */
  resume?(): Promise<void>;
  /** Before each read (e.g. to flush deletes of rows already acknowledged). */
  beforeRead?(): Promise<void>;
  /** Up to `limit` queued rows in queue order, without those being handled elsewhere. */
  read(limit: number): Promise<Row[]>;
  /** Whether the destination already holds this row's act (de-duplication by act id). */
  delivered?(row: Row): Promise<boolean>;
  /** Publishes once; resolves when the destination acknowledged it. */
  publish(row: Row): Promise<void>;
  /** The row was acknowledged (or was already delivered): remove it from the queue. */
  done(row: Row): Promise<void> | void;
  /** Whether the relay notes (logs) that it holds rows while the destination is away. */
  readonly noteHolds: boolean;
  /** Log line after publishing again following a failure, if any. */
  readonly recoveredNote?: string;
}

/**
 * The one relay of the transactional outboxes (the record's bus outbox, the alliance log outbox): it
 * publishes queued rows strictly in queue order (a later row waits while an earlier one fails), retries
 * with back-off after a failure, looks again every POLL_MS and on `kick`, resumes after a restart from
 * whatever is still queued (rows are removed only after the acknowledgement, so delivery is at least
 * once), and skips rows the sink says were already delivered (de-duplication by act id; the
 * destinations also drop a second copy by its act id).
 */
export class OutboxRelay<Row> {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped: boolean;
  private resumed = false;
  private failures = 0;
  private heldSince: number | null = null;
  private publishedSinceHeld = 0;
  private poll: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** Whether the last pass found rows to publish (or a publish failed since). */
  backlogSeen = false;

  /**
   * `kickBeforeStart`: a kick runs a pass also before `start` (the record's writers publish as soon as
   * they commit); otherwise the relay is idle until started.
   */
  constructor(
    private sink: OutboxSink<Row>,
    options: { kickBeforeStart: boolean },
  ) {
    this.stopped = !options.kickBeforeStart;
  }

  /** Whether a pass is running now. */
  get busy(): boolean {
    return this.running !== null;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Starts the relay: a pass now, every POLL_MS, and on `kick`. */
  start(): void {
    if (this.poll) return;
    this.stopped = false;
    this.resumed = false;
    this.poll = setInterval(() => this.kick(), POLL_MS);
    this.poll.unref();
    this.kick();
  }

  /** Stops the timers and waits for the running pass. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.retry) clearTimeout(this.retry);
    this.poll = this.retry = null;
    await this.running?.catch(() => undefined);
  }

  /** Runs a pass now, or right after the one running. */
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

  /** Records a failed publish made outside a pass (a writer's direct publish). */
  noteFailure(err: unknown): void {
    this.failures++;
    this.backlogSeen = true;
    if (this.failures === 1)
      console.warn(`${this.sink.label} publish failed, kept for a retry: ${messageOf(err)}`);
  }

  private async pass(): Promise<void> {
    if (!this.resumed && this.sink.resume) {
      if (!this.sink.ready()) return;
      await this.sink.resume();
    }
    this.resumed = true;
    for (let batch = 0; batch < MAX_BATCHES && !this.stopped; batch++) {
      await this.sink.beforeRead?.();
      const rows = await this.sink.read(this.sink.batchSize);
      this.backlogSeen = rows.length > 0;
      if (!rows.length) return this.drained();
      if (!this.sink.ready()) {
        this.hold();
        return; // a later kick (the destination's return, the poll) goes on
      }
      for (const row of rows) {
        if (this.stopped) return;
        if (!(await this.sink.delivered?.(row))) {
          try {
            await this.sink.publish(row);
          } catch (err) {
            // Later rows wait: the queue's order is the destination's order.
            this.noteFailure(err);
            this.hold();
            if (this.retry) clearTimeout(this.retry);
            this.retry = setTimeout(() => this.kick(), outboxBackoffMs(this.failures));
            this.retry.unref();
            return;
          }
          if (this.heldSince !== null) this.publishedSinceHeld++;
        }
        if (this.failures && this.sink.recoveredNote)
          console.warn(`${this.sink.label} ${this.sink.recoveredNote}`);
        this.failures = 0;
        await this.sink.done(row);
      }
      if (rows.length < this.sink.batchSize) return this.drained();
    }
  }

  private drained(): void {
    if (this.heldSince === null) return;
    const secs = ((Date.now() - this.heldSince) / 1000).toFixed(1);
    if (this.sink.noteHolds)
      console.warn(
        `${this.sink.label} backlog published: ${this.publishedSinceHeld} acts held up to ${secs} s`,
      );
    this.heldSince = null;
  }

  private hold(): void {
    if (this.heldSince !== null) return;
    this.heldSince = Date.now();
    this.publishedSinceHeld = 0;
    if (this.sink.noteHolds)
      console.warn(
        `${this.sink.label} the destination is unavailable: queued acts are held until it is back`,
      );
  }
}
