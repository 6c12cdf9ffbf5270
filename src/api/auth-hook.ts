import type { FastifyInstance } from 'fastify';
import { ENDED_SESSION_PRINCIPAL, PUBLIC_PRINCIPAL } from '../runtime/auth.js';
import { TahalufError, unauthorized } from '../core/errors.js';
import type { Config } from '../core/config.js';
import type { TokenKind, TokenStore } from '../runtime/tokens.js';
import {
  clearCookie,
  CSRF_HEADER,
  csrfMatches,
  readCookie,
  sameOriginWrite,
  UNSAFE,
} from './session-cookie.js';

/** The console session a request came with (cookie), or null (bearer token, or nobody). */
export interface CookieSession {
  token: string;
  id: string;
  kind: TokenKind;
  source: string | null;
  expiresAt: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the principal came from the console's session cookie. */
    cookieSession: CookieSession | null;
  }
}

/** Answer header telling the console its session cookie was refused (expired, revoked): it shows the public view. */
export const SESSION_ENDED_HEADER = 'x-tahaluf-session';

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
 * TAXII clients), else from the console's session cookie. No credential: the public principal. A header
 * with a bad token: 401, never silently public; too many of those from one address: 429. A session cookie
 * that no longer resolves (expired, revoked, signed out elsewhere) is cleared and the request is public
 * (a write is answered 401), with `x-tahaluf-session: ended` so the console says so.
 *
 * A cookie-authenticated write (POST, PUT, PATCH, DELETE) must come from a page of this node: Origin equal
 * to the public URL's, and the session's CSRF token in `x-tahaluf-csrf`; otherwise 403 before its body is
 * read. Writes that sign in (under /api/auth/) must be same-origin too (no login CSRF).
 */
export function registerAuth(
  app: FastifyInstance,
  tokens: TokenStore,
  config: Config,
  failuresPerMinute = 30,
): void {
  const limiter = new AuthFailureLimiter(failuresPerMinute);
  // Declared on FastifyRequest (runtime/auth.ts) as always set: the hook below sets it before any
  // handler runs. Fastify takes no object as a request decoration, so the slot starts empty.
  app.decorateRequest('principal', null, []);
  app.decorateRequest('cookieSession', null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    const path = request.url.split('?')[0];
    if (UNSAFE.has(request.method) && path.startsWith('/api/auth/') && !header) {
      const cross = sameOriginWrite(request, config);
      if (cross) throw csrfRefused(cross);
    }
    if (!header) {
      request.principal = PUBLIC_PRINCIPAL;
      const cookie = readCookie(request, config, 'session');
      if (!cookie) return;
      const address = request.socket.remoteAddress ?? 'unknown';
      const wait = limiter.retryAfter(address);
      if (wait > 0) {
        void reply.header('retry-after', String(wait));
        throw tooMany(wait);
      }
      const session = await tokens.resolveSession(cookie);
      if (!session) {
        // Sent before this browser signed in again (another member): its answer neither clears the
        // cookie (by now the new session's) nor tells the console that its session ended.
        const replaced = tokens.wasReplaced(cookie);
        if (!replaced) {
          limiter.fail(address);
          clearCookie(reply, config, 'session');
          void reply.header(SESSION_ENDED_HEADER, 'ended');
        }
        // A read goes on as the public; one that needs a sign-in then says the session ended.
        request.principal = ENDED_SESSION_PRINCIPAL;
        if (UNSAFE.has(request.method) && !path.startsWith('/api/auth/'))
          throw unauthorized(
            'your console session has ended (expired, revoked or signed out)',
          ).withDetail({}, 'session_ended');
        return;
      }
      if (UNSAFE.has(request.method)) {
        const cross = sameOriginWrite(request, config);
        if (cross) throw csrfRefused(cross);
        const given = request.headers[CSRF_HEADER];
        if (!csrfMatches(cookie, typeof given === 'string' ? given : undefined))
          throw csrfRefused(`no valid ${CSRF_HEADER} header`);
      }
      request.principal = session.principal;
      request.cookieSession = {
        token: cookie,
        id: session.principal.tokenId ?? '',
        kind: session.kind,
        source: session.source,
        expiresAt: session.expiresAt,
      };
      return;
    }
    const address = request.socket.remoteAddress ?? 'unknown';
    const wait = limiter.retryAfter(address);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw tooMany(wait);
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
      throw unauthorized('the API token is unknown, malformed, expired or revoked').withDetail(
        {},
        'token_invalid',
      );
    }
    request.principal = principal;
  });
}

const tooMany = (wait: number) =>
  new TahalufError(
    429,
    'too_many_failed_authentications',
    `too many failed authentications from this address: retry in ${wait} s`,
  ).withDetail({ seconds: wait });

const csrfRefused = (why: string): TahalufError =>
  new TahalufError(
    403,
    'csrf_refused',
    `cross-site request refused: ${why}. Console writes must come from this node's own pages`,
  );
