import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { TahalufError } from '../core/errors.js';

export interface RateLimits {
  /** Reads (GET, HEAD, OPTIONS) per principal per window; 0: unlimited. */
  readsPerWindow: number;
  /** Writes (every other method) per principal per window; 0: unlimited. */
  writesPerWindow: number;
  windowMs: number;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Never limited: the health probe (load balancers poll it). */
const EXEMPT = new Set(['/api/health']);

/**
 * The budget a request counts against: the authenticated principal (a member's users share their member's
 * budget; a secretariat user has its own per token), else the client address. Reads and writes are counted
 * apart, so a member that spends its write budget can still read, and one member's budget never touches
 * another's.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const p = request.principal;
  const who =
    p && p.role === 'member' && p.member
      ? `member:${p.member}`
      : p && p.role !== 'public' && p.tokenId
        ? `token:${p.tokenId}`
        : `ip:${request.ip}`;
  return `${who}|${READ_METHODS.has(request.method) ? 'read' : 'write'}`;
}

/**
 * Per-principal rate limits (#16) with @fastify/rate-limit: a fixed window per key (`rateLimitKey`), 429
 * with `Retry-After` and the draft IETF `RateLimit-Limit/-Remaining/-Reset` headers on every answer. It
 * runs at preParsing, after authentication (onRequest) has set `request.principal` and before a body is
 * parsed. Counters live in this process (an LRU of `cache` keys): nodes sharing one database each count
 * their own. Load shedding (503) and the failed-authentication limit (429) run before it.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  const budget = (key: string): number =>
    key.endsWith('|read') ? limits.readsPerWindow : limits.writesPerWindow;
  await app.register(rateLimit, {
    global: true,
    hook: 'preParsing',
    timeWindow: limits.windowMs,
    cache: 50_000,
    enableDraftSpec: true,
    keyGenerator: rateLimitKey,
    max: (_request, key) => budget(key),
    allowList: (request, key) => EXEMPT.has(request.url) || budget(key) === 0,
    errorResponseBuilder: (request, ctx) =>
      new TahalufError(
        429,
        'rate_limited',
        `${READ_METHODS.has(request.method) ? 'read' : 'write'} budget of ${ctx.max} requests per ${limits.windowMs / 1000} s spent: retry in ${ctx.after}`,
      ).withDetail({
        budget: READ_METHODS.has(request.method) ? 'read' : 'write',
        max: ctx.max,
        seconds: limits.windowMs / 1000,
        retrySeconds: Math.ceil(ctx.ttl / 1000),
      }),
  });
}
