import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../core/config.js';

/**
 * Console sessions travel in cookies, never in script-readable storage: the session token (a row of
 * `api_tokens` of kind 'session' or 'demo', so expiry and revocation are those of tokens) in an HttpOnly,
 * SameSite=Strict cookie, `Secure` and `__Host-` prefixed when the node is reached over HTTPS or runs in
 * production. The sign-in round trip to an identity provider keeps its state in a SameSite=Lax cookie
 * (the provider's redirect back is a cross-site navigation, which Strict cookies do not follow).
 */
export interface CookieNames {
  session: string;
  /** The secretariat session kept while a secretariat user acts as a member state. */
  operator: string;
  /** The `state` of an OpenID Connect sign-in or RP-initiated sign-out under way. */
  oidc: string;
}

export const cookieNames = (config: Config): CookieNames =>
  config.secureCookies
    ? {
        session: '__Host-tahaluf_session',
        operator: '__Host-tahaluf_operator',
        // Not __Host-: that prefix demands Path=/, and this cookie is scoped to OIDC_COOKIE_PATH.
        oidc: '__Secure-tahaluf_oidc',
      }
    : { session: 'tahaluf_session', operator: 'tahaluf_operator', oidc: 'tahaluf_oidc' };

/** The header a cookie-authenticated write must carry, with the session's CSRF token. */
export const CSRF_HEADER = 'x-tahaluf-csrf';

/** Unsafe methods: a cookie-authenticated one needs the CSRF token and a same-origin Origin. */
export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The CSRF token of a session: an HMAC of a fixed label keyed by the session token's secret. Only a
 * holder of the cookie (the server, or the page it answered `GET /api/auth/session` to) knows it; a page of
 * another origin can neither read the cookie nor that answer.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('tahaluf-csrf-v1').digest('base64url');
}

export function csrfMatches(sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const want = Buffer.from(csrfTokenFor(sessionToken));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

export function setSessionCookie(
  reply: FastifyReply,
  config: Config,
  name: 'session' | 'operator',
  token: string,
  expiresAt: string,
): void {
  const maxAge = Math.max(1, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  void reply.setCookie(cookieNames(config)[name], token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    maxAge,
  });
}

/** The path of the OpenID Connect round-trip cookie (sign-in and sign-out at the provider). */
export const OIDC_COOKIE_PATH = '/api/auth/oidc';

export function clearCookie(reply: FastifyReply, config: Config, name: keyof CookieNames): void {
  void reply.clearCookie(cookieNames(config)[name], {
    path: name === 'oidc' ? OIDC_COOKIE_PATH : '/',
    httpOnly: true,
    sameSite: name === 'oidc' ? 'lax' : 'strict',
    secure: config.secureCookies,
  });
}

export function readCookie(
  request: FastifyRequest,
  config: Config,
  name: keyof CookieNames,
): string | undefined {
  const value = request.cookies[cookieNames(config)[name]];
  return value ? value : undefined;
}

/**
 * Whether a write comes from a page of this node: its Origin (browsers send one on every cross-origin and
 * every POST request) must be the configured public URL's; with no Origin, a Sec-Fetch-Site other than
 * same-origin or none is refused too.
 */
export function sameOriginWrite(request: FastifyRequest, config: Config): string | null {
  const publicOrigin = new URL(config.publicUrl).origin;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== publicOrigin)
    return `Origin ${origin} is not this node's (${publicOrigin})`;
  const site = request.headers['sec-fetch-site'];
  if (origin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none')
    return `a ${String(site)} request`;
  return null;
}
