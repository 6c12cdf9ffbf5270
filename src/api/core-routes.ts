import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badInput, forbidden, notFound, unauthorized } from '../core/errors.js';
import { clearanceRank, DAY_MS, HOUR_MS, type CreatedToken } from '../runtime/tokens.js';
import { CLASSIFICATIONS, requireSecretariat, type Classification } from '../runtime/auth.js';
import type { Node } from '../app/node.js';
import type { RelayBacklog } from '../runtime/deps.js';
import { Answer, Iso3Code, NoContent, Nullable } from '../core/answers.js';
import { keptOperator, startCookieSession } from './session-routes.js';
import { setSessionCookie } from './session-cookie.js';
import type { LoadSheddingStatus } from './load-shedding.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** A request that carries one of these came through a proxy: no demo login for it. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];
/** Demo tokens and console sessions are short-lived; a demo console session (cookie) lasts 2 hours. */
const DEMO_TOKEN_HOURS = 12;
const DEMO_SESSION_HOURS = 2;
const SESSION_HOURS = 12;
const MemberBody = Type.Object(
  {
    member: Type.String({
      description: 'ISO3 of the member state to act as',
      pattern: '^[A-Z]{3}$',
    }),
  },
  { additionalProperties: false },
);
const DemoLoginBody = MemberBody;
const ActAsBody = MemberBody;
const SigninBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 200, description: 'the one-time sign-in code' }) },
  { additionalProperties: false },
);
const NewTokenBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 100 }),
    member: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    role: Type.Union([Type.Literal('member'), Type.Literal('secretariat')]),
    clearance: Type.Optional(Type.Union(CLASSIFICATIONS.map((c) => Type.Literal(c)))),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: 'lifetime (default 90 days)' }),
    ),
  },
  { additionalProperties: false },
);

/** Past this age of the oldest act waiting for the bus, health says 'degraded'. */
const DEGRADED_AFTER_S = 30;
const PrincipalAnswer = Answer({
  role: Type.Union([Type.Literal('public'), Type.Literal('member'), Type.Literal('secretariat')]),
  member: Nullable(Iso3Code),
  user: Type.String(),
  clearance: Type.String(),
  tokenId: Nullable(Type.String()),
});
const CreatedTokenAnswer = Answer({
  token: Type.String({ description: 'shown once' }),
  id: Type.String(),
  expiresAt: Type.String(),
});
const HealthAnswer = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  mode: Type.String(),
  store: Type.String({ description: 'sqlite or postgres' }),
  bus: Type.String({ description: 'in-process or nats' }),
  demoLogin: Type.Boolean(),
  federated: Type.Boolean({
    description:
      'the node takes part in an alliance log (TAHALUF_ALLIANCE_NATS): /api/federation/*',
  }),
  busStatus: Type.Object({
    state: Type.Union(
      [Type.Literal('connected'), Type.Literal('reconnecting'), Type.Literal('down')],
      {
        description:
          'reconnecting: the server was lost and the node retries, forever, with backoff',
      },
    ),
    since: Type.String({ description: 'when the bus entered this state (ISO 8601)' }),
    reconnects: Type.Integer({ description: 'reconnections since the node started' }),
    lastError: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
  outbox: Type.Union(
    [
      Type.Object({
        pending: Type.Optional(
          Type.Integer({ description: 'committed acts not yet acknowledged by the bus' }),
        ),
        oldestPendingAt: Type.Union([Type.String(), Type.Null()]),
        oldestPendingAgeSeconds: Type.Union([Type.Number(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'null on the in-process bus (acts are handed to it at commit)' },
  ),
  relays: Type.Record(
    Type.String(),
    Type.Object({
      pending: Type.Integer({ description: 'stored, not yet acknowledged by the bus' }),
      oldestPendingAt: Type.Union([Type.String(), Type.Null()]),
      oldestPendingAgeSeconds: Type.Union([Type.Number(), Type.Null()]),
    }),
    {
      description:
        "modules' relays to the bus by name, e.g. warning.cap: CAP messages civil defence was sent that the bus has not yet acknowledged",
    },
  ),
  acts: Type.Optional(Type.Integer()),
  modules: Type.Array(Type.String()),
  load: Type.Optional(
    Type.Object(
      {
        inFlight: Type.Integer({ description: 'requests being handled now' }),
        inFlightLimit: Type.Integer({
          description:
            'the adaptive limit on requests handled at once (TAHALUF_MAX_IN_FLIGHT at most)',
        }),
        waitingForTurn: Type.Integer({
          description: 'requests waiting for a turn of the event loop (TAHALUF_REQUESTS_PER_TURN)',
        }),
        shed: Type.Object(
          {
            atDoor: Type.Integer({
              description: 'answered 503 on arrival: in-flight limit reached or turn queue full',
            }),
            waitedTooLong: Type.Integer({
              description: 'answered 503 at their turn after waiting TAHALUF_MAX_TURN_WAIT_MS',
            }),
            eventLoopLate: Type.Integer({
              description:
                'answered 503 at their turn while the event loop was later than TAHALUF_MAX_EVENT_LOOP_DELAY_MS',
            }),
          },
          { description: 'requests answered 503 + Retry-After since the node started' },
        ),
        eventLoopDelayMs: Type.Number({
          description: "the event loop's longest delay in the last quarter second, ms",
        }),
        eventLoopLate: Type.Boolean({
          description:
            'the delay is above TAHALUF_MAX_EVENT_LOOP_DELAY_MS: requests are being shed',
        }),
      },
      { description: 'load shedding (#16): what the node is handling and what it has refused' },
    ),
  ),
});

/** Node-level routes: health, who am I, tokens, and the console's demo login. */
export function coreRoutes(
  app: FastifyInstance,
  node: Node,
  loadStatus?: () => LoadSheddingStatus,
): void {
  const demoTokens = new Map<string, CreatedToken>();
  const lowerOf = (c: Classification, req: FastifyRequest): Classification =>
    clearanceRank(c) <= clearanceRank(req.principal.clearance) ? c : req.principal.clearance;
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['node'],
        summary:
          'Liveness, what this node runs on, the bus connection and the outbox of acts waiting for it',
        description:
          "status is 'degraded' while the bus is not connected or a committed act, or a message in a module's relay " +
          `(relays), has waited more than ${DEGRADED_AFTER_S} s for it; the answer is 200 either way. The act count, the outbox's ` +
          'pending count and the last bus error are shown to the secretariat only.',
        response: { 200: HealthAnswer },
      },
    },
    async (req) => {
      const secretariat = req.principal.role === 'secretariat';
      const bus = node.bus.status();
      const backlog = node.record.outbox ? await node.record.outbox.backlog() : null;
      const relays: Record<string, RelayBacklog> = {};
      for (const m of node.modules) Object.assign(relays, m.relays?.(node));
      const late =
        (backlog?.oldestPendingAgeSeconds ?? 0) > DEGRADED_AFTER_S ||
        Object.values(relays).some((r) => (r.oldestPendingAgeSeconds ?? 0) > DEGRADED_AFTER_S);
      return {
        status: bus.state === 'connected' && !late ? 'ok' : 'degraded',
        mode: node.config.mode,
        store: node.store.dialect,
        bus: node.bus.kind,
        demoLogin: node.config.demoLogin && node.config.mode === 'secretariat',
        federated: node.alliance !== null,
        busStatus: {
          state: bus.state,
          since: bus.since,
          reconnects: bus.reconnects,
          ...(secretariat ? { lastError: bus.lastError } : {}),
        },
        outbox: backlog && {
          oldestPendingAt: backlog.oldestPendingAt,
          oldestPendingAgeSeconds: backlog.oldestPendingAgeSeconds,
          ...(secretariat ? { pending: backlog.pending } : {}),
        },
        relays,
        // The total counts restricted acts too, so it is not shown to others.
        ...(secretariat ? { acts: await node.record.count() } : {}),
        modules: node.modules.map((m) => m.name),
        ...(loadStatus ? { load: loadStatus() } : {}),
      };
    },
  );
  app.get(
    '/api/whoami',
    {
      schema: {
        tags: ['node'],
        summary: 'The principal of the calling token',
        response: { 200: PrincipalAnswer },
      },
    },
    (req, reply) => reply.send(req.principal),
  );
  app.post<{ Body: Static<typeof NewTokenBody> }>(
    '/api/tokens',
    {
      schema: {
        tags: ['node'],
        summary: 'Create an API token (secretariat only); the token is shown once',
        body: NewTokenBody,
        security: [{ bearer: [] }],
        response: { 201: CreatedTokenAnswer },
      },
    },
    async (req, reply) => {
      requireSecretariat(req.principal);
      const { user, member, role, clearance, expiresInDays } = req.body;
      if (role === 'member' && (!member || !node.registry.state(member)))
        throw badInput('body/member', 'member must be a seeded state (ISO 3166 alpha-3)');
      if (role === 'secretariat' && member)
        throw badInput('body/member', 'a secretariat token belongs to no member: leave member out');
      const created = await node.tokens.create({
        user,
        member: role === 'member' ? (member ?? null) : null,
        role,
        clearance: clearance ?? lowerOf('RESTRICTED', req),
        ttlMs: expiresInDays === undefined ? undefined : expiresInDays * DAY_MS,
        mintedBy: req.principal,
      });
      return reply.code(201).send(created);
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['node'],
        summary: 'Revoke an API token (secretariat only)',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ pattern: '^tok_[a-f0-9]{20}$' }) }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      requireSecretariat(req.principal);
      if (!(await node.tokens.revoke(req.params.id))) throw notFound('token', req.params.id);
      return reply.code(204).send();
    },
  );
  app.post<{ Body: Static<typeof DemoLoginBody> }>(
    '/api/auth/demo-login',
    {
      schema: {
        tags: ['node'],
        summary:
          'Console demo: act as a member state (TAHALUF_DEMO_LOGIN=1, secretariat mode, this machine only; never the secretariat)',
        body: DemoLoginBody,
        response: {
          200: Answer({
            token: Type.String({
              description: 'for scripts on this machine; the console keeps none',
            }),
            member: Iso3Code,
            expiresAt: Type.String(),
            demo: Type.Literal(true),
          }),
        },
      },
    },
    async (req, reply) => {
      refuseUnlessDemoAllowed(node, req);
      if (req.cookieSession && req.cookieSession.kind !== 'demo')
        throw demoRefused('signed_in', 'you are signed in: sign out before using the demo');
      const { member } = req.body;
      if (!node.registry.state(member))
        throw badInput('body/member', `unknown state '${member}'`).withDetail(
          { value: member },
          'unknown_state',
        );
      const now = node.clock.now().getTime();
      let demo = demoTokens.get(member);
      // Reuse a member's demo token while it has more than an hour to run.
      if (!demo || Date.parse(demo.expiresAt) - now < HOUR_MS) {
        demo = await node.tokens.create({
          user: `demo-${member.toLowerCase()}`,
          member,
          role: 'member',
          clearance: 'SECRET',
          kind: 'demo',
          ttlMs: DEMO_TOKEN_HOURS * HOUR_MS,
        });
        demoTokens.set(member, demo);
      }
      // The console's demo session: its own short-lived cookie, marked demo; the token in the answer is
      // for scripts and curl on this machine (the console never keeps it).
      const cookieSession = await node.tokens.create({
        user: `demo-${member.toLowerCase()}`,
        member,
        role: 'member',
        clearance: 'SECRET',
        kind: 'demo',
        ttlMs: DEMO_SESSION_HOURS * HOUR_MS,
        source: 'demo',
      });
      if (req.cookieSession) await node.tokens.replace(req.cookieSession.id);
      startCookieSession(reply, node, cookieSession);
      return { token: demo.token, member, expiresAt: demo.expiresAt, demo: true };
    },
  );
  app.post<{ Body: Static<typeof SigninBody> }>(
    '/api/auth/signin',
    {
      schema: {
        tags: ['node'],
        summary:
          'Exchange a one-time sign-in code (printed by `tahaluf start` / `tahaluf token signin-link`) for a console session cookie',
        body: SigninBody,
        response: {
          200: Answer({
            member: Type.String({ description: "ISO 3166-1 alpha-3, or 'SECRETARIAT'" }),
            role: Type.Optional(Type.String()),
            expiresAt: Type.String(),
          }),
        },
      },
    },
    async (req, reply) => {
      const session = await node.tokens.redeemSignin(req.body.code, SESSION_HOURS * HOUR_MS);
      if (!session)
        throw unauthorized('the sign-in code is unknown, used or expired').withDetail(
          {},
          'signin_code_invalid',
        );
      const principal = await node.tokens.resolve(session.token);
      if (req.cookieSession) await node.tokens.replace(req.cookieSession.id);
      startCookieSession(reply, node, session);
      return {
        member: principal?.member ?? 'SECRETARIAT',
        role: principal?.role,
        expiresAt: session.expiresAt,
      };
    },
  );
  app.post<{ Body: Static<typeof ActAsBody> }>(
    '/api/auth/act-as',
    {
      schema: {
        tags: ['node'],
        summary:
          'A secretariat user takes a short console session as a member state (clearance at most their own)',
        body: ActAsBody,
        security: [{ bearer: [] }],
        response: {
          200: Answer({
            token: Type.Optional(
              Type.String({
                description: 'only without a console session (the cookie carries it)',
              }),
            ),
            member: Iso3Code,
            expiresAt: Type.String(),
          }),
        },
      },
    },
    async (req, reply) => {
      // A console session acting as a member switches member on the strength of the secretariat session kept aside.
      const operator = req.cookieSession ? await keptOperator(req, node) : null;
      const acting = operator?.principal ?? req.principal;
      requireSecretariat(acting);
      const { member } = req.body;
      if (!node.registry.state(member))
        throw badInput('body/member', `unknown state '${member}'`).withDetail(
          { value: member },
          'unknown_state',
        );
      const session = await node.tokens.create({
        user: `${acting.user}-as-${member.toLowerCase()}`,
        member,
        role: 'member',
        clearance: acting.clearance,
        kind: 'session',
        ttlMs: SESSION_HOURS * HOUR_MS,
        mintedBy: acting,
        source: 'act-as',
      });
      if (!req.cookieSession) return { token: session.token, member, expiresAt: session.expiresAt };
      // Cookie: the member session becomes the console's, the secretariat session is kept aside (HttpOnly).
      if (operator) await node.tokens.replace(req.cookieSession.id);
      const kept = operator ?? {
        token: req.cookieSession.token,
        expiresAt: req.cookieSession.expiresAt ?? session.expiresAt,
      };
      setSessionCookie(reply, node.config, 'session', session.token, session.expiresAt);
      setSessionCookie(reply, node.config, 'operator', kept.token, kept.expiresAt);
      return { member, expiresAt: session.expiresAt };
    },
  );
}

/**
 * Demo login is for a newcomer's console on this machine, nothing else: it needs TAHALUF_DEMO_LOGIN=1, a
 * secretariat node whose public URL is a loopback URL, a loopback socket, no proxy headers, a Host equal to
 * the public URL's (DNS rebinding sends the attacker's name) and, when the browser sends one, the same Origin.
 */
function refuseUnlessDemoAllowed(node: Node, req: FastifyRequest): void {
  if (!node.config.demoLogin || node.config.mode !== 'secretariat')
    throw demoRefused(
      'disabled',
      'demo login is disabled on this node (TAHALUF_DEMO_LOGIN=1 enables it)',
    );
  const publicUrl = new URL(node.config.publicUrl);
  if (!LOOPBACK_HOSTS.has(publicUrl.hostname))
    throw demoRefused(
      'loopback',
      'demo login is refused on a node whose public URL is not on this machine',
    );
  if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
    throw demoRefused('loopback', 'demo login is only offered to clients on this machine');
  for (const header of PROXY_HEADERS)
    if (req.headers[header] !== undefined)
      throw demoRefused('loopback', `demo login is refused through a proxy (${header} header)`);
  if (normalisedHost(publicUrl.protocol, req.headers.host) !== publicUrl.host)
    throw demoRefused(
      'loopback',
      `demo login is only offered at ${publicUrl.origin} (Host differs)`,
    );
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== publicUrl.origin)
    throw demoRefused(
      'loopback',
      `demo login is only offered to pages of ${publicUrl.origin} (Origin differs)`,
    );
}

/** A refused demo login: its reason (disabled, loopback, signed_in) as detailCode demo_refused. */
const demoRefused = (reason: string, message: string) =>
  forbidden(message).withDetail({ reason }, 'demo_refused');

function normalisedHost(protocol: string, host: string | undefined): string | null {
  if (!host) return null;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}
