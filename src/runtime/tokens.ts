import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { randomToken, sha256Hex } from '../core/crypto.js';
import { badInput, forbidden } from '../core/errors.js';
import { isIso3, newId } from '../core/ids.js';
import type { Clock } from '../core/clock.js';
import type { Migrations } from '../store/database.js';
import { CLASSIFICATIONS, type Classification, type Principal } from './auth.js';

/**
 * What a token is for. 'api': issued by an administrator (CLI or `POST /api/tokens`). 'session': a console
 * session (sign-in link, a secretariat acting as a member). 'demo': the console's demo login (refused by a
 * node started without TAHALUF_DEMO_LOGIN=1). 'signin': a one-time sign-in code, never a bearer token.
 */
export type TokenKind = 'api' | 'session' | 'demo' | 'signin';
const TOKEN_KINDS: readonly TokenKind[] = ['api', 'session', 'demo', 'signin'];

export type TokenTables = {
  api_tokens: {
    id: string;
    user_name: string;
    member: string | null;
    role: NewToken['role'];
    clearance: Classification;
    secret_hash: string;
    created_at: string;
    revoked_at: string | null;
    expires_at: string | null;
    kind: TokenKind;
    /** How a console session began: 'oidc:<provider id>', 'demo', 'link', 'token', 'act-as'; null for API tokens. */
    source: string | null;
  };
};

export const tokenMigrations: Migrations = {
  '0060_tokens_init': {
    async up(db) {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('member', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('clearance', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
  '0061_tokens_expiry_kind': {
    async up(db) {
      // Tokens issued before expiry existed keep working until revoked (expires_at null).
      await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
      await db.schema
        .alterTable('api_tokens')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('api'))
        .execute();
    },
  },
  '0062_tokens_session_source': {
    async up(db) {
      await db.schema.alterTable('api_tokens').addColumn('source', 'text').execute();
    },
  },
};

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
/** How long a resolved token is trusted without asking the database again: bounds revocation delay. */
export const TOKEN_CACHE_TTL_MS = 1000;
/**
 * How long a console session replaced by another sign-in in the same browser is remembered as replaced
 * (see TokenStore.replace): long enough for every answer to a request sent before the switch.
 */
export const REPLACED_SESSION_MEMORY_MS = 10 * 60_000;
/** Replaced sessions remembered at once; beyond it the oldest are forgotten (bounded memory). */
const MAX_REPLACED = 10_000;

export interface NewToken {
  user: string;
  member: string | null;
  role: 'member' | 'secretariat';
  clearance?: Classification;
  kind?: TokenKind;
  /** Lifetime in milliseconds (default: the store's default, 90 days unless configured). */
  ttlMs?: number;
  /** Who mints it: the new token's clearance may not exceed theirs. Omitted: the operator (CLI). */
  mintedBy?: Principal;
  /** How a console session began ('oidc:<provider>', 'demo', 'link', 'token', 'act-as'). */
  source?: string;
}

export interface CreatedToken {
  token: string;
  id: string;
  expiresAt: string;
}

export interface TokenStoreOptions {
  /** Accept demo tokens (the node runs with TAHALUF_DEMO_LOGIN=1). Default false. */
  acceptDemo?: boolean;
  /** Default lifetime of a new token, ms (default 90 days). */
  defaultTtlMs?: number;
}

interface CacheEntry {
  principal: Principal;
  kind: TokenKind;
  source: string | null;
  hash: string;
  expiresAt: number | null;
  /** Date.now() when the row was read; re-read after TOKEN_CACHE_TTL_MS. */
  readAt: number;
}

const TOKEN_PATTERN = /^thf_(tok_[a-f0-9]{20})\.([A-Za-z0-9_-]{20,64})$/;

/**
 * API tokens: `thf_<id>.<secret>`. Only the SHA-256 of the secret is stored; a lookup is by id, then a
 * constant-time comparison of the hash. A token expires (`expires_at`) and can be revoked; a resolved
 * token is cached for at most a second, so a revocation made by any process sharing the database (the CLI,
 * another node on the same PostgreSQL) bites within a second.
 */
export class TokenStore {
  private cache = new Map<string, CacheEntry>();
  /** Sessions revoked by `replace`: id -> the secret's hash and until when (Date.now() ms) it is remembered. */
  private replaced = new Map<string, { hash: string; until: number }>();
  private readonly acceptDemo: boolean;
  private readonly defaultTtlMs: number;

  constructor(
    private db: Kysely<TokenTables>,
    private clock: Clock,
    opts: TokenStoreOptions = {},
  ) {
    this.acceptDemo = opts.acceptDemo ?? false;
    this.defaultTtlMs = opts.defaultTtlMs ?? 90 * DAY_MS;
  }

  async create(t: NewToken): Promise<CreatedToken> {
    if (t.role === 'member' && !isIso3(t.member))
      throw badInput('member', 'a member token needs an ISO 3166 alpha-3 member code');
    if (t.role === 'secretariat' && t.member)
      throw badInput('member', 'a secretariat token belongs to no member');
    const clearance = t.clearance ?? 'RESTRICTED';
    if (!CLASSIFICATIONS.includes(clearance))
      throw badInput('clearance', `clearance must be one of ${CLASSIFICATIONS.join(', ')}`);
    if (t.mintedBy && clearanceRank(clearance) > clearanceRank(t.mintedBy.clearance))
      throw forbidden(
        `a token may not be cleared above its minter: you hold ${t.mintedBy.clearance}, asked for ${clearance}`,
      );
    if (!t.user || t.user.length > 100) throw badInput('user', 'user must be 1 to 100 characters');
    const kind = t.kind ?? 'api';
    if (!TOKEN_KINDS.includes(kind))
      throw badInput('kind', `kind must be one of ${TOKEN_KINDS.join(', ')}`);
    if (kind === 'demo' && t.role !== 'member')
      throw forbidden('a demo token is for a member state, never the secretariat');
    const ttlMs = t.ttlMs ?? this.defaultTtlMs;
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw badInput('expires', 'lifetime must be > 0');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const id = newId('tok');
    const secret = randomToken(24);
    await this.db
      .insertInto('api_tokens')
      .values({
        id,
        user_name: t.user,
        member: t.member,
        role: t.role,
        clearance,
        secret_hash: sha256Hex(secret),
        created_at: now.toISOString(),
        revoked_at: null,
        expires_at: expiresAt,
        kind,
        source: t.source ?? null,
      })
      .execute();
    return { token: `thf_${id}.${secret}`, id, expiresAt };
  }

  /** The principal a token stands for, or null when unknown, malformed, revoked, expired or not usable here. */
  async resolve(token: string): Promise<Principal | null> {
    return (await this.lookup(token))?.principal ?? null;
  }

  /**
   * A console session held in a cookie: only tokens of kind 'session' or 'demo' (an API token pasted into
   * a cookie is refused). Same cache as `resolve`, so a revocation bites within TOKEN_CACHE_TTL_MS.
   */
  async resolveSession(token: string): Promise<{
    principal: Principal;
    kind: TokenKind;
    source: string | null;
    expiresAt: string | null;
  } | null> {
    const entry = await this.lookup(token);
    if (!entry || (entry.kind !== 'session' && entry.kind !== 'demo')) return null;
    return {
      principal: entry.principal,
      kind: entry.kind,
      source: entry.source,
      expiresAt: entry.expiresAt === null ? null : new Date(entry.expiresAt).toISOString(),
    };
  }

  private async lookup(token: string): Promise<CacheEntry | null> {
    const m = TOKEN_PATTERN.exec(token);
    if (!m) return null;
    const [, id, secret] = m;
    let entry = this.cache.get(id);
    if (!entry || Date.now() - entry.readAt >= TOKEN_CACHE_TTL_MS) {
      this.cache.delete(id);
      const row = await this.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.revoked_at || row.kind === 'signin') return null;
      if (row.kind === 'demo' && !this.acceptDemo) return null;
      entry = {
        hash: row.secret_hash,
        expiresAt: row.expires_at ? Date.parse(row.expires_at) : null,
        readAt: Date.now(),
        kind: row.kind,
        source: row.source ?? null,
        principal: {
          role: row.role,
          member: row.member,
          user: row.user_name,
          clearance: row.clearance,
          tokenId: row.id,
        },
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(id, entry);
    }
    if (entry.expiresAt !== null && entry.expiresAt <= this.clock.now().getTime()) return null;
    return secretMatches(secret, entry.hash) ? entry : null;
  }

  /**
   * Exchanges a one-time sign-in code (kind 'signin') for a console session token with the same role,
   * member and clearance. The code is spent by the exchange, even when two exchanges race.
   */
  async redeemSignin(code: string, sessionTtlMs: number): Promise<CreatedToken | null> {
    const m = TOKEN_PATTERN.exec(code);
    if (!m) return null;
    const [, id, secret] = m;
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('kind', '=', 'signin')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || !secretMatches(secret, row.secret_hash)) return null;
    if (row.expires_at && Date.parse(row.expires_at) <= this.clock.now().getTime()) return null;
    const spent = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return null;
    return this.create({
      user: row.user_name,
      member: row.member,
      role: row.role,
      clearance: row.clearance,
      kind: 'session',
      ttlMs: sessionTtlMs,
      source: 'link',
    });
  }

  /**
   * Revokes a console session because the same browser has just signed in with another (demo login of
   * another member, a sign-in link, act-as): the route sets the new cookie in the same answer. Requests the
   * page sent with the old cookie before the switch may still reach the node after it; `wasReplaced` tells
   * those apart for REPLACED_SESSION_MEMORY_MS, so their answers do not clear the cookie (which by then is
   * the new session's) nor say "session ended" to a console that has moved on. Remembered in this process
   * only: another process sharing the database treats them as any revoked session.
   */
  async replace(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select('secret_hash')
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = await this.revoke(id);
    if (row && revoked) {
      const now = Date.now();
      for (const [k, v] of this.replaced) if (v.until <= now) this.replaced.delete(k);
      if (this.replaced.size >= MAX_REPLACED) {
        const oldest = this.replaced.keys().next().value;
        if (oldest !== undefined) this.replaced.delete(oldest);
      }
      this.replaced.set(id, { hash: row.secret_hash, until: now + REPLACED_SESSION_MEMORY_MS });
    }
    return revoked;
  }

  /** Whether `token` is a session `replace` revoked less than REPLACED_SESSION_MEMORY_MS ago. */
  wasReplaced(token: string): boolean {
    const m = TOKEN_PATTERN.exec(token);
    if (!m) return false;
    const r = this.replaced.get(m[1]);
    if (!r || r.until <= Date.now()) return false;
    return secretMatches(m[2], r.hash);
  }

  /** Revokes a token; false when there is no such live token. */
  async revoke(id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    this.cache.delete(id);
    return Number(r.numUpdatedRows) > 0;
  }
}

function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(sha256Hex(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function clearanceRank(c: Classification): number {
  return CLASSIFICATIONS.indexOf(c);
}
