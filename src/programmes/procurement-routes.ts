import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { Answer } from '../core/answers.js';
import { requireMember } from '../runtime/auth.js';
import { MAX_BUDGET, type ProcurementDesk } from './procurement-desk.js';

const tags = ['procurement'];
const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }) });
const Budget = Type.Integer({
  minimum: 1,
  maximum: MAX_BUDGET,
  description: 'how many units may be re-equipped',
});
const ComputeQuery = Type.Object(
  { alliance: Type.String({ maxLength: 64 }), budget: Type.Optional(Budget) },
  { additionalProperties: false },
);
const ProposeBody = Type.Object(
  { allianceId: Type.String({ maxLength: 64 }), budget: Budget },
  { additionalProperties: false },
);
const CommitBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { alliance: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

/** Defence-industrial proposals: docs/programmes.md, "Defence-industrial proposal". */ const ProposalAnswer =
  Answer({
    id: Type.String(),
    allianceId: Type.String(),
    proposedBy: Type.String(),
    proposedAt: Type.String(),
    status: Type.String(),
  });

export function procurementRoutes(app: FastifyInstance, desk: ProcurementDesk): void {
  app.get<{ Querystring: Static<typeof ComputeQuery> }>(
    '/api/procurement/proposal',
    {
      schema: {
        tags,
        summary:
          "Propose a common data-link standard and the units to equip (closing the most data gaps of the alliance's pledged units for the fewest members' changes): who gains, the equipment changes, the brute-force optimum on ≤ 12 units, the force-generation shortfalls",
        querystring: ComputeQuery,
        response: { 200: Answer({}, 'The computed proposal: projects, costs, shares') },
      },
    },
    async (req) => desk.compute(req.query.alliance, req.query.budget ?? 4),
  );
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/procurement/proposals',
    {
      schema: {
        tags,
        summary: 'Recorded proposals and commitments',
        querystring: ListQuery,
        response: { 200: Type.Array(ProposalAnswer) },
      },
    },
    async (req) => desk.list(req.query.alliance),
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/procurement/proposals/:id',
    {
      schema: {
        tags,
        summary: 'One recorded proposal',
        params: IdParam,
        response: { 200: ProposalAnswer },
      },
    },
    async (req) => desk.get(req.params.id),
  );
  app.post<{ Body: Static<typeof ProposeBody> }>(
    '/api/procurement/proposals',
    {
      schema: {
        tags,
        summary:
          'Record the proposal computed now as a signed act of the member (procurement.proposed)',
        body: ProposeBody,
        security: [{ bearer: [] }],
        response: { 201: ProposalAnswer },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await desk.propose(requireMember(req.principal), req.body.allianceId, req.body.budget),
        ),
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof CommitBody> }>(
    '/api/procurement/proposals/:id/commitments',
    {
      schema: {
        tags,
        summary:
          'Commit to re-equipping your units named in the proposal (procurement.committed, signed by the member)',
        params: IdParam,
        body: CommitBody,
        security: [{ bearer: [] }],
        response: { 201: ProposalAnswer },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await desk.commit(requireMember(req.principal), req.params.id, req.body.note)),
  );
}
