import { AsyncLocalStorage } from 'node:async_hooks';
import { TahalufError } from './errors.js';

/**
 * What the code serving one HTTP request may know of it without taking it as an argument: whether its
 * client is still waiting, and by when its writes must have started. Set by the API (`api/load-shedding.ts`)
 * for each request; absent for the CLI and background work, which have no deadline.
 */
export interface RequestContext {
  /** Aborted when the client closed the connection before its answer was sent. */
  signal: AbortSignal;
  /** Epoch ms after which a write still waiting for the record is refused (503) rather than started. */
  queueDeadline: number;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Why a write of the current request should not start now: its client has gone (nobody would read the
 * answer, and a retry must not find a second act), or it waited past its deadline (answered 503 so the
 * client retries later instead of timing out). Null: go ahead.
 */
export function staleWrite(ctx: RequestContext | undefined, now = Date.now()): TahalufError | null {
  if (!ctx) return null;
  if (ctx.signal.aborted)
    return new TahalufError(503, 'client_gone', 'the client closed the connection: not written');
  if (now > ctx.queueDeadline)
    return new TahalufError(
      503,
      'overloaded',
      'the node is writing more than it can at the moment: retry in a second',
    );
  return null;
}
