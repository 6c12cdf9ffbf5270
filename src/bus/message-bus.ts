/**
 * Publish/subscribe between modules and nodes. Subjects are dot-separated (`record.council.vote`,
 * `warning.cap.QAT`); subscriptions take NATS-style wildcards: `*` one token, `>` the rest.
 * Delivery is at-least-once on JetStream and exactly-once in process; handlers must be idempotent.
 */
export interface BusMessage<T = unknown> {
  subject: string;
  data: T;
  /** Publisher-supplied id used to drop duplicates (JetStream's Nats-Msg-Id). */
  id?: string;
}

export type BusHandler<T = unknown> = (msg: BusMessage<T>) => void | Promise<void>;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface SubscribeOptions {
  /** Durable consumer name: a restarted subscriber resumes where it stopped (JetStream only). */
  durable?: string;
  /** Deliver only messages published after the subscription started (default true). */
  newOnly?: boolean;
}

/**
 * The bus's connection as seen by this process: `connected`; `reconnecting` (the server was lost and
 * the client retries, forever, with backoff); `down` (closed: no more publishing or delivery).
 */
export type BusState = 'connected' | 'reconnecting' | 'down';

export interface BusStatus {
  state: BusState;
  /** When the bus entered this state (ISO 8601). */
  since: string;
  /** Reconnections since the bus was opened. */
  reconnects: number;
  /** The last connection error seen, if any. */
  lastError: string | null;
}

export interface MessageBus {
  readonly kind: 'in-process' | 'nats';
  /** The connection's state now. */
  status(): BusStatus;
  /** Calls `fn` on every change of state; returns a function that stops calling it. */
  onStatus(fn: (s: BusStatus) => void): () => void;
  publish<T>(subject: string, data: T, opts?: { id?: string }): Promise<void>;
  subscribe<T>(
    pattern: string,
    handler: BusHandler<T>,
    opts?: SubscribeOptions,
  ): Promise<Subscription>;
  close(): Promise<void>;
}

const SUBJECT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const isValidSubject = (s: string): boolean => SUBJECT.test(s);

/** NATS wildcard match: `a.*.c` matches `a.b.c`; `a.>` matches `a.b` and `a.b.c`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/**
 * An event that crosses modules on the bus, with a typed payload: the subjects it is published on (a
 * NATS pattern) and a check of its data run on publish and on delivery. Modules publish and subscribe
 * through `publishEvent`/`subscribeEvent` with an event of the catalogue (the record's acts, typed by
 * the act catalogue: src/record/events.ts), so a payload's type is written
 * once, the compiler checks both ends, and a message that does not fit is refused on publish and
 * dropped (and logged) on delivery instead of reaching a handler as something it is not.
 */
export interface BusEvent<T> {
  /** The subjects this event travels on, e.g. `record.forces.exercise.*`. */
  readonly pattern: string;
  /** True when `data` is this event's payload. */
  is(data: unknown): data is T;
}

/** Publishes `data` as `event` on `subject` (which must match the event's pattern); refuses data that does not fit. */
export async function publishEvent<T>(
  bus: MessageBus,
  event: BusEvent<T>,
  subject: string,
  data: T,
  opts?: { id?: string },
): Promise<void> {
  if (!subjectMatches(event.pattern, subject))
    throw new Error(`subject ${subject} is not one of ${event.pattern}`);
  if (!event.is(data)) throw new Error(`the data published on ${subject} does not fit its event`);
  await bus.publish(subject, data, opts);
}

/** Subscribes to `event` (narrowed by `pattern`, which must lie within it); messages that do not fit are dropped. */
export function subscribeEvent<T>(
  bus: MessageBus,
  event: BusEvent<T>,
  handler: BusHandler<T>,
  opts?: SubscribeOptions & { pattern?: string },
): Promise<Subscription> {
  const { pattern = event.pattern, ...subscribeOptions } = opts ?? {};
  return bus.subscribe<unknown>(
    pattern,
    (msg) => {
      const { data } = msg;
      if (!subjectMatches(event.pattern, msg.subject) || !event.is(data)) {
        console.error(`bus: a message on ${msg.subject} does not fit ${event.pattern}; dropped`);
        return;
      }
      return handler({ ...msg, data });
    },
    subscribeOptions,
  );
}
