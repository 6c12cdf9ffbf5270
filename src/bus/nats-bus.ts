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
}

/** The scale adapter: JetStream persists every message; durable consumers resume after a restart. */
export class NatsBus implements MessageBus {
  readonly kind = 'nats' as const;
  private consumers = new Set<ConsumerMessages>();

  private constructor(
    private nc: NatsConnection,
    private js: JetStreamClient,
    private stream: string,
    private prefix: string,
  ) {}

  static async connect(opts: NatsBusOptions): Promise<NatsBus> {
    const stream = opts.stream ?? 'TAHALUF';
    const prefix = opts.prefix ?? 'tahaluf';
    const nc = await connect({ servers: opts.url.replace(/^nats:\/\//, ''), name: 'tahaluf' });
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
    return new NatsBus(nc, jetstream(nc), stream, prefix);
  }

  async publish<T>(subject: string, data: T, opts?: { id?: string }): Promise<void> {
    if (!isValidSubject(subject)) throw new Error(`invalid subject '${subject}'`);
    await this.js.publish(
      `${this.prefix}.${subject}`,
      JSON.stringify(data),
      opts?.id ? { msgID: opts.id } : undefined,
    );
  }

  async subscribe<T>(
    pattern: string,
    handler: BusHandler<T>,
    opts: SubscribeOptions = {},
  ): Promise<Subscription> {
    const filter = `${this.prefix}.${pattern}`;
    let consumer;
    if (opts.durable) {
      const jsm = await this.js.jetstreamManager();
      // An existing durable keeps its position: re-adding it would try to change its settings.
      const exists = await jsm.consumers.info(this.stream, opts.durable).then(
        () => true,
        () => false,
      );
      if (!exists)
        await jsm.consumers.add(this.stream, {
          durable_name: opts.durable,
          ack_policy: AckPolicy.Explicit,
          filter_subject: filter,
          deliver_policy: opts.newOnly === false ? DeliverPolicy.All : DeliverPolicy.New,
        });
      consumer = await this.js.consumers.get(this.stream, opts.durable);
    } else {
      consumer = await this.js.consumers.get(this.stream, {
        filter_subjects: filter,
        deliver_policy: opts.newOnly === false ? DeliverPolicy.All : DeliverPolicy.New,
      });
    }
    const messages = await consumer.consume();
    this.consumers.add(messages);
    const strip = this.prefix.length + 1;
    void (async () => {
      for await (const m of messages) {
        try {
          await handler({
            subject: m.subject.slice(strip),
            data: m.json<T>(),
            id: m.headers?.get('Nats-Msg-Id') || undefined,
          });
        } catch (err) {
          console.error(`[bus] handler for ${pattern} failed:`, err);
        }
        m.ack();
      }
    })();
    return {
      unsubscribe: async () => {
        this.consumers.delete(messages);
        await messages.close();
      },
    };
  }

  async close(): Promise<void> {
    for (const c of this.consumers) await c.close().catch(() => undefined);
    this.consumers.clear();
    await this.nc.drain();
  }
}
