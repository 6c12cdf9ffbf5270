import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { randomToken, sha256Hex } from '../core/crypto.js';
import { badInput } from '../core/errors.js';
import { isIso3, newId } from '../core/ids.js';
import type { Clock } from '../core/clock.js';
import type { Migrations } from '../store/database.js';
import { CLASSIFICATIONS, type Classification, type Principal } from './auth.js';

export interface TokenTables {
  api_tokens: {
    id: string;
    user_name: string;
    member: string | null;
    role: string;
    clearance: string;
    secret_hash: string;
    created_at: string;
    revoked_at: string | null;
  };
}

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
};

export interface NewToken {
  user: string;
  member: string | null;
  role: 'member' | 'secretariat';
  clearance?: Classification;
}

/**
 * API tokens: `thf_<id>.<secret>`. Only the SHA-256 of the secret is stored; a lookup is by id, then a
 * constant-time comparison of the hash.
 */
export class TokenStore {
  private cache = new Map<string, { principal: Principal; hash: string }>();

  constructor(
    private db: Kysely<TokenTables>,
    private clock: Clock,
  ) {}

  async create(t: NewToken): Promise<{ token: string; id: string }> {
    if (t.role === 'member' && !isIso3(t.member))
      throw badInput('member', 'a member token needs an ISO 3166 alpha-3 member code');
    if (t.role === 'secretariat' && t.member)
      throw badInput('member', 'a secretariat token belongs to no member');
    const clearance = t.clearance ?? 'RESTRICTED';
    if (!CLASSIFICATIONS.includes(clearance))
      throw badInput('clearance', `clearance must be one of ${CLASSIFICATIONS.join(', ')}`);
    if (!t.user || t.user.length > 100) throw badInput('user', 'user must be 1 to 100 characters');
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
        created_at: this.clock.now().toISOString(),
        revoked_at: null,
      })
      .execute();
    return { token: `thf_${id}.${secret}`, id };
  }

  /** The principal a token stands for, or null when unknown, malformed or revoked. */
  async resolve(token: string): Promise<Principal | null> {
    const m = /^thf_(tok_[a-f0-9]{20})\.([A-Za-z0-9_-]{20,64})$/.exec(token);
    if (!m) return null;
    const [, id, secret] = m;
    let entry = this.cache.get(id);
    if (!entry) {
      const row = await this.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.revoked_at) return null;
      entry = {
        hash: row.secret_hash,
        principal: {
          role: row.role as Principal['role'],
          member: row.member,
          user: row.user_name,
          clearance: row.clearance as Classification,
          tokenId: row.id,
        },
      };
      this.cache.set(id, entry);
    }
    const a = Buffer.from(sha256Hex(secret));
    const b = Buffer.from(entry.hash);
    return a.length === b.length && timingSafeEqual(a, b) ? entry.principal : null;
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
