import type { Kysely } from 'kysely';
import { sha256Hex } from '../core/crypto.js';
import type { Clock } from '../core/clock.js';
import type { Migrations } from '../store/database.js';

/**
 * OpenID Connect sign-ins under way: created when the console sends a user to their identity provider,
 * spent (deleted) when the provider sends them back. Kept in the database, not in memory, so that the
 * callback may reach another node process behind the same address. Only the SHA-256 of the `state` is
 * stored; the browser holds the state itself in a short-lived HttpOnly cookie.
 */
export type OidcLoginTables = {
  oidc_logins: {
    state_hash: string;
    provider: string;
    code_verifier: string;
    nonce: string;
    created_at: string;
    expires_at: string;
  };
  /** The ID token of each session an OpenID Connect sign-in made, for RP-initiated logout (id_token_hint). */
  oidc_sessions: {
    session_id: string;
    provider: string;
    id_token: string;
    expires_at: string;
  };
  /** RP-initiated logouts under way: the SHA-256 of the `state` sent to the provider's end_session_endpoint. */
  oidc_logouts: {
    state_hash: string;
    provider: string;
    created_at: string;
    expires_at: string;
  };
};

export const oidcLoginMigrations: Migrations = {
  '0065_oidc_logins': {
    async up(db) {
      await db.schema
        .createTable('oidc_logins')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0066_oidc_logout': {
    async up(db) {
      await db.schema
        .createTable('oidc_sessions')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('id_token', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('oidc_logouts')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

/** A sign-in must come back from the provider within this time. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;

export interface PendingLogin {
  provider: string;
  codeVerifier: string;
  nonce: string;
}

export class OidcLogins {
  constructor(
    private db: Kysely<OidcLoginTables>,
    private clock: Clock,
  ) {}

  async begin(state: string, login: PendingLogin): Promise<void> {
    const now = this.clock.now();
    // Abandoned sign-ins are swept as new ones begin (bounded table).
    await this.db.deleteFrom('oidc_logins').where('expires_at', '<', now.toISOString()).execute();
    await this.db
      .insertInto('oidc_logins')
      .values({
        state_hash: sha256Hex(state),
        provider: login.provider,
        code_verifier: login.codeVerifier,
        nonce: login.nonce,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + OIDC_LOGIN_TTL_MS).toISOString(),
      })
      .execute();
  }

  /** The sign-in begun with this state, spent by the call (a replayed callback finds nothing). */
  async take(state: string): Promise<PendingLogin | null> {
    const hash = sha256Hex(state);
    const row = await this.db
      .selectFrom('oidc_logins')
      .selectAll()
      .where('state_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return null;
    const spent = await this.db
      .deleteFrom('oidc_logins')
      .where('state_hash', '=', hash)
      .executeTakeFirst();
    if (Number(spent.numDeletedRows) !== 1) return null;
    if (Date.parse(row.expires_at) <= this.clock.now().getTime()) return null;
    return { provider: row.provider, codeVerifier: row.code_verifier, nonce: row.nonce };
  }
}

/**
 * What RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) needs: the ID token of a session an
 * OpenID Connect sign-in made (sent back to the provider as `id_token_hint`; kept here, never in a cookie
 * or the page), and the `state` of a logout sent to the provider, checked when it sends the browser back.
 */
export class OidcLogouts {
  constructor(
    private db: Kysely<OidcLoginTables>,
    private clock: Clock,
  ) {}

  /** Keeps the ID token of a session just made, until the session expires. */
  async keepIdToken(
    sessionId: string,
    s: { provider: string; idToken: string; expiresAt: string },
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.db.deleteFrom('oidc_sessions').where('expires_at', '<', now).execute();
    await this.db
      .insertInto('oidc_sessions')
      .values({
        session_id: sessionId,
        provider: s.provider,
        id_token: s.idToken,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  /** The provider and ID token of the first of these sessions an OpenID Connect sign-in made; forgotten by the call. */
  async takeIdToken(
    sessionIds: readonly string[],
  ): Promise<{ provider: string; idToken: string } | null> {
    if (sessionIds.length === 0) return null;
    const rows = await this.db
      .selectFrom('oidc_sessions')
      .selectAll()
      .where('session_id', 'in', [...sessionIds])
      .execute();
    await this.db
      .deleteFrom('oidc_sessions')
      .where('session_id', 'in', [...sessionIds])
      .execute();
    const row = sessionIds.map((id) => rows.find((r) => r.session_id === id)).find((r) => r);
    return row ? { provider: row.provider, idToken: row.id_token } : null;
  }

  async begin(state: string, provider: string): Promise<void> {
    const now = this.clock.now();
    await this.db.deleteFrom('oidc_logouts').where('expires_at', '<', now.toISOString()).execute();
    await this.db
      .insertInto('oidc_logouts')
      .values({
        state_hash: sha256Hex(state),
        provider,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + OIDC_LOGIN_TTL_MS).toISOString(),
      })
      .execute();
  }

  /** The provider of the logout begun with this state, spent by the call (a replayed return finds nothing). */
  async take(state: string): Promise<string | null> {
    const hash = sha256Hex(state);
    const row = await this.db
      .selectFrom('oidc_logouts')
      .selectAll()
      .where('state_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return null;
    const spent = await this.db
      .deleteFrom('oidc_logouts')
      .where('state_hash', '=', hash)
      .executeTakeFirst();
    if (Number(spent.numDeletedRows) !== 1) return null;
    if (Date.parse(row.expires_at) <= this.clock.now().getTime()) return null;
    return row.provider;
  }
}
