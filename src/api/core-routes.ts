import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { badInput, forbidden, notFound } from '../core/errors.js';
import { CLASSIFICATIONS, requireSecretariat, type Classification } from '../runtime/auth.js';
import type { Node } from '../app/node.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const DemoLoginBody = Type.Object(
  {
    member: Type.String({
      description: "ISO3 of the member to act as, or 'SECRETARIAT'",
      pattern: '^([A-Z]{3}|SECRETARIAT)$',
    }),
  },
  { additionalProperties: false },
);
const NewTokenBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 100 }),
    member: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    role: Type.Union([Type.Literal('member'), Type.Literal('secretariat')]),
    clearance: Type.Optional(Type.Union(CLASSIFICATIONS.map((c) => Type.Literal(c)))),
  },
  { additionalProperties: false },
);

/** Node-level routes: health, who am I, tokens, and the console's demo login. */
export function coreRoutes(app: FastifyInstance, node: Node): void {
  const demoTokens = new Map<string, string>();
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['node'],
        summary: 'Liveness and what this node runs on (the act count for the secretariat only)',
      },
    },
    async (req) => ({
      status: 'ok',
      mode: node.config.mode,
      store: node.store.dialect,
      bus: node.bus.kind,
      // The total counts restricted acts too, so it is not shown to others.
      ...(req.principal.role === 'secretariat' ? { acts: await node.record.count() } : {}),
      modules: node.modules.map((m) => m.name),
    }),
  );
  app.get(
    '/api/whoami',
    { schema: { tags: ['node'], summary: 'The principal of the calling token' } },
    async (req) => req.principal,
  );
  app.post<{ Body: Static<typeof NewTokenBody> }>(
    '/api/tokens',
    {
      schema: {
        tags: ['node'],
        summary: 'Create an API token (secretariat only); the token is shown once',
        body: NewTokenBody,
        security: [{ bearer: [] }],
      },
    },
    async (req, reply) => {
      requireSecretariat(req.principal);
      const { user, member, role, clearance } = req.body;
      if (role === 'member' && (!member || !node.registry.state(member)))
        throw badInput('body/member', 'member must be a seeded state (ISO 3166 alpha-3)');
      if (role === 'secretariat' && member)
        throw badInput('body/member', 'a secretariat token belongs to no member: leave member out');
      const created = await node.tokens.create({
        user,
        member: role === 'member' ? member! : null,
        role,
        clearance: clearance as Classification | undefined,
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
          'Console demo: act as a member (loopback clients only, TAHALUF_DEMO_LOGIN=1, secretariat mode)',
        body: DemoLoginBody,
      },
    },
    async (req) => {
      if (!node.config.demoLogin || node.config.mode !== 'secretariat')
        throw forbidden('demo login is disabled on this node');
      if (!LOOPBACK.has(req.ip))
        throw forbidden('demo login is only offered to clients on this machine');
      const { member } = req.body;
      if (member !== 'SECRETARIAT' && !node.registry.state(member))
        throw badInput('body/member', `unknown state '${member}'`);
      let token = demoTokens.get(member);
      if (!token) {
        const created =
          member === 'SECRETARIAT'
            ? await node.tokens.create({
                user: 'console-secretariat',
                member: null,
                role: 'secretariat',
                clearance: 'SECRET',
              })
            : await node.tokens.create({
                user: `console-${member.toLowerCase()}`,
                member,
                role: 'member',
                clearance: 'SECRET',
              });
        token = created.token;
        demoTokens.set(member, token);
      }
      return { token, member };
    },
  );
}
