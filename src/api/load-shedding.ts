import type { FastifyInstance } from 'fastify';
import { TahalufError } from '../core/errors.js';

/**
 * Load shedding (#16.6): at most `maxInFlight` requests are being handled at once; one more is answered
 * 503 with Retry-After at once, before it is authenticated, parsed or queued for the database, so a burst
 * cannot build a queue that keeps committing long after its clients gave up. /api/health and event
 * streams are never shed.
 */
export function registerLoadShedding(app: FastifyInstance, maxInFlight: number): void {
  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    // Health, and long-lived event streams (they would hold a slot for hours).
    if (request.url === '/api/health' || request.headers.accept?.includes('text/event-stream'))
      return;
    if (inFlight >= maxInFlight) {
      void reply.header('retry-after', '1');
      throw new TahalufError(
        503,
        'overloaded',
        `the node is handling ${inFlight} requests: retry in a second`,
      );
    }
    inFlight++;
    let released = false;
    reply.raw.once('close', () => {
      if (!released) inFlight--;
      released = true;
    });
  });
}
