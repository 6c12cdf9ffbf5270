import type { FastifyInstance } from 'fastify';
import { TahalufError } from '../core/errors.js';
import { requestContext, type RequestContext } from '../core/request-context.js';
import { AdaptiveLimit } from './adaptive-limit.js';

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
 * /api/health and event streams are never shed (and carry no deadline).
 */
export function registerLoadShedding(
  app: FastifyInstance,
  maxInFlight: number,
  maxQueueMs = 2000,
  targetLatencyMs = 500,
): AdaptiveLimit {
  const limit = new AdaptiveLimit({
    min: Math.min(4, maxInFlight),
    max: maxInFlight,
    // Slow start from an eighth of the maximum (32 of 256): a quiet node reaches 256 in three rounds.
    initial: Math.max(Math.min(4, maxInFlight), Math.ceil(maxInFlight / 8)),
    targetMs: targetLatencyMs,
  });
  const contexts = new WeakMap<object, RequestContext>();
  app.addHook('onRequest', (request, reply, done) => {
    // Health, and long-lived event streams (they would hold a slot for hours). Only a GET can be a
    // stream: a write asking for text/event-stream is shed like any other (it bypassed the limit before).
    if (
      request.url === '/api/health' ||
      (request.method === 'GET' && request.headers.accept?.includes('text/event-stream'))
    )
      return done();
    const startedAt = Date.now();
    if (!limit.tryAcquire(startedAt)) {
      void reply.header('retry-after', '1');
      return done(
        new TahalufError(
          503,
          'overloaded',
          `the node is handling ${limit.inFlight} requests: retry in a second`,
        ),
      );
    }
    const aborted = new AbortController();
    let released = false;
    reply.raw.once('close', () => {
      if (!released) limit.release(startedAt, Date.now());
      released = true;
      if (!reply.raw.writableFinished) aborted.abort();
    });
    const context = { signal: aborted.signal, queueDeadline: Date.now() + maxQueueMs };
    contexts.set(request, context);
    requestContext.run(context, done);
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
