import { messageOf } from '../core/errors.js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
} from '@nats-io/jetstream';
import {
  isValidSubject,
  type BusHandler,
  type BusStatus,
  type MessageBus,
  type SubscribeOptions,
  type Subscription,
} from './message-bus.js';

export interface NatsBusOptions {
  url: string;
  /** Stream name; one stream holds every subject under `prefix.>`. */
  stream?: string;
  /** Subject prefix, so several deployments (or test runs) can share one server. */
  prefix?: string;
  /** Longest wait between two reconnection attempts (default 5 s); the first waits 250 ms. */
  maxReconnectDelayMs?: number;
  /** How long a publish waits for JetStream's acknowledgement (default 5 s). */
  publishTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Message ids a subscription remembers to drop a redelivered or republished message. */
const SEEN_PER_SUBSCRIPTION = 10_000;

/** 250 ms, 500 ms, 1 s, 2 s … up to `max`, with up to 20% random jitter. */
export function backoffDelay(attempt: number, max: number): number {
  const base = Math.min(max, 250 * 2 ** Math.min(attempt, 16));
  return Math.round(base * (1 + Math.random() * 0.2));
}

interface LiveSubscription {
  filter: string;
  pattern: string;
  handler: BusHandler<unknown>;
  durable?: string;
  /** Stream sequence of the last message handled: a re-created consumer starts after it. */
  lastSeq: number;
  messages: ConsumerMessages | null;
  seen: Set<string>;
  closed: boolean;
  loop: Promise<void>;
}

/**
 * The scale adapter: JetStream persists every message; durable consumers resume after a restart.
 *
 * The connection is kept forever: lost, it is retried with backoff (250 ms doubling to 5 s) without a
 * limit, its state reported by `status()` and logged at every change. Every subscription is a loop
 * that re-creates its consumer after a reconnection or any interruption, from the message after the
 * last it handled (durable consumers from their acknowledged position), and drops a message whose id it
 * has already handled (JetStream's own duplicate window is 2 minutes).
 */
export class NatsBus implements MessageBus {
  readonly kind = 'nats' as const;
  private subs = new Set<LiveSubscription>();
  private listeners = new Set<(s: BusStatus) => void>();
  private current: BusStatus = {
    state: 'connected',
    since: new Date().toISOString(),
    reconnects: 0,
    lastError: null,
  };
  private closing = false;
  private connectionLostAt = 0;

  private constructor(
    private nc: NatsConnection,
    private js: JetStreamClient,
    private stream: string,
    private prefix: string,
    private publishTimeoutMs: number,
  ) {}

  static async connect(opts: NatsBusOptions): Promise<NatsBus> {
    const stream = opts.stream ?? 'TAHALUF';
    const prefix = opts.prefix ?? 'tahaluf';
    const maxDelay = opts.maxReconnectDelayMs ?? 5000;
    let attempt = 0;
    const nc = await connect({
      servers: opts.url.replace(/^nats:\/\//, ''),
      name: 'tahaluf',
      // Never give up (the client's default gives up after 10 attempts 2 s apart).
      maxReconnectAttempts: -1,
      reconnectDelayHandler: () => backoffDelay(attempt++, maxDelay),
      // A server that stops answering without closing the socket is noticed within ~30 s.
      pingInterval: 10_000,
      maxPingOut: 3,
    });
    await ensureStream(nc, stream, prefix);
    const bus = new NatsBus(nc, jetstream(nc), stream, prefix, opts.publishTimeoutMs ?? 5000);
    bus.watch(() => (attempt = 0));
    return bus;
  }

  status(): BusStatus {
    return { ...this.current };
  }

  onStatus(fn: (s: BusStatus) => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** Waits `ms`, or less when the bus leaves the reconnecting state meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = this.onStatus((s) => {
        if (s.state !== 'reconnecting') done();
      });
    });
  }

  private setState(state: BusStatus['state'], lastError?: string): void {
    if (lastError !== undefined) this.current.lastError = lastError;
    if (this.current.state === state) return;
    this.current = { ...this.current, state, since: new Date().toISOString() };
    for (const fn of this.listeners) fn(this.status());
  }

  /** Follows the connection's status events: state, logs, and what to redo after a reconnection. */
  private watch(onReconnected: () => void): void {
    void (async () => {
      for await (const s of this.nc.status()) {
        switch (s.type) {
          case 'disconnect':
            if (this.closing) break;
            this.connectionLostAt = Date.now();
            console.warn(`[bus] NATS connection to ${s.server} lost: reconnecting`);
            this.setState('reconnecting');
            break;
          case 'reconnect': {
            onReconnected();
            this.current.reconnects++;
            const secs = ((Date.now() - this.connectionLostAt) / 1000).toFixed(1);
            console.warn(`[bus] NATS reconnected to ${s.server} after ${secs} s`);
            void this.afterReconnect();
            break;
          }
          case 'error':
            this.current.lastError = s.error.message;
            break;
          case 'close':
            this.setState('down');
            if (!this.closing) console.error('[bus] NATS connection closed for good');
            break;
          default:
            break;
        }
      }
    })();
  }

  /** The stream may be gone (a server without its store): recreate it; then consumers, then report. */
  private async afterReconnect(): Promise<void> {
    try {
      await ensureStream(this.nc, this.stream, this.prefix);
    } catch (err) {
      this.current.lastError = messageOf(err);
    }
    // Consumers that lived through the outage may be stale: close them, their loops open new ones.
    for (const sub of this.subs) await sub.messages?.close().catch(() => undefined);
    this.setState('connected');
  }

  async publish<T>(subject: string, data: T, opts?: { id?: string }): Promise<void> {
    if (!isValidSubject(subject)) throw new Error(`invalid subject '${subject}'`);
    if (this.current.state === 'down') throw new Error('bus closed');
    await this.js.publish(`${this.prefix}.${subject}`, JSON.stringify(data), {
      timeout: this.publishTimeoutMs,
      ...(opts?.id ? { msgID: opts.id } : {}),
    });
  }

  async subscribe<T>(
    pattern: string,
    handler: BusHandler<T>,
    opts: SubscribeOptions = {},
  ): Promise<Subscription> {
    const filter = `${this.prefix}.${pattern}`;
    const sub: LiveSubscription = {
      filter,
      pattern,
      handler: handler as BusHandler<unknown>,
      durable: opts.durable,
      lastSeq: 0,
      messages: null,
      seen: new Set(),
      closed: false,
      loop: Promise.resolve(),
    };
    if (opts.durable) await this.ensureDurable(sub, opts.newOnly !== false);
    else if (opts.newOnly !== false) {
      // "New" means after the stream's current end; kept as a position so a re-created consumer
      // neither skips what was published meanwhile nor replays the past.
      const jsm = await this.js.jetstreamManager();
      sub.lastSeq = (await jsm.streams.info(this.stream)).state.last_seq;
    }
    // The first consumer is opened before returning, so a publish right after is delivered.
    const first = await this.openConsumer(sub);
    this.subs.add(sub);
    sub.loop = this.run(sub, first);
    return {
      unsubscribe: async () => {
        sub.closed = true;
        this.subs.delete(sub);
        await sub.messages?.close().catch(() => undefined);
        await sub.loop;
      },
    };
  }

  private async ensureDurable(sub: LiveSubscription, newOnly: boolean): Promise<void> {
    const jsm = await this.js.jetstreamManager();
    // An existing durable keeps its position: re-adding it would try to change its settings.
    const exists = await jsm.consumers.info(this.stream, sub.durable!).then(
      () => true,
      () => false,
    );
    if (!exists)
      await jsm.consumers.add(this.stream, {
        durable_name: sub.durable,
        ack_policy: AckPolicy.Explicit,
        filter_subject: sub.filter,
        deliver_policy: newOnly ? DeliverPolicy.New : DeliverPolicy.All,
      });
  }

  private async openConsumer(sub: LiveSubscription): Promise<ConsumerMessages> {
    let consumer;
    if (sub.durable) {
      await this.ensureDurable(sub, false);
      consumer = await this.js.consumers.get(this.stream, sub.durable);
    } else
      consumer = await this.js.consumers.get(this.stream, {
        filter_subjects: sub.filter,
        ...(sub.lastSeq > 0
          ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: sub.lastSeq + 1 }
          : { deliver_policy: DeliverPolicy.All }),
      });
    // Short pulls: a dead server is noticed by missed heartbeats within seconds.
    const messages = await consumer.consume({ expires: 5000 });
    sub.messages = messages;
    return messages;
  }

  /** Delivers from `first`, then from a new consumer after every interruption, until unsubscribed. */
  private async run(sub: LiveSubscription, first: ConsumerMessages): Promise<void> {
    const strip = this.prefix.length + 1;
    let messages: ConsumerMessages | null = first;
    for (let failures = 0; !sub.closed && !this.closing;) {
      try {
        messages ??= await this.openConsumer(sub);
        if (sub.closed) await messages.close();
        for await (const m of messages) {
          failures = 0;
          const id = m.headers?.get('Nats-Msg-Id') || undefined;
          if (id && sub.seen.has(id)) {
            m.ack();
            continue;
          }
          try {
            await sub.handler({ subject: m.subject.slice(strip), data: m.json(), id });
          } catch (err) {
            console.error(`[bus] handler for ${sub.pattern} failed:`, err);
          }
          m.ack();
          sub.lastSeq = m.seq;
          if (id) {
            sub.seen.add(id);
            if (sub.seen.size > SEEN_PER_SUBSCRIPTION)
              sub.seen.delete(sub.seen.values().next().value!);
          }
        }
      } catch (err) {
        if (!sub.closed && !this.closing) {
          this.current.lastError = messageOf(err);
          failures++;
        }
      }
      messages = null;
      if (sub.closed || this.closing) break;
      // Back off, but retry at once when the connection comes back.
      await this.pause(backoffDelay(failures, 5000));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const sub of this.subs) {
      sub.closed = true;
      await sub.messages?.close().catch(() => undefined);
    }
    this.subs.clear();
    // Draining needs the server; a bus that lost it closes at once.
    if (this.current.state === 'connected')
      await Promise.race([this.nc.drain().catch(() => undefined), sleep(5000)]);
    await this.nc.close().catch(() => undefined);
    this.setState('down');
  }
}

async function ensureStream(nc: NatsConnection, stream: string, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({
      name: stream,
      subjects: [`${prefix}.>`],
      max_age: 7 * 24 * 3600 * 1e9,
      duplicate_window: 120 * 1e9,
    });
  }
}
