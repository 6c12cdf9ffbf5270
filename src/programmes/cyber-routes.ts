import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ActSummary, Answer } from '../core/answers.js';
import { requireAuthenticated, requireMember, type Principal } from '../runtime/auth.js';
import type { CaseReader } from './case-visibility.js';
import type { CyberDesk } from './cyber-desk.js';
import { SEVERITIES } from './cyber-model.js';
import { HistoryLine } from './routes.js';

const tags = ['cyber'];
const Iso3 = Type.String({ pattern: '^[A-Z]{3}$' });
const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }) });
const lits = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const DeclareBody = Type.Object(
  {
    programmeId: Type.String({ maxLength: 80 }),
    title: Type.String({ minLength: 3, maxLength: 300 }),
    description: Type.String({ minLength: 3, maxLength: 5000 }),
    severity: lits(SEVERITIES),
    classification: lits(['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const),
    releasableTo: Type.Optional(
      Type.Array(Iso3, {
        maxItems: 60,
        description: 'participants the case is released to (default: every other participant)',
      }),
    ),
    requestedAssistance: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 200 }), { maxItems: 20 }),
    ),
    stixIds: Type.Optional(
      Type.Array(Type.String({ maxLength: 100 }), {
        maxItems: 100,
        description:
          'STIX 2.1 ids of objects in the intelligence hub (a link grants no access to them)',
      }),
    ),
  },
  { additionalProperties: false },
);
const OfferBody = Type.Object(
  {
    kind: Type.String({ minLength: 2, maxLength: 100 }),
    description: Type.String({ minLength: 3, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
const StatusBody = Type.Object(
  { status: lits(['open', 'contained', 'recovering'] as const) },
  { additionalProperties: false },
);
const CloseBody = Type.Object(
  { summary: Type.String({ minLength: 3, maxLength: 5000 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'search title, description and STIX ids' }),
    ),
  },
  { additionalProperties: false },
);

const CaseAnswer = Answer(
  {
    id: Type.String(),
    title: Type.String(),
    status: Type.String(),
    history: Type.Array(HistoryLine, { description: 'the case acts, oldest first' }),
  },
  'A cyber case as the reader may see it',
);
const readerOf = (p: Principal): CaseReader => ({ member: p.member, clearance: p.clearance });
const actorOf = (p: Principal) => ({ member: requireMember(p), clearance: p.clearance });
const actOf = (a: { id: string; seq: number; at: string; actor: string; type: string }) => ({
  id: a.id,
  seq: a.seq,
  at: a.at,
  actor: a.actor,
  type: a.type,
});

/** Cyber incident cases: only the members a case is released to (with the clearance) ever see it. */
export function cyberRoutes(app: FastifyInstance, desk: CyberDesk): void {
  const security = [{ bearer: [] }];
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/cyber/cases',
    {
      schema: {
        tags,
        summary: 'Cyber incident cases released to the caller, optionally searched',
        querystring: ListQuery,
        security,
        response: { 200: Type.Array(CaseAnswer) },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return desk.list(readerOf(req.principal), req.query.q);
    },
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/cyber/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case (404 when it is not released to the caller, as if it did not exist)',
        params: IdParam,
        security,
        response: { 200: CaseAnswer },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return desk.get(readerOf(req.principal), req.params.id);
    },
  );
  app.post<{ Body: Static<typeof DeclareBody> }>(
    '/api/cyber/cases',
    {
      schema: {
        tags,
        summary: 'Declare an incident (the affected member, a participant of the programme)',
        body: DeclareBody,
        security,
        response: { 201: Answer({ act: ActSummary, case: CaseAnswer }) },
      },
    },
    async (req, reply) => {
      const r = await desk.declare(actorOf(req.principal), req.body);
      return reply.code(201).send({ act: actOf(r.act), case: r.case });
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof OfferBody> }>(
    '/api/cyber/cases/:id/offers',
    {
      schema: {
        tags,
        summary: 'Offer help (a member the case is released to)',
        params: IdParam,
        body: OfferBody,
        security,
        response: { 201: Answer({ act: ActSummary, case: CaseAnswer }) },
      },
    },
    async (req, reply) => {
      const r = await desk.offer(actorOf(req.principal), req.params.id, req.body);
      return reply.code(201).send({ act: actOf(r.act), case: r.case });
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof StatusBody> }>(
    '/api/cyber/cases/:id/status',
    {
      schema: {
        tags,
        summary: 'Change the status (the declarer)',
        params: IdParam,
        body: StatusBody,
        security,
        response: { 200: Answer({ act: ActSummary, case: CaseAnswer }) },
      },
    },
    async (req) => {
      const r = await desk.setStatus(actorOf(req.principal), req.params.id, req.body.status);
      return { act: actOf(r.act), case: r.case };
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof CloseBody> }>(
    '/api/cyber/cases/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the case with a summary (the declarer)',
        params: IdParam,
        body: CloseBody,
        security,
        response: { 200: Answer({ act: ActSummary, case: CaseAnswer }) },
      },
    },
    async (req) => {
      const r = await desk.close(actorOf(req.principal), req.params.id, req.body.summary);
      return { act: actOf(r.act), case: r.case };
    },
  );
}
