import {
  isValidSubject,
  type BusStatus,
  subjectMatches,
  type BusHandler,
  type MessageBus,
  type Subscription,
} from './message-bus.js';

/** The embedded default: synchronous fan-out inside one process, handlers run on the microtask queue. */
export class InProcessBus implements MessageBus {
  readonly kind = 'in-process' as const;
  private subs = new Set<{ pattern: string; handler: BusHandler<unknown> }>();
  private closed = false;
  private seen = new Set<string>();
  private since = new Date().toISOString();

  status(): BusStatus {
    return {
      state: this.closed ? 'down' : 'connected',
      since: this.since,
      reconnects: 0,
      lastError: null,
    };
  }

  /** The in-process bus never changes state but by closing. */
  onStatus(): () => void {
    return () => undefined;
  }

  async publish<T>(subject: string, data: T, opts?: { id?: string }): Promise<void> {
    if (this.closed) throw new Error('bus closed');
    if (!isValidSubject(subject)) throw new Error(`invalid subject '${subject}'`);
    if (opts?.id) {
      if (this.seen.has(opts.id)) return;
      this.seen.add(opts.id);
      if (this.seen.size > 100_000) this.seen.clear();
    }
    const msg = { subject, data, id: opts?.id };
    const pending: Promise<void>[] = [];
    for (const sub of this.subs) {
      if (!subjectMatches(sub.pattern, subject)) continue;
      pending.push(
        Promise.resolve()
          .then(() => sub.handler(msg))
          .catch((err) => console.error(`[bus] handler for ${sub.pattern} failed:`, err)),
      );
    }
    await Promise.all(pending);
  }

  async subscribe<T>(pattern: string, handler: BusHandler<T>): Promise<Subscription> {
    const sub = { pattern, handler: handler as BusHandler<unknown> };
    this.subs.add(sub);
    return { unsubscribe: async () => void this.subs.delete(sub) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.since = new Date().toISOString();
    this.subs.clear();
  }
}
