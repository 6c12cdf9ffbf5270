import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireSecretariat } from '../runtime/auth.js';
import { Answer, Anything } from '../core/answers.js';
import type { AllianceLog } from '../federation/alliance-log.js';
import { checkRegistration, type KeyRegistration } from '../federation/directory.js';
import { KEY_REGISTERED } from '../federation/alliance-log.js';

const tags = ['federation'];
const Entries = Answer({
  entries: Type.Array(Anything('an alliance log entry: applied or rejected, with the reason')),
});
const EntryQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('applied'), Type.Literal('rejected')])),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
const InclusionQuery = Type.Object(
  {
    streamSeq: Type.Integer({ minimum: 1, description: 'stream sequence of the act (message)' }),
    treeSize: Type.Optional(
      Type.Integer({ minimum: 1, description: 'tree size (default: the latest checkpoint)' }),
    ),
  },
  { additionalProperties: false },
);
const ConsistencyQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const Registration = Type.Object(
  {
    member: Type.String({ pattern: '^[A-Z]{3}$' }),
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    publicKey: Type.String({ maxLength: 2000 }),
    proof: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);

/**
 * The alliance log as this node applied it: public to read (its acts are the alliance's signed acts; private
 * acts never enter it). Rejected entries are the evidence of invalid acts, with the reason.
 */
export function federationRoutes(app: FastifyInstance, alliance: AllianceLog): void {
  app.get(
    '/api/federation/status',
    {
      schema: {
        tags,
        summary: 'This node in the alliance: stream position, applied/rejected counts, log hash',
        response: { 200: Answer({}, 'AllianceLog.status(): stream position, counts, log hash') },
      },
    },
    async () => alliance.status(),
  );
  app.get<{ Querystring: Static<typeof EntryQuery> }>(
    '/api/federation/log',
    {
      schema: {
        tags,
        summary: 'Entries of the alliance log in stream order (applied and rejected)',
        querystring: EntryQuery,
        response: { 200: Entries },
      },
    },
    async (req) => ({ entries: await alliance.entries(req.query) }),
  );
  app.get<{ Querystring: Static<typeof EntryQuery> }>(
    '/api/federation/rejected',
    {
      schema: {
        tags,
        summary:
          'Acts this node refused to apply, each with the reason and the message as received',
        querystring: EntryQuery,
        response: { 200: Entries },
      },
    },
    async (req) => ({ entries: await alliance.entries({ ...req.query, status: 'rejected' }) }),
  );
  app.get(
    '/api/federation/checkpoint',
    {
      schema: {
        tags,
        summary:
          "The alliance log's checkpoint this node cosigned last and the latest final one (cosigned by the charter's quorum of members' nodes), with their cosigners; a warning when this node has seen inconsistent checkpoints",
        response: {
          200: Answer({ node: Type.String({ description: "this node's actor" }) }),
        },
      },
    },
    async () => ({ node: alliance.nodeActor, ...(await alliance.tlog.summary()) }),
  );
  app.get<{ Querystring: Static<typeof InclusionQuery> }>(
    '/api/federation/proof/inclusion',
    {
      schema: {
        tags,
        summary:
          'RFC 9162 inclusion proof of the message at a stream sequence in the alliance tree of a given size',
        querystring: InclusionQuery,
        response: { 200: Answer({}, 'RFC 9162 inclusion proof with the leaf and root') },
      },
    },
    async (req) => {
      const size =
        req.query.treeSize ?? (await alliance.tlog.summary()).latest?.size ?? req.query.streamSeq;
      return alliance.tlog.inclusion(req.query.streamSeq, size);
    },
  );
  app.get<{ Querystring: Static<typeof ConsistencyQuery> }>(
    '/api/federation/proof/consistency',
    {
      schema: {
        tags,
        summary:
          'RFC 9162 consistency proof between two sizes of the alliance tree, and both roots',
        querystring: ConsistencyQuery,
        response: { 200: Answer({}, 'RFC 9162 consistency proof and both roots') },
      },
    },
    async (req) => alliance.tlog.consistency(req.query.from, req.query.to),
  );
  app.get(
    '/api/federation/evidence',
    {
      schema: {
        tags,
        summary:
          'Pairs of signed alliance checkpoints that contradict each other (fork, truncation, equivocation, split view), both notes kept',
        response: { 200: Answer({ evidence: Type.Array(Anything()) }) },
      },
    },
    async () => ({ evidence: await alliance.tlog.evidence() }),
  );
  app.get(
    '/api/federation/keys',
    {
      schema: {
        tags,
        summary: "The alliance's key directory: public keys by actor, pinned or registered",
        response: { 200: Answer({ keys: Type.Array(Anything()) }) },
      },
    },
    async () => ({ keys: await alliance.keys() }),
  );
  app.post<{ Body: Static<typeof Registration> }>(
    '/api/federation/keys',
    {
      schema: {
        tags,
        summary:
          "Register a member node's public key (secretariat): published as a secretariat act every node applies",
        body: Registration,
        response: {
          201: Answer({
            streamSeq: Type.Number(),
            member: Type.String(),
            keyId: Type.String(),
            publicKey: Type.String(),
          }),
        },
      },
    },
    async (req, reply) => {
      requireSecretariat(req.principal);
      const registration: KeyRegistration = checkRegistration(req.body);
      const outcome = await alliance.submit(
        alliance.nodeActor,
        KEY_REGISTERED,
        `key:${registration.keyId}`,
        registration,
      );
      return reply.code(201).send({ streamSeq: outcome.streamSeq, ...registration });
    },
  );
}
