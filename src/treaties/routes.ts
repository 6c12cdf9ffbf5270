import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { dayOf } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import type { Deps } from '../runtime/deps.js';
import {
  checkAttackedQuestion,
  checkDate,
  checkState,
  FIRST_DAY,
  FUTURE_MARGIN_DAYS,
  type CheckContext,
} from './query-check.js';
import { knownCodes } from './cow-iso.js';
import { lastImport } from './repository.js';
import { freshTreatiesService } from './treaties-service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const SourceT = Type.Object({
  title: Type.String(),
  url: Type.Optional(Type.String()),
  date: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
});
const ObligationT = Type.Union(
  ['defense', 'offense', 'neutral', 'nonagg', 'consul'].map((v) => Type.Literal(v)),
);
const ConditionT = Type.Object({
  kind: Type.String({
    description:
      'adversary | location | conflict_type | attackers | demand | non_provocation | decision',
  }),
  description: Type.String(),
  states: Type.Optional(Type.Array(Type.String())),
  places: Type.Optional(Type.Array(Type.String())),
  status: Type.Optional(
    Type.Union([Type.Literal('met'), Type.Literal('unmet'), Type.Literal('unknown')]),
  ),
  reason: Type.Optional(Type.String()),
});
const InstrumentT = Type.Object(
  {
    type: Type.String({
      description: 'treaty | charter | executive_act | declaration | proposal | arrangement',
    }),
    strength: Type.String({ description: 'binding | revocable | political | none | unknown' }),
    note: Type.String(),
  },
  { description: 'The legal instrument a pledge rests on, and how strongly it binds' },
);
const StandingT = Type.Object({
  kind: Type.String({ description: 'suspended | union | not_yet_party | no_alliance' }),
  allianceIds: Type.Array(Type.String()),
  text: Type.String(),
  sources: Type.Array(SourceT),
  joinedLater: Type.Optional(
    Type.Array(
      Type.Object({
        allianceId: Type.String(),
        allianceName: Type.String(),
        from: Type.String({ description: 'YYYY-MM-DD: the day the membership began' }),
      }),
      {
        description:
          'not_yet_party only: every alliance the state joined after the date, earliest first',
      },
    ),
  ),
});
const ConflictT = Type.Object({
  kind: Type.String({ description: 'priority_clause | both_sides' }),
  state: Type.String(),
  allianceId: Type.String(),
  article: Nullable(Type.String()),
  clause: Type.String(),
  affects: Type.Array(
    Type.Object({
      allianceId: Type.String(),
      article: Nullable(Type.String()),
      toward: Type.String(),
    }),
  ),
  applies: Type.String({ description: 'now | if_attacker' }),
  text: Type.String(),
  sources: Type.Array(SourceT),
});
const BoundT = Type.Object({
  state: Type.String({
    description:
      'The state that pledges (ISO alpha-3, or an X.. pseudo-code for a historical state)',
  }),
  stateName: Type.String(),
  toward: Type.String({ description: 'The state the pledge is owed to' }),
  obligation: ObligationT,
  action: Type.String({
    description: 'defend, consult, stay neutral, not attack, join in offensive action',
  }),
  allianceId: Type.String(),
  allianceName: Type.String(),
  article: Nullable(Type.String()),
  summary: Type.String(),
  conditions: Type.Array(ConditionT),
  suspended: Type.Boolean({
    description:
      'Either party is suspended on the date; see `suspension` for the effect per the text',
  }),
  suspension: Type.Optional(Type.String()),
  origin: Type.Union([Type.Literal('hand-coded'), Type.Literal('atop')]),
  atopId: Nullable(Type.Integer()),
  instrument: InstrumentT,
  conditional: Type.Boolean({ description: 'The pledge acts only on conditions its text states' }),
  sources: Type.Array(SourceT),
});
const NotBindingT = Type.Object({
  allianceId: Type.String(),
  allianceName: Type.String(),
  reason: Type.String(),
  instrument: Type.Optional(InstrumentT),
  sources: Type.Array(SourceT),
});
const CoverageT = Type.Object(
  {
    atopImported: Type.Boolean({ description: 'ATOP rows are imported on this node' }),
    atopYears: Nullable(Type.Object({ from: Type.Integer(), to: Type.Integer() })),
    handCodedFrom: Type.String({ description: 'The earliest day a hand-coded treaty binds' }),
    complete: Type.Boolean({
      description: 'Every alliance Tahaluf knows of is considered for this date',
    }),
    projection: Type.Boolean({
      description: "The date is after today: today's treaties assumed unchanged",
    }),
    note: Type.String(),
  },
  {
    description:
      'What the answer rests on: an empty answer without ATOP data means unknown, not unbound',
  },
);
const AnswerT = Type.Object({
  attacked: Type.String(),
  date: Type.String(),
  attacker: Nullable(Type.String()),
  place: Nullable(Type.String()),
  headline: Type.String({
    description:
      "The answer in words: the attacked state's standing first (suspended, merged, not yet a party), then who must defend by which kind of instrument, then conflicts",
  }),
  standing: Type.Array(StandingT),
  conflicts: Type.Array(ConflictT),
  bound: Type.Array(BoundT),
  notBinding: Type.Array(NotBindingT),
  coverage: CoverageT,
});
const BetweenT = Type.Object({
  a: Type.String(),
  b: Type.String(),
  date: Type.String(),
  aToB: Type.Array(BoundT),
  bToA: Type.Array(BoundT),
  coverage: CoverageT,
});
const WebT = Type.Object({
  state: Type.String(),
  date: Type.String(),
  gives: Type.Array(BoundT),
  receives: Type.Array(BoundT),
  alliances: Type.Array(Type.String()),
  coverage: CoverageT,
});
const ProvisionT = Type.Object(
  {
    obligation: ObligationT,
    article: Nullable(Type.String()),
    summary: Type.String(),
    pledgers: Type.Union([Type.Literal('members'), Type.Array(Type.String())]),
    beneficiaries: Type.Union([Type.Literal('members'), Type.Array(Type.String())]),
    conditions: Type.Array(ConditionT),
    note: Type.Optional(Type.String()),
    sources: Type.Array(SourceT),
  },
  { additionalProperties: true },
);
const TreatyT = Type.Object(
  {
    allianceId: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    signed: Nullable(Type.String()),
    inForce: Nullable(Type.String()),
    ended: Nullable(Type.String()),
    atopId: Nullable(Type.Integer()),
    provisions: Type.Array(ProvisionT),
    suspension: Type.Object({
      effect: Type.String(),
      explanation: Type.String(),
      sources: Type.Array(SourceT),
    }),
    caveats: Type.Array(Type.String()),
    sources: Type.Array(SourceT),
  },
  { additionalProperties: true },
);
const TreatiesT = Type.Object({
  treaties: Type.Array(TreatyT),
  codes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description:
      "Every state code the obligation queries accept besides the registry's: the COW table (ISO alpha-3, ISO 3166-3 and X.. pseudo-codes)",
  }),
  atop: Type.Object({
    memberRows: Type.Integer(),
    allianceRows: Type.Integer(),
    lastImport: Nullable(
      Type.Object({
        id: Type.String(),
        importedAt: Type.String(),
        source: Type.String(),
        sha256: Type.String(),
      }),
    ),
    years: Nullable(Type.Object({ from: Type.Integer(), to: Type.Integer() })),
    states: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
      description: 'States in the imported ATOP rows, with names from the COW table',
    }),
  }),
});

const state = (desc: string) =>
  Type.String({
    description: `${desc}: ISO 3166-1 alpha-3 (or a historical pseudo-code, e.g. XAH)`,
  });
const DateQ = Type.Optional(
  Type.String({
    description: `YYYY-MM-DD from ${FIRST_DAY} to ${FUTURE_MARGIN_DAYS} days after today (a later day than today is answered as a projection); default today`,
  }),
);
const AttackedQuery = Type.Object(
  {
    attacked: state('The state attacked'),
    date: DateQ,
    attacker: Type.Optional(state('The attacker')),
    place: Type.Optional(state('Where the attack takes place')),
  },
  { additionalProperties: false },
);
const BetweenQuery = Type.Object(
  { a: state('First state'), b: state('Second state'), date: DateQ },
  { additionalProperties: false },
);
const WebQuery = Type.Object(
  { state: state('The state'), date: DateQ },
  { additionalProperties: false },
);

/** Obligation queries and the provisions behind them: public reference data, no token needed. */
export function treatiesRoutes(app: FastifyInstance, deps: Deps): void {
  const tags = ['treaties'];
  const ctx = (): CheckContext => ({ registry: deps.registry, today: dayOf(deps.clock.now()) });

  app.get<{ Querystring: Static<typeof AttackedQuery> }>(
    '/api/obligations',
    {
      schema: {
        tags,
        summary:
          'If a state is attacked on a date: every state bound to act, what, under which clause and conditions',
        querystring: AttackedQuery,
        response: { 200: AnswerT },
      },
    },
    async (req) => {
      const c = ctx();
      const q = checkAttackedQuestion(req.query, c);
      const s = await freshTreatiesService(deps);
      return {
        ...s.engine.attacked(q.attacked, q.date, { attacker: q.attacker, place: q.place }),
        coverage: s.coverage(q.date, c.today),
      };
    },
  );
  app.get<{ Querystring: Static<typeof BetweenQuery> }>(
    '/api/obligations/between',
    {
      schema: {
        tags,
        summary: 'Obligations between two states on a date, both directions',
        querystring: BetweenQuery,
        response: { 200: BetweenT },
      },
    },
    async (req) => {
      const c = ctx();
      const a = checkState(req.query.a, 'a', c);
      const b = checkState(req.query.b, 'b', c);
      if (a === b) throw badInput('query/b', 'b must differ from a');
      const date = checkDate(req.query.date, c);
      const s = await freshTreatiesService(deps);
      return { ...s.engine.between(a, b, date), coverage: s.coverage(date, c.today) };
    },
  );
  app.get<{ Querystring: Static<typeof WebQuery> }>(
    '/api/obligations/web',
    {
      schema: {
        tags,
        summary: "A state's web of commitments on a date: what it pledges and what it is pledged",
        querystring: WebQuery,
        response: { 200: WebT },
      },
    },
    async (req) => {
      const c = ctx();
      const state = checkState(req.query.state, 'state', c);
      const date = checkDate(req.query.date, c);
      const s = await freshTreatiesService(deps);
      return { ...s.engine.web(state, date), coverage: s.coverage(date, c.today) };
    },
  );
  app.get(
    '/api/treaties',
    {
      schema: {
        tags,
        summary:
          "The seeds' treaties, hand-coded with articles, conditions, suspension rules and sources; and the ATOP import status",
        response: { 200: TreatiesT },
      },
    },
    async () => {
      const s = await freshTreatiesService(deps);
      const last = await lastImport(deps.store.db);
      return {
        treaties: s.treaties,
        codes: knownCodes(),
        atop: {
          memberRows: s.atop.members.length,
          allianceRows: s.atop.alliances.length,
          lastImport: last
            ? {
                id: last.id,
                importedAt: last.imported_at,
                source: last.source,
                sha256: last.sha256,
              }
            : null,
          years: s.atopYears,
          states: s.atopStates(),
        },
      };
    },
  );
}
