import { fieldsOf } from '../core/objects.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { Answer, Anything } from '../core/answers.js';
import { badInput, forbidden, notFound } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import { requireAuthenticated, requireMember, requireSecretariat } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Catalogue } from './catalogue.js';
import { ExercisePlanner } from './exercise-planner.js';
import { allianceMatrix, forcesBoard } from './forces-board.js';
import { ForceGenerator } from './force-generator.js';
import { UNIT_TYPES } from './model.js';
import { PledgeDesk } from './pledge-desk.js';
import { ForcesRepository } from './repository.js';
import {
  AarBodyT,
  CostFormulaBodyT,
  ExerciseBodyT,
  HeadquartersBodyT,
  PledgeBodyT,
  PledgePatchT,
  RequirementBodyT,
} from './schemas.js';

const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const AllianceParam = Type.Object({ alliance: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) });
const PledgeQuery = Type.Object(
  {
    alliance: Type.Optional(Type.String()),
    member: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    capability: Type.Optional(Type.Union(UNIT_TYPES.map((t) => Type.Literal(t)))),
    includeWithdrawn: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const MatrixQuery = Type.Object(
  {
    alliance: Type.String(),
    member: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    capability: Type.Optional(Type.Union(UNIT_TYPES.map((t) => Type.Literal(t)))),
    units: Type.Optional(
      Type.String({
        description: 'comma-separated unit keys pledgeId/unitId: the matrix of exactly these units',
      }),
    ),
  },
  { additionalProperties: false },
);
const AllianceQuery = Type.Object(
  { alliance: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const BoardQuery = Type.Object(
  { requirement: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const ReasonQuery = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

const PledgeAnswer = Answer({
  id: Type.String(),
  allianceId: Type.String(),
  member: Type.String(),
  status: Type.String(),
  version: Type.Number(),
});
const HeadquartersAnswer = Answer({
  allianceId: Type.String(),
  host: Type.String(),
  actId: Type.String(),
});
const RequirementAnswer = Answer({
  id: Type.String(),
  allianceId: Type.String(),
  statedBy: Type.String({ description: 'member ISO3 or SECRETARIAT' }),
  title: Type.String(),
});
const ExerciseAnswer = Answer({
  id: Type.String(),
  allianceId: Type.String(),
  plannedBy: Type.String(),
  title: Type.String(),
});

/** Member acting, or the secretariat acting for the council. */
const actorOf = (req: FastifyRequest): string =>
  req.principal.role === 'secretariat' && !req.principal.member
    ? SECRETARIAT
    : requireMember(req.principal);

export function forcesRoutes(app: FastifyInstance, deps: Deps, catalogue: Catalogue): void {
  const tags = ['forces'];
  const desk = new PledgeDesk(deps, catalogue);
  const planner = new ExercisePlanner(deps, catalogue);
  const generator = new ForceGenerator(deps);
  const repo = () => ForcesRepository.on(deps.store.db);

  app.get(
    '/api/equipment',
    {
      schema: {
        tags,
        summary:
          'Equipment catalogue: families and the interoperability standards they implement (sourced)',
        response: {
          200: Answer({ standards: Type.Array(Anything()), families: Type.Array(Anything()) }),
        },
      },
    },
    async () => ({
      standards: [...catalogue.standards.values()],
      families: [...catalogue.families.values()],
    }),
  );

  app.get<{ Querystring: Static<typeof PledgeQuery> }>(
    '/api/pledges',
    {
      schema: {
        tags,
        summary: 'Force pledges, filtered by alliance, member, capability',
        querystring: PledgeQuery,
        response: { 200: Type.Array(PledgeAnswer) },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      const q = req.query;
      return repo().pledges({
        allianceId: q.alliance,
        member: q.member,
        capability: q.capability,
        includeWithdrawn: q.includeWithdrawn,
      });
    },
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/pledges/:id',
    {
      schema: {
        tags,
        summary: 'One pledge with its signed history (raised, amended, withdrawn)',
        params: IdParam,
        response: {
          200: Answer({
            ...PledgeAnswer.properties,
            history: Type.Array(
              Answer({
                seq: Type.Number(),
                id: Type.String(),
                at: Type.String(),
                actor: Type.String(),
                type: Type.String(),
                hash: Type.String(),
                signature: Type.String(),
                keyId: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      const p = await repo().pledge(req.params.id);
      if (!p) throw notFound('pledge', req.params.id);
      const history = await deps.record.list({ subject: p.id, typePrefix: 'forces.pledge.' });
      return {
        ...p,
        history: history.map((a) => ({
          seq: a.seq,
          id: a.id,
          at: a.at,
          actor: a.actor,
          type: a.type,
          hash: a.hash,
          signature: a.signature,
          keyId: a.keyId,
        })),
      };
    },
  );
  app.post<{ Body: Static<typeof PledgeBodyT> }>(
    '/api/pledges',
    {
      schema: {
        tags,
        summary: 'Raise a pledge (as the member)',
        body: PledgeBodyT,
        response: { 201: PledgeAnswer },
      },
    },
    async (req, reply) => {
      const member = requireMember(req.principal);
      return reply.code(201).send(await desk.raise(member, req.body));
    },
  );
  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PledgePatchT> }>(
    '/api/pledges/:id',
    {
      schema: {
        tags,
        summary: 'Amend a pledge (replaces its units and period)',
        params: IdParam,
        body: PledgePatchT,
        response: { 200: PledgeAnswer },
      },
      // Who may amend is settled before the body is validated: a non-owner gets 403, not a 400 about the body.
      preValidation: async (req) => {
        const member = requireMember(req.principal);
        const id = fieldsOf(req.params).id; // not validated yet: read as unknown
        const p = typeof id === 'string' ? await repo().pledge(id) : undefined;
        if (p && p.member !== member)
          throw forbidden(`pledge ${p.id} belongs to ${p.member}; only ${p.member} may change it`);
      },
    },
    async (req) => desk.amend(requireMember(req.principal), req.params.id, req.body),
  );
  app.delete<{ Params: Static<typeof IdParam>; Querystring: Static<typeof ReasonQuery> }>(
    '/api/pledges/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a pledge',
        params: IdParam,
        querystring: ReasonQuery,
        response: { 200: PledgeAnswer },
      },
    },
    async (req) => desk.withdraw(requireMember(req.principal), req.params.id, req.query.reason),
  );

  app.get<{ Params: Static<typeof AllianceParam> }>(
    '/api/forces/headquarters/:alliance',
    {
      schema: {
        tags,
        summary: 'The recorded headquarters and its host',
        params: AllianceParam,
        response: { 200: HeadquartersAnswer },
      },
    },
    async (req) => {
      const hq = await repo().headquarters(req.params.alliance);
      if (!hq) throw notFound('headquarters of alliance', req.params.alliance);
      return hq;
    },
  );
  app.post<{ Body: Static<typeof HeadquartersBodyT> }>(
    '/api/forces/headquarters',
    {
      schema: {
        tags,
        summary: 'Record the headquarters (as the host member)',
        body: HeadquartersBodyT,
        response: { 201: HeadquartersAnswer },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await desk.recordHeadquarters(requireMember(req.principal), req.body)),
  );

  app.get<{ Querystring: Static<typeof AllianceQuery> }>(
    '/api/requirements',
    {
      schema: {
        tags,
        summary: 'Stated force requirements',
        querystring: AllianceQuery,
        response: { 200: Type.Array(RequirementAnswer) },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return repo().requirements(req.query.alliance);
    },
  );
  app.post<{ Body: Static<typeof RequirementBodyT> }>(
    '/api/requirements',
    {
      schema: {
        tags,
        summary: 'State a requirement (secretariat for the council, or a member)',
        body: RequirementBodyT,
        response: { 201: RequirementAnswer },
      },
    },
    async (req, reply) => reply.code(201).send(await generator.state(actorOf(req), req.body)),
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/requirements/:id/generation',
    {
      schema: {
        tags,
        summary:
          'Force generation: pledges matched to the requirement under caveats and readiness; shortfalls; burden shares',
        params: IdParam,
        response: { 200: Answer({}, 'Force generation: assignments, shortfalls, burden shares') },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return generator.generate(req.params.id);
    },
  );
  app.put<{ Params: Static<typeof AllianceParam>; Body: Static<typeof CostFormulaBodyT> }>(
    '/api/forces/cost-formula/:alliance',
    {
      schema: {
        tags,
        summary: 'Set the alliance cost formula (secretariat)',
        params: AllianceParam,
        body: CostFormulaBodyT,
        response: { 200: Answer({}, 'The alliance cost formula as set') },
      },
    },
    async (req) => {
      requireSecretariat(req.principal);
      return generator.setCostFormula(req.params.alliance, req.body);
    },
  );

  app.get<{ Querystring: Static<typeof MatrixQuery> }>(
    '/api/forces/interoperability',
    {
      schema: {
        tags,
        summary:
          'Interoperability matrix of pledged units: data, ammunition, fuel; gaps; data islands',
        querystring: MatrixQuery,
        response: { 200: Answer({}, 'Interoperability matrix: units, pairs, gaps, data islands') },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      if (!deps.registry.alliance(req.query.alliance))
        throw badInput(
          'query/alliance',
          `query/alliance: unknown alliance '${req.query.alliance}'`,
        );
      const units = req.query.units
        ? req.query.units
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean)
        : undefined;
      return allianceMatrix(deps, catalogue, req.query.alliance, {
        member: req.query.member,
        capability: req.query.capability,
        units,
      });
    },
  );
  // Public, read-only: pledges and headquarters are public facts of the alliance (like GET headquarters).
  app.get<{ Params: Static<typeof AllianceParam>; Querystring: Static<typeof BoardQuery> }>(
    '/api/forces/board/:alliance',
    {
      schema: {
        tags,
        summary:
          'Forces board (public): pledged vs required per capability, bases, headquarters, interoperability summary',
        params: AllianceParam,
        querystring: BoardQuery,
        response: {
          200: Answer(
            {},
            'Forces board: coverage per capability, bases, headquarters, interoperability summary',
          ),
        },
      },
    },
    async (req) => {
      return forcesBoard(deps, catalogue, req.params.alliance, req.query.requirement);
    },
  );

  app.get<{ Querystring: Static<typeof AllianceQuery> }>(
    '/api/exercises',
    {
      schema: {
        tags,
        summary: 'Joint exercises with detected conflicts',
        querystring: AllianceQuery,
        response: { 200: Type.Array(ExerciseAnswer) },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return planner.list(req.query.alliance);
    },
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/exercises/:id',
    {
      schema: {
        tags,
        summary: 'One exercise with conflicts and after-action report',
        params: IdParam,
        response: { 200: ExerciseAnswer },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return planner.get(req.params.id);
    },
  );
  app.post<{ Body: Static<typeof ExerciseBodyT> }>(
    '/api/exercises',
    {
      schema: {
        tags,
        summary: 'Plan a joint exercise (a member or the secretariat)',
        body: ExerciseBodyT,
        response: { 201: ExerciseAnswer },
      },
    },
    async (req, reply) => reply.code(201).send(await planner.plan(actorOf(req), req.body)),
  );
  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/exercises/:id/consent',
    {
      schema: {
        tags,
        summary: 'Host-nation consent (as the host member)',
        params: IdParam,
        response: { 200: ExerciseAnswer },
      },
    },
    async (req) => planner.consent(requireMember(req.principal), req.params.id),
  );
  app.post<{ Params: Static<typeof IdParam>; Querystring: Static<typeof ReasonQuery> }>(
    '/api/exercises/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a planned exercise',
        params: IdParam,
        querystring: ReasonQuery,
        response: { 200: ExerciseAnswer },
      },
    },
    async (req) => planner.cancel(actorOf(req), req.params.id, req.query.reason),
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof AarBodyT> }>(
    '/api/exercises/:id/aar',
    {
      schema: {
        tags,
        summary: 'After-action report: lessons and interoperability findings (feed the matrix)',
        params: IdParam,
        body: AarBodyT,
        response: { 201: ExerciseAnswer },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await planner.recordAar(actorOf(req), req.params.id, req.body)),
  );
}
