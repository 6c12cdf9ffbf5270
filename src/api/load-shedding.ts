import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TahalufError } from '../core/errors.js';
import { requestContext, type RequestContext } from '../core/request-context.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { TurnQueue } from './turn-queue.js';
import { monitorLoopDelay, type EventLoopDelaySource } from './event-loop-delay.js';

/**
 * Load shedding (#16.6), in two places:
 *
 * - At the door: at most `limit` requests are being handled at once; one more is answered 503 with
 *   Retry-After at once, before it is authenticated, parsed or queued for the database. The limit adapts
 *   to how fast the node answers (`adaptive-limit.ts`: AIMD on latency against `targetLatencyMs`,
 *   between a few requests and `maxInFlight`), so on a busy machine fewer requests are admitted and
 *   each is answered in time, instead of all of them waiting until their clients give up.
 * - At the record: each request carries a context (`core/request-context.ts`) with an abort signal (its
 *   client closed the connection) and a deadline (`maxQueueMs` after it arrived). A write still waiting
 *   for the record's group commit when its client has gone, or past its deadline, is not started and
 *   the request is answered 503 + Retry-After, so a burst cannot build a queue that keeps committing long
 *   after its clients gave up, and a client is told to retry instead of timing out.
 *
 * - Before both, in turns: at most `requestsPerTurn` requests start per turn of the event loop, the others
 *   wait their turn in arrival order (`turn-queue.ts`), so that a turn stays short and the node keeps
 *   accepting connections under load (libuv accepts one per turn); a request that waited longer than
 *   `maxTurnWaitMs` (default `min(maxQueueMs, 1.5 × targetLatencyMs)`, 750 ms) for its turn is answered
 *   503 + Retry-After at its turn (cheaply, without taking one of the turn's slots, at most
 *   `requestsPerTurn` such answers per turn: answering at once instead made clients that retry at once
 *   flood the loop with 503s, measured). The 503 counts in the client's latency: at 1,000 connections
 *   with a wait of 1 s, the 1 % answered 503 were the p99 (1,018 ms). `requestsPerTurn` 0 turns this off.
 * - The event loop's delay (`event-loop-delay.ts`): a request that arrives while the loop is busy waits
 *   in its socket, unseen. While the loop's delay is above `maxEventLoopDelayMs` (0: off), nobody is
 *   started: requests are answered 503 + Retry-After at their turn, paced like the others, so the node
 *   drains what it holds before taking more. Health reports the delay and what was shed.
 *
 * /api/health and event streams are never shed (and carry no deadline).
 */
export interface LoadSheddingOptions {
  /** TAHALUF_MAX_IN_FLIGHT: the adaptive in-flight limit's maximum. */
  maxInFlight: number;
  /** TAHALUF_MAX_QUEUE_MS: a write not started this long after its request arrived is answered 503. */
  maxQueueMs?: number;
  /** TAHALUF_TARGET_LATENCY_MS: the in-flight limit adapts to answer within it. */
  targetLatencyMs?: number;
  /** TAHALUF_REQUESTS_PER_TURN: requests started per turn of the event loop (0: no turns). */
  requestsPerTurn?: number;
  /** TAHALUF_MAX_TURN_WAIT_MS: a request waiting longer for its turn is answered 503 at its turn. */
  maxTurnWaitMs?: number;
  /**
   * TAHALUF_MAX_EVENT_LOOP_DELAY_MS (0: off): while the event loop's delay is above it, requests are
   * answered 503 at their turn instead of being started.
   */
  maxEventLoopDelayMs?: number;
  /** The loop's delay (default: measured with perf_hooks, stopped with the app); tests give a fake. */
  eventLoopDelay?: EventLoopDelaySource;
}

/** What /api/health shows of load shedding. */
export interface LoadSheddingStatus {
  inFlight: number;
  inFlightLimit: number;
  waitingForTurn: number;
  /** 503s since start: at the door (in-flight limit or turn queue full), at the turn (waited too long or
   * event loop late). */
  shed: { atDoor: number; waitedTooLong: number; eventLoopLate: number };
  /** The loop's recent delay in ms, and whether it is above TAHALUF_MAX_EVENT_LOOP_DELAY_MS now. */
  eventLoopDelayMs: number;
  eventLoopLate: boolean;
}

export function registerLoadShedding(
  app: FastifyInstance,
  options: LoadSheddingOptions,
): () => LoadSheddingStatus {
  const {
    maxInFlight,
    maxQueueMs = 2000,
    targetLatencyMs = 500,
    requestsPerTurn = 0,
    maxEventLoopDelayMs = 0,
  } = options;
  const maxTurnWaitMs =
    options.maxTurnWaitMs ?? Math.min(maxQueueMs, Math.round(1.5 * targetLatencyMs));
  const limit = new AdaptiveLimit({
    min: Math.min(4, maxInFlight),
    max: maxInFlight,
    // Slow start from an eighth of the maximum (32 of 256): a quiet node reaches 256 in three rounds.
    initial: Math.max(Math.min(4, maxInFlight), Math.ceil(maxInFlight / 8)),
    targetMs: targetLatencyMs,
  });
  // Measured always (health shows it; a 10 ms timer), acted on when maxEventLoopDelayMs > 0.
  const delay = options.eventLoopDelay ?? monitorLoopDelay();
  if (!options.eventLoopDelay) app.addHook('onClose', async () => delay.stop());
  const loopLate = () => maxEventLoopDelayMs > 0 && delay.delayMs() > maxEventLoopDelayMs;
  const shed = { atDoor: 0, waitedTooLong: 0, eventLoopLate: 0 };
  const contexts = new WeakMap<object, RequestContext>();
  const turns =
    requestsPerTurn > 0
      ? new TurnQueue({
          perTurn: requestsPerTurn,
          maxWaiting: maxInFlight * 16,
          // While the loop is late, nobody waiting is started: all are answered 503 at their turn.
          maxWaitMs: () => (loopLate() ? -1 : maxTurnWaitMs),
        })
      : null;
  const overloaded = (reply: FastifyReply, why: string) => {
    void reply.header('retry-after', '1');
    return new TahalufError(503, 'overloaded', `${why}: retry in a second`);
  };
  const admit = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: (error?: Error) => void,
    arrivedAt = Date.now(),
  ): void => {
    const startedAt = Date.now();
    if (!limit.tryAcquire(startedAt)) {
      shed.atDoor++;
      return done(overloaded(reply, `the node is handling ${limit.inFlight} requests`));
    }
    const aborted = new AbortController();
    let released = false;
    reply.raw.once('close', () => {
      if (!released) limit.release(startedAt, Date.now());
      released = true;
      if (!reply.raw.writableFinished) aborted.abort();
    });
    const context = { signal: aborted.signal, queueDeadline: arrivedAt + maxQueueMs };
    contexts.set(request, context);
    requestContext.run(context, done);
  };
  app.addHook('onRequest', (request, reply, done) => {
    // Health, and long-lived event streams (they would hold a slot for hours). Only a GET can be a
    // stream: a write asking for text/event-stream is shed like any other (it bypassed the limit before).
    if (
      request.url === '/api/health' ||
      (request.method === 'GET' && request.headers.accept?.includes('text/event-stream'))
    )
      return done();
    if (!turns) return admit(request, reply, done);
    const arrivedAt = Date.now();
    const refuse = () => {
      if (loopLate()) shed.eventLoopLate++;
      else shed.waitedTooLong++;
      done(overloaded(reply, `the node has ${turns.length} requests waiting`));
    };
    const entered = turns.enter(() => {
      // A client gone is not served. Started at once (nobody waiting): still refused while the loop is late.
      if (request.raw.socket.destroyed)
        return done(overloaded(reply, `the node has ${turns.length} requests waiting`));
      if (loopLate()) return refuse();
      admit(request, reply, done, arrivedAt);
    }, refuse);
    if (!entered) {
      shed.atDoor++;
      done(overloaded(reply, `the node has ${turns.length} requests waiting`));
    }
  });
  // Entered again before the handler: body parsing runs in the socket's callbacks, outside the context.
  app.addHook('preHandler', (request, _reply, done) => {
    const context = contexts.get(request);
    if (context) requestContext.run(context, done);
    else done();
  });
  // A 503 from further in (the record refusing a stale write) tells the client when to retry, too.
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after'))
      void reply.header('retry-after', '1');
  });
  return () => {
    const delayMs = Math.round(delay.delayMs());
    return {
      inFlight: limit.inFlight,
      inFlightLimit: limit.limit,
      waitingForTurn: turns?.length ?? 0,
      shed: { ...shed },
      eventLoopDelayMs: delayMs,
      eventLoopLate: loopLate(),
    };
  };
}
