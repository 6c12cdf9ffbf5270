import type { MessageBus } from '../bus/message-bus.js';
import type { CapBusRow, WarningRepository } from './repository.js';
import type { RelayBacklog } from '../runtime/deps.js';

/** The first retries come quickly (a warning is urgent), then at most every 5 s. */
const backoff = (failures: number) => Math.min(5000, 100 * 2 ** Math.min(failures, 6));

/**
 * Publishes CAP messages on the bus (`warning.cap.<member>`) without ever holding up their delivery to
 * civil defence (#16.5).
 *
 * Before, each CAP message was published before its webhooks were called: during a NATS outage the
 * publication waited for the client's 5-s timeout, every webhook of the member waited behind it, and
 * the message was then dropped from the bus for good. Now a message is stored as pending in the same
 * write that stores it, its webhooks are called at once, and this relay publishes pending messages in
 * the order they were issued while the bus is connected, retrying with backoff, resuming when the bus
 * reconnects and, after a restart, from the stored pending rows. Each is marked published once the bus
 * acknowledged it; the CAP identifier is the message id, so JetStream drops a copy published twice (a
 * crash between acknowledgement and marking), and subscribers key on the identifier too.
 */
export class CapRelay {
  private queue: CapBusRow[] = [];
  /** Identifier -> when the message was queued (ms); a message resumed after a restart, when it was sent. */
  private queued = new Map<string, number>();
  private draining: Promise<void> | null = null;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly offStatus: () => void;

  constructor(
    private readonly bus: MessageBus,
    private readonly repo: WarningRepository,
    private readonly now: () => number = Date.now,
  ) {
    this.offStatus = bus.onStatus((s) => {
      if (s.state === 'connected') this.kick();
    });
  }

  /** Queues the messages a previous run stored but never got onto the bus (call once at start). */
  async resume(): Promise<void> {
    for (const row of await this.repo.capsPendingOnBus()) {
      // Waiting since it was sent (stored in the same write), at the latest since now.
      const sent = Date.parse(row.sent);
      this.add(row, Number.isFinite(sent) ? Math.min(sent, this.now()) : undefined);
    }
  }

  /** Queues one stored message for publication. */
  add(row: CapBusRow, since = this.now()): void {
    if (this.stopped || this.queued.has(row.identifier)) return;
    this.queued.set(row.identifier, since);
    this.queue.push(row);
    this.kick();
  }

  /** Messages stored but not yet acknowledged by the bus. */
  get backlog(): number {
    return this.queue.length;
  }

  /** The backlog and its oldest message's age (/api/health). Bounded by the queue's length. */
  status(): RelayBacklog {
    let oldest = Number.POSITIVE_INFINITY;
    for (const since of this.queued.values()) if (since < oldest) oldest = since;
    if (!Number.isFinite(oldest))
      return { pending: 0, oldestPendingAt: null, oldestPendingAgeSeconds: null };
    return {
      pending: this.queue.length,
      oldestPendingAt: new Date(oldest).toISOString(),
      oldestPendingAgeSeconds: Math.max(0, (this.now() - oldest) / 1000),
    };
  }

  /** Resolves when nothing is left to publish, or the bus is away (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): void {
    this.stopped = true;
    this.offStatus();
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private kick(): void {
    if (this.draining || this.stopped || this.retry) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.stopped && this.bus.status().state === 'connected') {
      const row = this.queue[0];
      try {
        await this.bus.publish(
          `warning.cap.${row.member}`,
          { identifier: row.identifier, msgType: row.msg_type, sent: row.sent, xml: row.xml },
          { id: row.identifier },
        );
      } catch (err) {
        this.failures++;
        if (this.failures === 1) console.error('warning: CAP not yet on the bus, will retry', err);
        this.retry = setTimeout(() => {
          this.retry = null;
          this.kick();
        }, backoff(this.failures));
        this.retry.unref();
        return;
      }
      this.failures = 0;
      this.queue.shift();
      this.queued.delete(row.identifier);
      try {
        await this.repo.markCapPublished(row.identifier);
      } catch (err) {
        // Published but not marked: after a restart it is published again and dropped as a duplicate.
        console.error('warning: could not mark a CAP message as published', err);
      }
    }
  }
}
