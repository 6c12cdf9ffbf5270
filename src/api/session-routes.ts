import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { Type } from 'typebox';
import { forbidden, notFound, unauthorized } from '../core/errors.js';
import { HOUR_MS } from '../runtime/tokens.js';
import type { Principal } from '../runtime/auth.js';
import {
  OidcLogins,
  OidcLogouts,
  OIDC_LOGIN_TTL_MS,
  type OidcLoginTables,
} from '../runtime/oidc-logins.js';
import type { Node } from '../app/node.js';
import { Answer, Nullable, Redirect } from '../core/answers.js';
import { loadOidcProviders, mapClaims, SigninRefused, type OidcProvider } from './oidc-config.js';
import {
  clearCookie,
  cookieNames,
  csrfTokenFor,
  OIDC_COOKIE_PATH,
  readCookie,
  setSessionCookie,
} from './session-cookie.js';

/** A console session made from a pasted API token lasts at most this long (and never past the token). */
const TOKEN_SESSION_HOURS = 12;

const SignedInAnswer = Answer({
  member: Type.String({ description: "ISO 3166-1 alpha-3, or 'SECRETARIAT'" }),
  role: Type.String(),
  expiresAt: Type.Optional(Type.String()),
});
const SessionAnswer = Type.Object({
  signedIn: Type.Boolean(),
  role: Type.String(),
  member: Type.Union([Type.String(), Type.Null()]),
  user: Type.String(),
  clearance: Type.String(),
  /** The session's id (a token id, revocable with `tahaluf token revoke`); not a secret. */
  id: Type.Union([Type.String(), Type.Null()]),
  demo: Type.Boolean({ description: 'a demo session (loopback embedded demo only)' }),
  source: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  /** Send it back in x-tahaluf-csrf on every write. */
  csrf: Type.Union([Type.String(), Type.Null()]),
  /** A secretariat user acting as a member (POST /api/auth/act-as/end returns to the secretariat). */
  operator: Type.Boolean(),
});

/**
 * Console sessions: who the cookie says the user is, OpenID Connect sign-in against the member's identity
 * provider (authorization code + PKCE, state and nonce; openid-client), a session from a pasted API token,
 * the secretariat's return from acting as a member, and sign-out.
 */
export async function sessionRoutes(app: FastifyInstance, node: Node): Promise<void> {
  const { config } = node;
  const providers = loadOidcProviders(config);
  const logins = new OidcLogins(node.store.db.withTables<OidcLoginTables>(), node.clock);
  const logouts = new OidcLogouts(node.store.db.withTables<OidcLoginTables>(), node.clock);
  const discovered = new Map<string, Promise<oidc.Configuration>>();
  const redirectUri = `${config.publicUrl}/api/auth/oidc/callback`;
  const postLogoutRedirectUri = `${config.publicUrl}/api/auth/oidc/logout-callback`;
  const consoleUrl = `${config.publicUrl}/#/`;

  /** The provider's metadata, fetched once (a failed discovery is retried on the next sign-in). */
  function configurationOf(p: OidcProvider): Promise<oidc.Configuration> {
    let c = discovered.get(p.id);
    if (!c) {
      const insecure = new URL(p.issuer).protocol === 'http:'; // loopback only (loadOidcProviders)
      c = oidc.discovery(
        new URL(p.issuer),
        p.clientId,
        p.clientSecret ?? undefined,
        p.clientSecret ? oidc.ClientSecretBasic(p.clientSecret) : oidc.None(),
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      c.catch(() => discovered.delete(p.id));
      discovered.set(p.id, c);
    }
    return c;
  }

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: "The console's session (from its cookie) and the CSRF token its writes must carry",
        response: { 200: SessionAnswer },
      },
    },
    async (req) => {
      const p = req.principal;
      const s = req.cookieSession;
      return {
        signedIn: p.role !== 'public',
        role: p.role,
        member: p.member,
        user: p.user,
        clearance: p.clearance,
        id: p.tokenId,
        demo: s?.kind === 'demo',
        source: s?.source ?? (p.role === 'public' ? null : 'bearer'),
        expiresAt: s?.expiresAt ?? null,
        csrf: s ? csrfTokenFor(s.token) : null,
        operator: s ? (await operatorOf(req)) !== null : false,
      };
    },
  );

  app.get(
    '/api/auth/providers',
    {
      schema: {
        tags: ['auth'],
        summary: "The identity providers this node's users sign in with (OpenID Connect)",
        response: {
          200: Type.Array(
            Answer({
              id: Type.String(),
              label: Type.String(),
              login: Type.String({ description: 'URL that starts the sign-in' }),
            }),
          ),
        },
      },
    },
    () =>
      providers.map((p) => ({ id: p.id, label: p.label, login: `/api/auth/oidc/${p.id}/login` })),
  );

  /** The state of a sign-in or sign-out round trip to the provider, in a SameSite=Lax cookie (it comes back cross-site). */
  const setRoundTripCookie = (reply: FastifyReply, state: string) =>
    void reply.setCookie(cookieNames(config).oidc, state, {
      path: OIDC_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: OIDC_LOGIN_TTL_MS / 1000,
    });

  app.get<{ Params: { provider: string } }>(
    '/api/auth/oidc/:provider/login',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Starts a sign-in at the provider: redirects there (authorization code flow with PKCE)',
        params: Type.Object({ provider: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,40}$' }) }),
        response: { 302: Redirect('to the provider, or back to the console with #signin-error=') },
      },
    },
    async (req, reply) => {
      const p = providers.find((x) => x.id === req.params.provider);
      if (!p) throw notFound('identity provider', req.params.provider);
      const cfg = await configurationOf(p).catch((e: unknown) => {
        req.log.warn({ err: e, provider: p.id }, 'OIDC discovery failed');
        return null;
      });
      if (!cfg) return reply.redirect(`${config.publicUrl}/#signin-error=provider_unreachable`);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await logins.begin(state, { provider: p.id, codeVerifier, nonce });
      const url = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: (p.scopes ?? ['openid', 'profile', 'email']).join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      setRoundTripCookie(reply, state);
      return reply.redirect(url.href);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      schema: {
        tags: ['auth'],
        summary:
          "The provider's redirect back (register this URL at the provider): checks state, PKCE and nonce, maps the claims, sets the session cookie",
        response: { 302: Redirect('to the console, with #signin-error= when the sign-in failed') },
      },
    },
    async (req, reply) => {
      const fail = (code: string) => {
        clearCookie(reply, config, 'oidc');
        return reply.redirect(`${config.publicUrl}/#signin-error=${encodeURIComponent(code)}`);
      };
      const query = new URLSearchParams(req.url.split('?')[1] ?? '');
      const state = query.get('state');
      const cookieState = req.cookies[cookieNames(config).oidc];
      // The state must be the one this browser was sent off with (no sign-in forced on another's browser).
      if (!state || !cookieState || state !== cookieState) return fail('state_mismatch');
      const pending = await logins.take(state);
      if (!pending) return fail('sign_in_expired');
      const p = providers.find((x) => x.id === pending.provider);
      if (!p) return fail('unknown_provider');
      if (query.get('error')) return fail(`provider_said_${query.get('error')}`.slice(0, 80));
      try {
        const cfg = await configurationOf(p);
        const tokens = await oidc.authorizationCodeGrant(
          cfg,
          new URL(`${redirectUri}?${query.toString()}`),
          {
            pkceCodeVerifier: pending.codeVerifier,
            expectedState: state,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
        );
        const idClaims = tokens.claims();
        if (!idClaims) return fail('no_id_token');
        let claims: Record<string, unknown> = { ...idClaims };
        if (cfg.serverMetadata().userinfo_endpoint)
          claims = {
            ...(await oidc.fetchUserInfo(cfg, tokens.access_token, idClaims.sub)),
            ...idClaims,
          };
        const who = mapClaims(p, claims, config);
        if (who.member && !node.registry.state(who.member)) return fail('unknown_member');
        const session = await node.tokens.create({
          user: who.user,
          member: who.member,
          role: who.role,
          clearance: who.clearance,
          kind: 'session',
          ttlMs: (p.sessionHours ?? 8) * HOUR_MS,
          source: `oidc:${p.id}`,
        });
        // Kept for RP-initiated logout (id_token_hint): server-side only, never in a cookie or the page.
        if (tokens.id_token)
          await logouts.keepIdToken(session.id, {
            provider: p.id,
            idToken: tokens.id_token,
            expiresAt: session.expiresAt,
          });
        clearCookie(reply, config, 'oidc');
        setSessionCookie(reply, config, 'session', session.token, session.expiresAt);
        clearCookie(reply, config, 'operator');
        return reply.redirect(consoleUrl);
      } catch (e) {
        if (e instanceof SigninRefused) {
          req.log.warn({ provider: p.id, code: e.code }, `OIDC sign-in refused: ${e.message}`);
          return fail(e.code);
        }
        req.log.warn({ err: e, provider: p.id }, 'OIDC sign-in failed');
        return fail('sign_in_failed');
      }
    },
  );

  app.post(
    '/api/auth/token-session',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Exchanges the API token in Authorization for a console session cookie (same user, member and clearance; at most 12 h, never past the token)',
        security: [{ bearer: [] }],
        response: { 200: SignedInAnswer },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.role === 'public' || req.cookieSession)
        throw unauthorized('send the API token as Authorization: Bearer').withDetail(
          {},
          'token_required',
        );
      const session = await node.tokens.create({
        user: p.user,
        member: p.member,
        role: p.role,
        clearance: p.clearance,
        kind: 'session',
        ttlMs: TOKEN_SESSION_HOURS * HOUR_MS,
        mintedBy: p,
        source: 'token',
      });
      setSessionCookie(reply, config, 'session', session.token, session.expiresAt);
      clearCookie(reply, config, 'operator');
      return { member: p.member ?? 'SECRETARIAT', role: p.role, expiresAt: session.expiresAt };
    },
  );

  app.post(
    '/api/auth/act-as/end',
    {
      schema: {
        tags: ['auth'],
        summary: 'A secretariat user acting as a member returns to their secretariat session',
        response: { 200: SignedInAnswer },
      },
    },
    async (req, reply) => {
      const operator = await operatorOf(req);
      if (!operator)
        throw forbidden('you are not a secretariat user acting as a member').withDetail(
          {},
          'not_acting_as',
        );
      if (req.cookieSession) await node.tokens.replace(req.cookieSession.id);
      setSessionCookie(reply, config, 'session', operator.token, operator.expiresAt);
      clearCookie(reply, config, 'operator');
      return { member: 'SECRETARIAT', role: 'secretariat' };
    },
  );

  app.post(
    '/api/auth/signout',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Ends the console session: revokes it (and a secretariat session kept aside) and clears the cookies; a session from an OpenID Connect provider that offers RP-initiated logout is also to be ended there: the console then sends the browser to endSessionUrl',
        response: {
          200: Answer({
            provider: Nullable(
              Type.String({
                description: 'the label of the identity provider the session came from, if any',
              }),
            ),
            endSessionUrl: Nullable(
              Type.String({
                description:
                  "the provider's end_session_endpoint with id_token_hint, client_id, post_logout_redirect_uri and state; null when the provider offers none (signed out here only)",
              }),
            ),
          }),
        },
      },
    },
    async (req, reply) => {
      const operator = await operatorOf(req);
      const ended = [req.cookieSession?.id, operator?.id].filter((id): id is string => !!id);
      if (req.cookieSession) await node.tokens.revoke(req.cookieSession.id);
      if (operator) await node.tokens.revoke(operator.id);
      clearCookie(reply, config, 'session');
      clearCookie(reply, config, 'operator');
      const kept = await logouts.takeIdToken(ended);
      const p = kept && providers.find((x) => x.id === kept.provider);
      if (!kept || !p) return { provider: null, endSessionUrl: null };
      const cfg = await configurationOf(p).catch((e: unknown) => {
        req.log.warn({ err: e, provider: p.id }, 'OIDC discovery failed at sign-out');
        return null;
      });
      if (!cfg?.serverMetadata().end_session_endpoint)
        return { provider: p.label, endSessionUrl: null };
      const state = oidc.randomState();
      await logouts.begin(state, p.id);
      setRoundTripCookie(reply, state);
      const url = oidc.buildEndSessionUrl(cfg, {
        id_token_hint: kept.idToken,
        post_logout_redirect_uri: postLogoutRedirectUri,
        state,
      });
      return { provider: p.label, endSessionUrl: url.href };
    },
  );

  app.get(
    '/api/auth/oidc/logout-callback',
    {
      schema: {
        tags: ['auth'],
        summary:
          "The provider's redirect back after RP-initiated logout (register this URL at the provider as a post-logout redirect URI): checks the state",
        response: {
          302: Redirect('to the console, #signed-out=<provider id>, or #signout-error=<code>'),
        },
      },
    },
    async (req, reply) => {
      const query = new URLSearchParams(req.url.split('?')[1] ?? '');
      const state = query.get('state');
      const cookieState = req.cookies[cookieNames(config).oidc];
      clearCookie(reply, config, 'oidc');
      if (!state || !cookieState || state !== cookieState)
        return reply.redirect(`${config.publicUrl}/#signout-error=state_mismatch`);
      const provider = await logouts.take(state);
      if (!provider) return reply.redirect(`${config.publicUrl}/#signout-error=sign_out_expired`);
      return reply.redirect(`${config.publicUrl}/#signed-out=${encodeURIComponent(provider)}`);
    },
  );

  const operatorOf = (req: FastifyRequest) => keptOperator(req, node);
}

/** The secretariat session kept aside while its user acts as a member, if it is still good. */
export async function keptOperator(
  req: FastifyRequest,
  node: Node,
): Promise<{ token: string; id: string; expiresAt: string; principal: Principal } | null> {
  if (!req.cookieSession) return null;
  const token = readCookie(req, node.config, 'operator');
  if (!token) return null;
  const s = await node.tokens.resolveSession(token);
  if (!s || s.principal.role !== 'secretariat' || !s.expiresAt) return null;
  return { token, id: s.principal.tokenId ?? '', expiresAt: s.expiresAt, principal: s.principal };
}

/** Sets the console session cookie for a session just minted by a cookie-less sign-in route. */
export function startCookieSession(
  reply: FastifyReply,
  node: Node,
  session: { token: string; expiresAt: string },
): void {
  setSessionCookie(reply, node.config, 'session', session.token, session.expiresAt);
  clearCookie(reply, node.config, 'operator');
}
