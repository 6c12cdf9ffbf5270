import type { FastifyInstance } from 'fastify';
import { PUBLIC_PRINCIPAL } from '../runtime/auth.js';
import { TahalufError, unauthorized } from '../core/errors.js';
import type { TokenStore } from '../runtime/tokens.js';

const WINDOW_MS = 60_000;
/** Addresses tracked at once; beyond it the oldest windows are forgotten (bounded memory). */
const MAX_TRACKED = 50_000;

/**
 * Failed authentications per client address in a fixed one-minute window: past the limit, every request
 * with credentials from that address is answered 429 (with Retry-After) until the window ends, whether
 * the token is good or not, so guessing costs a minute per `limit` tries.
 */
export class AuthFailureLimiter {
  private windows = new Map<string, { start: number; failures: number }>();

  constructor(private readonly limit: number) {}

  /** Seconds to wait when the address is over its limit, else 0. */
  retryAfter(address: string, now = Date.now()): number {
    const w = this.windows.get(address);
    if (!w || now - w.start >= WINDOW_MS || w.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
  }

  fail(address: string, now = Date.now()): void {
    let w = this.windows.get(address);
    if (!w || now - w.start >= WINDOW_MS) {
      this.windows.delete(address);
      if (this.windows.size >= MAX_TRACKED) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      w = { start: now, failures: 0 };
      this.windows.set(address, w);
    }
    w.failures++;
  }
}

/**
 * Resolves `request.principal` from `Authorization: Bearer <token>` or HTTP Basic (`user:token`, for
 * TAXII clients). No header: the public principal. A header with a bad token: 401, never silently public;
 * too many of those from one address: 429.
 */
export function registerAuth(
  app: FastifyInstance,
  tokens: TokenStore,
  failuresPerMinute = 30,
): void {
  const limiter = new AuthFailureLimiter(failuresPerMinute);
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header) {
      (request as { principal: unknown }).principal = PUBLIC_PRINCIPAL;
      return;
    }
    const address = request.socket.remoteAddress ?? 'unknown';
    const wait = limiter.retryAfter(address);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new TahalufError(
        429,
        'too_many_failed_authentications',
        `too many failed authentications from this address: retry in ${wait} s`,
      );
    }
    let token: string | null = null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (bearer) token = bearer[1];
    else if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      token = i >= 0 ? decoded.slice(i + 1) : null;
    }
    const principal = token ? await tokens.resolve(token) : null;
    if (!principal) {
      limiter.fail(address);
      throw unauthorized('the API token is unknown, malformed, expired or revoked');
    }
    (request as { principal: unknown }).principal = principal;
  });
}
