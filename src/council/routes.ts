import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ActSummary, Answer, Anything, Nullable } from '../core/answers.js';
import { dayOf, parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import { requireAuthenticated, requireMember, type Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { CouncilService } from './council-service.js';
import { describeRule } from './decision-rules.js';

const tags = ['council'];
const Iso3 = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' });
const IsoTime = Type.String({
  format: 'date-time',
  description: 'ISO 8601 time, e.g. 2025-09-15T12:00:00Z',
});
const IdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }) });

const OpenBody = Type.Object(
  {
    charterId: Type.String({
      description:
        "Charter (alliance) id: 'gcc', 'arab-league', 'arab-league-jdec', 'oic', 'joint-arab-force', 'nato-reference'",
    }),
    kind: Type.Union(
      [Type.Literal('consultation'), Type.Literal('defence'), Type.Literal('decision')],
      {
        description:
          'consultation: request by a threatened member; defence: invocation of the collective-defence clause by the attacked member; decision: a text put to the charter\u2019s rule',
      },
    ),
    title: Type.String({ minLength: 3, maxLength: 300 }),
    matter: Type.String({
      minLength: 2,
      maxLength: 120,
      pattern: '^[a-z0-9][a-z0-9-]*$',
      description:
        'Slug of the matter; a use-of-force decision needs a closed consultation on the same matter',
    }),
    text: Type.Optional(Type.String({ maxLength: 20000 })),
    deadline: Type.Optional(Type.Union([IsoTime, Type.Null()])),
    grounds: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Literal('territorial_integrity'),
          Type.Literal('political_independence'),
          Type.Literal('security'),
        ]),
        { minItems: 1 },
      ),
    ),
    article: Type.Optional(
      Type.String({
        description: 'defence: the treaty article invoked, exactly as the charter names it',
      }),
    ),
    decisionType: Type.Optional(
      Type.String({
        description:
          'decision: one of the charter\u2019s decision types (measures, use_of_force, statement, appointment, general…)',
      }),
    ),
    parties: Type.Optional(
      Type.Array(
        Type.Object({
          member: Iso3,
          role: Type.Union([
            Type.Literal('aggressor'),
            Type.Literal('attacked'),
            Type.Literal('accused'),
          ]),
        }),
      ),
    ),
    appointment: Type.Optional(
      Type.Object({
        office: Type.Literal('secretary-general'),
        person: Type.String({ minLength: 2, maxLength: 200 }),
        nationality: Iso3,
        from: Type.String({ description: 'YYYY-MM-DD' }),
      }),
    ),
    relatedTo: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const ActBody = Type.Object(
  {
    act: Type.Union([
      Type.Literal('vote'),
      Type.Literal('objection'),
      Type.Literal('position'),
      Type.Literal('assistance'),
    ]),
    choice: Type.Optional(
      Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('abstain')]),
    ),
    stance: Type.Optional(Type.String({ maxLength: 60 })),
    statement: Type.Optional(Type.String({ maxLength: 5000 })),
    assistanceKind: Type.Optional(
      Type.String({
        maxLength: 60,
        description: 'assistance: e.g. air-defence, medical, logistics, diplomatic',
      }),
    ),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
const CloseBody = Type.Object(
  { summary: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
const DeclineBody = Type.Object(
  {
    charterId: Type.String(),
    termFrom: Type.String({ description: 'YYYY-MM-DD start of the term' }),
    substitute: Type.Optional(Iso3),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    charter: Type.Optional(Type.String()),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  },
  { additionalProperties: false },
);
const OfficesQuery = Type.Object(
  {
    charter: Type.String(),
    date: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today' })),
  },
  { additionalProperties: false },
);
const CalendarQuery = Type.Object(
  {
    charter: Type.String(),
    until: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today' })),
  },
  { additionalProperties: false },
);

/**
 * The fields a procedure's agenda entry and its detail share, in the detail's order. Fastify writes an
 * answer's keys in its schema's order, and the agenda places `decisionType` after `kind`: it takes the
 * identity fields out of the base and puts `decisionType` between them and the rest (key order pinned by
 * src/council/routes.test.ts).
 */
const procedureBase = {
  id: Type.String(),
  charterId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  matter: Type.String(),
  openedBy: Type.String(),
  openedAt: Type.String(),
  deadline: Nullable(Type.String()),
  status: Type.String(),
  closedAt: Nullable(Type.String()),
};
const {
  id: procedureId,
  charterId: procedureCharter,
  kind: procedureKind,
  ...procedureCourse
} = procedureBase;

const ProcedureSummary = Answer(
  {
    id: procedureId,
    charterId: procedureCharter,
    kind: procedureKind,
    decisionType: Nullable(Type.String()),
    ...procedureCourse,
    closedSeq: Nullable(Type.Number()),
    outcome: Anything('decisions: the outcome stored at closing, else null'),
    replayCase: Nullable(Type.String({ description: 'the historical case a replay depicts' })),
  },
  'A procedure on the agenda (the same camelCase names as its detail)',
);

const ProcedureAnswer = Answer(
  {
    ...procedureBase,
    summary: Nullable(Type.String()),
    open: Anything('the opening act\u2019s payload'),
    positions: Type.Array(Anything()),
    assistance: Type.Array(Anything()),
    votes: Type.Array(Anything()),
    objections: Type.Array(Anything()),
    outcome: Anything('decisions: the outcome once closed, else null'),
    refusal: Nullable(Type.String()),
    timeline: Type.Array(Anything()),
    liveOutcome: Anything('open decisions: the live outcome'),
    rule: Nullable(Type.String()),
    ruleKind: Nullable(Type.String()),
  },
  'A procedure: timeline (who said what when), live tally and outcome, who is bound',
);

/** The member acting, or the secretariat (which may circulate silence texts and close procedures). */
function actor(p: Principal): string {
  requireAuthenticated(p);
  return p.role === 'secretariat' && !p.member ? SECRETARIAT : requireMember(p);
}

export function councilRoutes(app: FastifyInstance, deps: Deps, service: CouncilService): void {
  app.get(
    '/api/council/charters',
    {
      schema: {
        tags,
        summary:
          'Council charters: offices, decision rules (with sources) and procedures per alliance',
        response: {
          200: Type.Array(
            Answer(
              {
                id: Type.String(),
                name: Type.String(),
                decisions: Type.Record(Type.String(), Answer({ ruleText: Type.String() })),
              },
              'A charter: offices, decision rules with sources, procedures',
            ),
          ),
        },
      },
    },
    async () =>
      service.charters.all.map((c) => ({
        ...c,
        decisions: Object.fromEntries(
          Object.entries(c.decisions).map(([k, d]) => [
            k,
            { ...d, ruleText: describeRule(d.rule) },
          ]),
        ),
      })),
  );
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/council/procedures',
    {
      schema: {
        tags,
        summary: "The council's agenda: procedures, newest first",
        querystring: ListQuery,
        response: { 200: Type.Array(ProcedureSummary) },
      },
    },
    async (req) => service.list({ charterId: req.query.charter, status: req.query.status }),
  );
  app.post<{ Body: Static<typeof OpenBody> }>(
    '/api/council/procedures',
    {
      schema: {
        tags,
        summary:
          'Open a procedure (request consultations, invoke the collective-defence clause, or table a decision); a signed act of the caller',
        body: OpenBody,
        security: [{ bearer: [] }],
        response: { 201: ProcedureAnswer },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.deadline && Number.isNaN(Date.parse(b.deadline)))
        throw badInput('deadline', 'deadline must be an ISO 8601 time');
      const view = await service.open(actor(req.principal), {
        ...b,
        deadline: b.deadline ? new Date(b.deadline).toISOString() : null,
      });
      return reply.code(201).send(view);
    },
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/council/procedures/:id',
    {
      schema: {
        tags,
        summary: 'A procedure: timeline (who said what when), live tally and outcome, who is bound',
        params: IdParam,
        response: { 200: ProcedureAnswer },
      },
    },
    async (req) => service.get(req.params.id),
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ActBody> }>(
    '/api/council/procedures/:id/acts',
    {
      schema: {
        tags,
        summary:
          'Act in a procedure as the calling member: vote, formal objection, position, or assistance (signed, recorded)',
        params: IdParam,
        body: ActBody,
        security: [{ bearer: [] }],
        response: { 201: Answer({ act: ActSummary, procedure: ProcedureAnswer }) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.act === 'position' && !b.statement?.trim())
        throw badInput(
          'body/statement',
          'a position needs its statement: write what the member states',
        );
      const result = await service.act(req.params.id, b.act, requireMember(req.principal), {
        choice: b.choice,
        stance: b.stance,
        statement: b.statement,
        kind: b.assistanceKind,
        description: b.description,
      });
      return reply.code(201).send(result);
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof CloseBody> }>(
    '/api/council/procedures/:id/close',
    {
      schema: {
        tags,
        summary:
          'Close a procedure (the member that opened it, or the secretariat); a decision\u2019s outcome is computed and recorded',
        params: IdParam,
        body: CloseBody,
        security: [{ bearer: [] }],
        response: { 200: ProcedureAnswer },
      },
    },
    async (req) => service.close(req.params.id, actor(req.principal), req.body?.summary),
  );
  app.get<{ Querystring: Static<typeof OfficesQuery> }>(
    '/api/council/offices',
    {
      schema: {
        tags,
        summary: 'Who holds which office (chair, secretary-general) on a date',
        querystring: OfficesQuery,
        response: { 200: Answer({}, 'The chair and the secretary-general on the date') },
      },
    },
    async (req) =>
      service.offices(
        req.query.charter,
        req.query.date ? parseDay(req.query.date, 'query/date') : dayOf(deps.clock.now()),
      ),
  );
  app.get<{ Querystring: Static<typeof CalendarQuery> }>(
    '/api/council/offices/calendar',
    {
      schema: {
        tags,
        summary: 'Every chair term (with declines) and secretary-general term up to a date',
        querystring: CalendarQuery,
        response: {
          200: Answer(
            { charterId: Type.String() },
            'Chair terms (with declines) and secretary-general terms',
          ),
        },
      },
    },
    async (req) =>
      service.calendar(
        req.query.charter,
        req.query.until ? parseDay(req.query.until, 'query/until') : dayOf(deps.clock.now()),
      ),
  );
  app.post<{ Body: Static<typeof DeclineBody> }>(
    '/api/council/chair/declines',
    {
      schema: {
        tags,
        summary:
          'Decline the calling member\u2019s turn in the chair (optionally naming a substitute)',
        body: DeclineBody,
        security: [{ bearer: [] }],
        response: { 201: Answer({}, 'The declined term and who takes the chair') },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await service.declineChair(
            requireMember(req.principal),
            req.body.charterId,
            req.body.termFrom,
            req.body.substitute,
          ),
        ),
  );
}
