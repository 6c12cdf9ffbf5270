import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { dayOf, parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import type { Deps } from '../runtime/deps.js';
import { isKnownCode } from './cow-iso.js';
import { lastImport } from './repository.js';
import { treatiesService } from './treaties-service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const SourceT = Type.Object({ title: Type.String(), url: Type.Optional(Type.String()), date: Type.Optional(Type.String()), note: Type.Optional(Type.String()) });
const ObligationT = Type.Union(['defense', 'offense', 'neutral', 'nonagg', 'consul'].map((v) => Type.Literal(v)));
const ConditionT = Type.Object({
  kind: Type.String({ description: 'adversary | location | conflict_type | attackers | demand | non_provocation | decision' }),
  description: Type.String(),
  states: Type.Optional(Type.Array(Type.String())),
  places: Type.Optional(Type.Array(Type.String())),
  status: Type.Optional(Type.Union([Type.Literal('met'), Type.Literal('unmet'), Type.Literal('unknown')])),
  reason: Type.Optional(Type.String()),
});
const BoundT = Type.Object({
  state: Type.String({ description: 'The state that pledges (ISO alpha-3, or an X.. pseudo-code for a historical state)' }),
  stateName: Type.String(),
  toward: Type.String({ description: 'The state the pledge is owed to' }),
  obligation: ObligationT,
  action: Type.String({ description: 'defend, consult, stay neutral, not attack, join in offensive action' }),
  allianceId: Type.String(),
  allianceName: Type.String(),
  article: Nullable(Type.String()),
  summary: Type.String(),
  conditions: Type.Array(ConditionT),
  suspended: Type.Boolean({ description: 'Either party is suspended on the date; see `suspension` for the effect per the text' }),
  suspension: Type.Optional(Type.String()),
  origin: Type.Union([Type.Literal('hand-coded'), Type.Literal('atop')]),
  atopId: Nullable(Type.Integer()),
  sources: Type.Array(SourceT),
});
const NotBindingT = Type.Object({ allianceId: Type.String(), allianceName: Type.String(), reason: Type.String(), sources: Type.Array(SourceT) });
const AnswerT = Type.Object({
  attacked: Type.String(), date: Type.String(), attacker: Nullable(Type.String()), place: Nullable(Type.String()),
  bound: Type.Array(BoundT), notBinding: Type.Array(NotBindingT),
});
const BetweenT = Type.Object({ a: Type.String(), b: Type.String(), date: Type.String(), aToB: Type.Array(BoundT), bToA: Type.Array(BoundT) });
const WebT = Type.Object({ state: Type.String(), date: Type.String(), gives: Type.Array(BoundT), receives: Type.Array(BoundT), alliances: Type.Array(Type.String()) });
const ProvisionT = Type.Object(
  {
    obligation: ObligationT, article: Nullable(Type.String()), summary: Type.String(),
    pledgers: Type.Union([Type.Literal('members'), Type.Array(Type.String())]),
    beneficiaries: Type.Union([Type.Literal('members'), Type.Array(Type.String())]),
    conditions: Type.Array(ConditionT), note: Type.Optional(Type.String()), sources: Type.Array(SourceT),
  },
  { additionalProperties: true },
);
const TreatyT = Type.Object(
  {
    allianceId: Type.String(), name: Type.String(), kind: Type.String(), status: Type.String(),
    signed: Nullable(Type.String()), inForce: Nullable(Type.String()), ended: Nullable(Type.String()), atopId: Nullable(Type.Integer()),
    provisions: Type.Array(ProvisionT),
    suspension: Type.Object({ effect: Type.String(), explanation: Type.String(), sources: Type.Array(SourceT) }),
    caveats: Type.Array(Type.String()), sources: Type.Array(SourceT),
  },
  { additionalProperties: true },
);
const TreatiesT = Type.Object({
  treaties: Type.Array(TreatyT),
  atop: Type.Object({
    memberRows: Type.Integer(), allianceRows: Type.Integer(),
    lastImport: Nullable(Type.Object({ id: Type.String(), importedAt: Type.String(), source: Type.String(), sha256: Type.String() })),
  }),
});

const state = (desc: string) => Type.String({ description: `${desc}: ISO 3166-1 alpha-3 (or a historical pseudo-code, e.g. XAH)` });
const DateQ = Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today' }));
const AttackedQuery = Type.Object({ attacked: state('The state attacked'), date: DateQ, attacker: Type.Optional(state('The attacker')), place: Type.Optional(state('Where the attack takes place')) }, { additionalProperties: false });
const BetweenQuery = Type.Object({ a: state('First state'), b: state('Second state'), date: DateQ }, { additionalProperties: false });
const WebQuery = Type.Object({ state: state('The state'), date: DateQ }, { additionalProperties: false });

/** Obligation queries and the provisions behind them: public reference data, no token needed. */
export function treatiesRoutes(app: FastifyInstance, deps: Deps): void {
  const tags = ['treaties'];
  const code = (v: string | undefined, name: string): string => {
    const field = `query/${name}`;
    if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v)) throw badInput(field, `${name} must be an upper-case ISO 3166-1 alpha-3 code, got '${v ?? ''}'`);
    if (!deps.registry.state(v) && !isKnownCode(v)) throw badInput(field, `${name} '${v}' is not a known state code`);
    return v;
  };
  const day = (v: string | undefined) => (v === undefined ? dayOf(deps.clock.now()) : parseDay(v, 'query/date'));

  app.get<{ Querystring: Static<typeof AttackedQuery> }>(
    '/api/obligations',
    { schema: { tags, summary: 'If a state is attacked on a date: every state bound to act, what, under which clause and conditions', querystring: AttackedQuery, response: { 200: AnswerT } } },
    async (req) => {
      const q = req.query;
      const attacked = code(q.attacked, 'attacked');
      const date = day(q.date);
      const attacker = q.attacker === undefined ? null : code(q.attacker, 'attacker');
      if (attacker === attacked) throw badInput('query/attacker', 'attacker must differ from attacked');
      const place = q.place === undefined ? null : code(q.place, 'place');
      return (await treatiesService(deps)).engine.attacked(attacked, date, { attacker, place });
    },
  );
  app.get<{ Querystring: Static<typeof BetweenQuery> }>(
    '/api/obligations/between',
    { schema: { tags, summary: 'Obligations between two states on a date, both directions', querystring: BetweenQuery, response: { 200: BetweenT } } },
    async (req) => {
      const a = code(req.query.a, 'a');
      const b = code(req.query.b, 'b');
      if (a === b) throw badInput('query/b', 'b must differ from a');
      return (await treatiesService(deps)).engine.between(a, b, day(req.query.date));
    },
  );
  app.get<{ Querystring: Static<typeof WebQuery> }>(
    '/api/obligations/web',
    { schema: { tags, summary: "A state's web of commitments on a date: what it pledges and what it is pledged", querystring: WebQuery, response: { 200: WebT } } },
    async (req) => (await treatiesService(deps)).engine.web(code(req.query.state, 'state'), day(req.query.date)),
  );
  app.get(
    '/api/treaties',
    { schema: { tags, summary: "The seeds' treaties, hand-coded with articles, conditions, suspension rules and sources; and the ATOP import status", response: { 200: TreatiesT } } },
    async () => {
      const s = await treatiesService(deps);
      const last = await lastImport(deps.store.db);
      return {
        treaties: s.treaties,
        atop: {
          memberRows: s.atop.members.length,
          allianceRows: s.atop.alliances.length,
          lastImport: last ? { id: last.id, importedAt: last.imported_at, source: last.source, sha256: last.sha256 } : null,
        },
      };
    },
  );
}
