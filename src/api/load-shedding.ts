import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TahalufError } from '../core/errors.js';
import { requestContext, type RequestContext } from '../core/request-context.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { TurnQueue } from './turn-queue.js';

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
 *   `min(maxQueueMs, 2 × targetLatencyMs)` for its turn is answered 503 + Retry-After at its turn (cheaply:
 *   answering it at once instead made clients that retry at once flood the loop with 503s, measured).
 *   `requestsPerTurn` 0 turns this off.
 *
 * /api/health and event streams are never shed (and carry no deadline).
 */
export function registerLoadShedding(
  app: FastifyInstance,
  maxInFlight: number,
  maxQueueMs = 2000,
  targetLatencyMs = 500,
  requestsPerTurn = 0,
): AdaptiveLimit {
  const limit = new AdaptiveLimit({
    min: Math.min(4, maxInFlight),
    max: maxInFlight,
    // Slow start from an eighth of the maximum (32 of 256): a quiet node reaches 256 in three rounds.
    initial: Math.max(Math.min(4, maxInFlight), Math.ceil(maxInFlight / 8)),
    targetMs: targetLatencyMs,
  });
  const contexts = new WeakMap<object, RequestContext>();
  const maxTurnWaitMs = Math.min(maxQueueMs, 2 * targetLatencyMs);
  const turns =
    requestsPerTurn > 0
      ? new TurnQueue({
          perTurn: requestsPerTurn,
          maxWaiting: maxInFlight * 16,
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
    if (!limit.tryAcquire(startedAt))
      return done(overloaded(reply, `the node is handling ${limit.inFlight} requests`));
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
    const entered = turns.enter(() => {
      if (Date.now() - arrivedAt > maxTurnWaitMs || request.raw.socket.destroyed)
        return done(overloaded(reply, `the node has ${turns.length} requests waiting`));
      admit(request, reply, done, arrivedAt);
    });
    if (!entered) done(overloaded(reply, `the node has ${turns.length} requests waiting`));
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
  return limit;
}
