import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ActSummary, Answer, Anything } from '../core/answers.js';
import { isValidDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { requireAuthenticated, requireMember } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import { AREAS, CONTRIBUTION_KINDS, COUNCIL_ACTIONS } from './model.js';
import type { ProgrammeDesk } from './programme-desk.js';
import { roadmap, roadmapCsv, roadmapIcs } from './roadmap.js';

const tags = ['programmes'];
const Iso3 = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }) });
const MilestoneParam = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }),
  mid: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }),
});
const RequestParam = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }),
  rid: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }),
});
const lits = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

const MilestoneBody = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 300 }),
    due: Day,
    owner: Iso3,
  },
  { additionalProperties: false },
);
const Governance = Type.Union([
  Type.Object({ rule: Type.Literal('opt-in') }, { additionalProperties: false }),
  Type.Object(
    {
      rule: Type.Literal('council'),
      charterId: Type.String({ description: "council charter, e.g. 'gcc'" }),
      decisionType: Type.String({ description: "the charter's decision type, e.g. 'substantive'" }),
      requiredFor: Type.Array(lits(COUNCIL_ACTIONS), { minItems: 1, maxItems: 2 }),
    },
    { additionalProperties: false },
  ),
]);
const ProposeBody = Type.Object(
  {
    allianceId: Type.String({ description: 'alliance whose members may take part, e.g. gcc' }),
    title: Type.String({ minLength: 3, maxLength: 300 }),
    area: lits(AREAS),
    objectives: Type.Array(Type.String({ minLength: 3, maxLength: 1000 }), {
      minItems: 1,
      maxItems: 20,
    }),
    governance: Governance,
    milestones: Type.Optional(Type.Array(MilestoneBody, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
const LeaveBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
const CompleteBody = Type.Object(
  { evidence: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
const ContributionBody = Type.Object(
  {
    kind: lits(CONTRIBUTION_KINDS),
    description: Type.String({ minLength: 3, maxLength: 1000 }),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e15 }),
    unit: Type.String({
      maxLength: 10,
      description:
        "money: ISO 4217 currency; personnel: 'persons'; equipment: 'items'; data: 'datasets'",
    }),
  },
  { additionalProperties: false },
);
const RequestBody = Type.Object(
  {
    action: lits(COUNCIL_ACTIONS),
    milestoneId: Type.Optional(Type.String({ maxLength: 80 })),
    evidence: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { alliance: Type.Optional(Type.String({ maxLength: 64 })), member: Type.Optional(Iso3) },
  { additionalProperties: false },
);
const RoadmapQuery = Type.Object(
  {
    alliance: Type.Optional(Type.String({ maxLength: 64 })),
    member: Type.Optional(Iso3),
    format: Type.Optional(lits(['json', 'csv', 'ics'] as const)),
  },
  { additionalProperties: false },
);

/** One line of a programme's or a cyber case's history (HistoryEntry in model.ts). */
export const HistoryLine = Answer(
  {
    seq: Type.Number({ description: 'the signed act in the record' }),
    at: Type.String(),
    actor: Type.String({
      description: "ISO3, 'SECRETARIAT', or '<ISO3> (illustrative)' for seeded example data",
    }),
    type: Type.Optional(Type.String({ description: 'the act type (programmes only)' })),
    summary: Type.String({ description: 'the line as a finished English sentence' }),
    code: Type.Optional(
      Type.String({
        description:
          "stable message code, e.g. 'programme.joined' (docs/programmes.md lists them); absent in states stored before codes existed: use summary",
      }),
    ),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
        description:
          "the code's parameters, as data: ISO3 codes, ids, YYYY-MM-DD dates, amounts, the act's own text",
      }),
    ),
  },
  'One line of the history: the English summary, and the same as a message code with params',
);

const ProgrammeAnswer = Answer(
  {
    id: Type.String(),
    allianceId: Type.String(),
    title: Type.String(),
    area: Type.String(),
    participants: Type.Array(Anything()),
    milestones: Type.Array(Anything()),
    history: Type.Array(HistoryLine, { description: 'the signed acts, oldest first' }),
  },
  'A programme: governance, participants, milestones, contributions, council requests',
);

/** A signed act's summary in answers. */
const actOf = (a: { id: string; seq: number; at: string; actor: string; type: string }) => ({
  id: a.id,
  seq: a.seq,
  at: a.at,
  actor: a.actor,
  type: a.type,
});

export function programmeRoutes(app: FastifyInstance, deps: Deps, desk: ProgrammeDesk): void {
  const security = [{ bearer: [] }];
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/programmes',
    {
      schema: {
        tags,
        summary: 'Cooperation programmes (public): participants, milestones, contributions',
        querystring: ListQuery,
        response: { 200: Type.Array(ProgrammeAnswer) },
      },
    },
    async (req) => desk.list({ allianceId: req.query.alliance, member: req.query.member }),
  );
  app.get<{ Querystring: Static<typeof RoadmapQuery> }>(
    '/api/programmes/roadmap',
    {
      schema: {
        tags,
        summary:
          'Roadmap: milestones of every programme on a timeline, per member (owner); JSON, CSV (format=csv) or iCalendar (format=ics)',
        querystring: RoadmapQuery,
        response: {
          200: {
            description: 'The roadmap: JSON rows, CSV or iCalendar',
            content: {
              'application/json': { schema: Answer({ rows: Type.Array(Anything()) }) },
              'text/csv': { schema: Type.String() },
              'text/calendar': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const rows = roadmap(await desk.list({ allianceId: req.query.alliance }), {
        member: req.query.member,
      });
      if (req.query.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="roadmap.csv"')
          .send(roadmapCsv(rows));
      if (req.query.format === 'ics')
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="roadmap.ics"')
          .send(roadmapIcs(rows, deps.clock.now()));
      return { rows };
    },
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/programmes/:id',
    {
      schema: {
        tags,
        summary: 'One programme with its history of signed acts',
        params: IdParam,
        response: { 200: ProgrammeAnswer },
      },
    },
    async (req) => desk.get(req.params.id),
  );
  app.post<{ Body: Static<typeof ProposeBody> }>(
    '/api/programmes',
    {
      schema: {
        tags,
        summary: 'Propose a programme (the proposer takes part); a signed act of the caller',
        body: ProposeBody,
        security,
        response: { 201: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req, reply) => {
      const member = requireMember(req.principal);
      for (const [i, m] of (req.body.milestones ?? []).entries())
        if (!isValidDay(m.due))
          throw badInput(`milestones/${i}/due`, `'${m.due}' is not a date`).withDetail(
            { format: 'date' },
            'validation.format',
          );
      const r = await desk.propose({ member }, req.body);
      return reply.code(201).send({ act: actOf(r.act), programme: r.programme });
    },
  );
  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/programmes/:id/join',
    {
      schema: {
        tags,
        summary:
          'Join (opt in); refused with council_decision_required when the charter gives admission to the council',
        params: IdParam,
        security,
        response: { 200: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req) => {
      const r = await desk.join({ member: requireMember(req.principal) }, req.params.id);
      return { act: actOf(r.act), programme: r.programme };
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof LeaveBody> }>(
    '/api/programmes/:id/leave',
    {
      schema: {
        tags,
        summary: 'Leave a programme',
        params: IdParam,
        body: LeaveBody,
        security,
        response: { 200: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req) => {
      const r = await desk.leave(
        { member: requireMember(req.principal) },
        req.params.id,
        req.body?.reason,
      );
      return { act: actOf(r.act), programme: r.programme };
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof MilestoneBody> }>(
    '/api/programmes/:id/milestones',
    {
      schema: {
        tags,
        summary: 'Add a milestone (a participant; the owner must take part)',
        params: IdParam,
        body: MilestoneBody,
        security,
        response: { 201: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req, reply) => {
      if (!isValidDay(req.body.due))
        throw badInput('due', `'${req.body.due}' is not a date`).withDetail(
          { format: 'date' },
          'validation.format',
        );
      const r = await desk.addMilestone(
        { member: requireMember(req.principal) },
        req.params.id,
        req.body,
      );
      return reply.code(201).send({ act: actOf(r.act), programme: r.programme });
    },
  );
  app.post<{ Params: Static<typeof MilestoneParam>; Body: Static<typeof CompleteBody> }>(
    '/api/programmes/:id/milestones/:mid/complete',
    {
      schema: {
        tags,
        summary: 'Complete a milestone (its owner), with evidence',
        params: MilestoneParam,
        body: CompleteBody,
        security,
        response: { 200: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req) => {
      const r = await desk.completeMilestone(
        { member: requireMember(req.principal) },
        req.params.id,
        req.params.mid,
        req.body.evidence,
      );
      return { act: actOf(r.act), programme: r.programme };
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ContributionBody> }>(
    '/api/programmes/:id/contributions',
    {
      schema: {
        tags,
        summary: 'Commit a contribution: money, personnel, equipment or data (a participant)',
        params: IdParam,
        body: ContributionBody,
        security,
        response: { 201: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req, reply) => {
      const r = await desk.commit(
        { member: requireMember(req.principal) },
        req.params.id,
        req.body,
      );
      return reply.code(201).send({ act: actOf(r.act), programme: r.programme });
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof RequestBody> }>(
    '/api/programmes/:id/requests',
    {
      schema: {
        tags,
        summary:
          'Ask the council to decide an act the charter gives it (join, complete); answers the council decision to open (POST /api/council/procedures)',
        params: IdParam,
        body: RequestBody,
        security,
        response: {
          201: Answer({
            act: ActSummary,
            request: Anything('the council request'),
            councilProcedure: Anything('the council procedure opened for it, if any'),
            programme: ProgrammeAnswer,
          }),
        },
      },
    },
    async (req, reply) => {
      if (req.body.action === 'complete' && !req.body.milestoneId)
        throw badInput('milestoneId', 'a completion request names the milestone').withDetail(
          {},
          'validation.required',
        );
      if (req.body.action === 'complete' && !req.body.evidence)
        throw badInput('evidence', 'a completion request gives its evidence').withDetail(
          {},
          'validation.required',
        );
      const r = await desk.fileRequest(
        { member: requireMember(req.principal) },
        req.params.id,
        req.body.action,
        req.body,
      );
      return reply.code(201).send({
        act: actOf(r.act),
        request: r.request,
        councilProcedure: r.councilProcedure,
        programme: r.programme,
      });
    },
  );
  app.post<{ Params: Static<typeof RequestParam> }>(
    '/api/programmes/:id/requests/:rid/settle',
    {
      schema: {
        tags,
        summary:
          "Enter the council's outcome on a request once its decision has closed (signed by the secretariat; done automatically when the node sees the decision close)",
        params: RequestParam,
        security,
        response: { 200: Answer({ act: ActSummary, programme: ProgrammeAnswer }) },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      const r = await desk.settle(req.params.id, req.params.rid);
      return { act: actOf(r.act), programme: r.programme };
    },
  );
}
