import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { Answer } from '../core/answers.js';
import { dayOf, parseDay } from '../core/dates.js';
import type { Clock } from '../core/clock.js';
import type { Registry } from './registry.js';
import { unauthorized } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import type { EventRecorder } from './event-acts.js';

const SourceT = Type.Object({
  title: Type.String(),
  url: Type.Optional(Type.String()),
  date: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
});
const StateT = Type.Object({
  iso3: Type.String(),
  iso2: Type.String(),
  isoNumeric: Type.String(),
  nameEn: Type.String(),
  nameAr: Type.String(),
  cowCode: Type.Union([Type.Integer(), Type.Null()]),
  sources: Type.Array(SourceT),
});
const AllianceT = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    nameAr: Type.String(),
    short: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    founded: Type.Union([Type.String(), Type.Null()]),
    ended: Type.Union([Type.String(), Type.Null()]),
    description: Type.String(),
    sources: Type.Array(SourceT),
  },
  { additionalProperties: true },
);
const EventT = Type.Object({
  id: Type.String(),
  date: Type.String(),
  title: Type.String(),
  description: Type.String(),
  states: Type.Array(Type.String()),
  allianceIds: Type.Array(Type.String()),
  sources: Type.Array(SourceT),
});
const EventBodyT = Type.Object(
  {
    date: Type.String({ description: 'YYYY-MM-DD, not after today' }),
    title: Type.String(),
    description: Type.String({ default: '' }),
    states: Type.Array(Type.String(), { description: 'ISO3 codes of the states concerned' }),
    allianceIds: Type.Array(Type.String(), { default: [] }),
    sources: Type.Array(
      Type.Object(
        {
          title: Type.String(),
          url: Type.Optional(Type.String()),
          date: Type.Optional(Type.String()),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const Iso3Param = Type.Object({
  iso3: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' }),
});
const IdParam = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) });
const DateQuery = Type.Object(
  { date: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today' })) },
  { additionalProperties: false },
);
/** Routes without parameters still refuse unknown ones, so a typo is never silently ignored. */
const NoQuery = Type.Object({}, { additionalProperties: false });

type Serialised = ReturnType<FastifyReply['serialize']>;

/** Public reference data: states, alliances, memberships on a date, the 2025 timeline. */
export function registryRoutes(
  app: FastifyInstance,
  deps: { registry: Registry; clock: Clock; events: EventRecorder },
): void {
  const tags = ['registry'];
  const { registry } = deps;
  /**
   * The whole-list answers (states: 22 kB of JSON) are the same for every reader until the registry
   * changes, yet were serialised again for every request: under load that was most of their cost (#16).
   * Each is serialised once per registry version, by the route's own response schema, and sent as text.
   */
  const serialised = new Map<string, { version: number; json: Serialised }>();
  const serialisedOnce = (reply: FastifyReply, key: string, build: () => unknown): Serialised => {
    const hit = serialised.get(key);
    reply.type('application/json; charset=utf-8');
    if (hit && hit.version === registry.version) return hit.json;
    const version = registry.version;
    const json = reply.serialize(build()); // by the route's response schema for the reply's status, 200
    serialised.set(key, { version, json });
    return json;
  };
  app.get(
    '/api/states',
    {
      schema: {
        tags,
        summary: 'All seeded states',
        querystring: NoQuery,
        response: { 200: Type.Array(StateT) },
      },
    },
    async (_req, reply) => serialisedOnce(reply, 'states', () => registry.states()),
  );
  app.get<{ Params: Static<typeof Iso3Param>; Querystring: Static<typeof DateQuery> }>(
    '/api/states/:iso3',
    {
      schema: {
        tags,
        summary: 'One state and its memberships on a date',
        params: Iso3Param,
        querystring: DateQuery,
        response: {
          200: Answer({
            iso3: Type.String(),
            date: Type.String({ description: 'YYYY-MM-DD' }),
            memberships: Type.Array(
              Answer({ allianceId: Type.String(), activeOnDate: Type.Boolean() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const day = req.query.date ? parseDay(req.query.date, 'query/date') : dayOf(deps.clock.now());
      const state = registry.stateOrThrow(req.params.iso3);
      const memberships = registry.membershipsOf(state.iso3).map((m) => ({
        ...m,
        activeOnDate: registry
          .membersOn(m.allianceId, day)
          .some((x) => x.state === state.iso3 && x.membership === m),
      }));
      return { ...state, date: day, memberships };
    },
  );
  app.get(
    '/api/alliances',
    {
      schema: {
        tags,
        summary: 'All alliances, organisations, treaties and proposals',
        querystring: NoQuery,
        response: { 200: Type.Array(AllianceT) },
      },
    },
    async (_req, reply) => serialisedOnce(reply, 'alliances', () => registry.alliances()),
  );
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/alliances/:id',
    {
      schema: {
        tags,
        summary: 'An alliance with all its dated memberships',
        params: IdParam,
        querystring: NoQuery,
        response: {
          200: Answer({
            id: Type.String(),
            memberships: Type.Array(Answer({ allianceId: Type.String(), state: Type.String() })),
          }),
        },
      },
    },
    async (req) => ({
      ...registry.allianceOrThrow(req.params.id),
      memberships: registry.memberships(req.params.id),
    }),
  );
  app.get<{ Params: Static<typeof IdParam>; Querystring: Static<typeof DateQuery> }>(
    '/api/alliances/:id/members',
    {
      schema: {
        tags,
        summary: 'Members of an alliance on a date',
        description:
          "`status` is the alliance's (a `proposed` alliance binds no one: its members are proposed participants). Each member carries `certainty` " +
          "('unverified': often listed, no reliable source) and `entryDateKnown` (false: the entry date is unknown, bounded only by the earliest source).",
        params: IdParam,
        querystring: DateQuery,
        response: {
          200: Type.Object({
            alliance: Type.String(),
            status: Type.String(),
            date: Type.String(),
            members: Type.Array(
              Type.Object({
                state: Type.String(),
                role: Type.String(),
                suspended: Type.Boolean(),
                certainty: Type.String(),
                entryDateKnown: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const day = req.query.date ? parseDay(req.query.date, 'query/date') : dayOf(deps.clock.now());
      const alliance = registry.allianceOrThrow(req.params.id);
      const members = registry.membersOn(alliance.id, day).map((m) => ({
        state: m.state,
        role: m.role,
        suspended: m.suspended,
        certainty: m.membership.certainty,
        entryDateKnown: m.entryDateKnown,
      }));
      return { alliance: alliance.id, status: alliance.status, date: day, members };
    },
  );
  app.get(
    '/api/events',
    {
      schema: {
        tags,
        summary: 'Dated events (the 2025 timeline and history), with sources',
        querystring: NoQuery,
        response: { 200: Type.Array(EventT) },
      },
    },
    async () => registry.events(),
  );
  app.post<{ Body: Static<typeof EventBodyT> }>(
    '/api/events',
    {
      schema: {
        tags,
        summary:
          'Record an event with its sources, as a signed act of the calling member (or the secretariat)',
        body: EventBodyT,
        response: {
          201: Type.Object({ event: EventT, actId: Type.String(), seq: Type.Integer() }),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.role === 'public') throw unauthorized();
      const actor = principal.role === 'secretariat' ? SECRETARIAT : principal.member!;
      const recorded = await deps.events.recordEvent(
        actor,
        {
          ...request.body,
          description: request.body.description ?? '',
          allianceIds: request.body.allianceIds ?? [],
        },
        dayOf(deps.clock.now()),
      );
      return reply.code(201).send(recorded);
    },
  );
}
