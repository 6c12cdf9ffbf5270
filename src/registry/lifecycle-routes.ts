import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { unauthorized } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import {
  LIFECYCLE_KINDS,
  PROVISION_OBLIGATIONS,
  type LifecyclePayload,
} from './lifecycle-model.js';
import type { LifecycleRecorder } from './lifecycle-recorder.js';
import type { Registry } from './registry.js';

const IdParam = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) });
const Day = Type.String({ description: 'YYYY-MM-DD' });
const Sha256 = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'sha256 of a document (hex)',
});

const ActBodyT = Type.Object(
  {
    kind: Type.Union(
      LIFECYCLE_KINDS.filter((k) => k !== 'exit').map((k) => Type.Literal(k)),
      {
        description:
          'application (the state), admission / suspension / readmission (the secretariat, carrying out an adopted council decision), signature / ratification (the state), deposit (the state or the secretariat), entry_into_force (the secretariat; without `state`: the proposal\u2019s text as a whole), reservation / declaration (the state, on an article), withdrawal (the state; takes effect after the treaty\u2019s notice period)',
      },
    ),
    state: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' })),
    date: Day,
    decision: Type.Optional(
      Type.String({
        description:
          'admission, suspension, readmission: the council procedure (a closed, adopted decision of the charter\u2019s type on matter `<kind>-<iso3 lower case>`)',
      }),
    ),
    article: Type.Optional(Type.String({ maxLength: 100 })),
    text: Type.Optional(Type.String({ maxLength: 4000 })),
    effective: Type.Optional(
      Type.String({
        description: 'withdrawal: must equal notice date + the notice period if given',
      }),
    ),
    provisions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            obligation: Type.Union(PROVISION_OBLIGATIONS.map((o) => Type.Literal(o))),
            article: Type.String({ minLength: 1, maxLength: 100 }),
            summary: Type.String({ minLength: 1, maxLength: 1000 }),
            documentSha256: Type.Optional(Sha256),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    documentSha256: Type.Optional(Sha256),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const StepT = Type.Union([Type.Object({ date: Type.String(), actId: Type.String() }), Type.Null()]);
const ProgressT = Type.Object({
  state: Type.String(),
  applied: StepT,
  admitted: StepT,
  signed: StepT,
  ratified: StepT,
  deposited: StepT,
  inForce: StepT,
  withdrawal: Type.Union([
    Type.Object({ date: Type.String(), actId: Type.String(), effective: Type.String() }),
    Type.Null(),
  ]),
  reservations: Type.Array(
    Type.Object({
      kind: Type.String(),
      article: Type.String(),
      text: Type.String(),
      date: Type.String(),
      actId: Type.String(),
    }),
  ),
});
const ActT = Type.Object({
  actId: Type.String(),
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  type: Type.String(),
  payload: Type.Object({}, { additionalProperties: true }),
});

/** The alliance's life cycle: its rules, each state's progress, and the signed acts; recording one. */
export function lifecycleRoutes(
  app: FastifyInstance,
  deps: { registry: Registry; lifecycle: LifecycleRecorder },
): void {
  const tags = ['registry'];
  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/alliances/:id/lifecycle',
    {
      schema: {
        tags,
        summary:
          'An alliance\u2019s life cycle: its rules, each state\u2019s progress, the signed acts',
        description:
          '`rule` is null when Tahaluf has no sourced rules for the alliance (then no life-cycle act is accepted). `conclusion`: the act that put a proposal\u2019s text into force, with its clauses.',
        params: IdParam,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: {
          200: Type.Object({
            alliance: Type.String(),
            status: Type.String(),
            rule: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
            conclusion: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
            parties: Type.Array(ProgressT),
            acts: Type.Array(ActT),
          }),
        },
      },
    },
    async (req) => {
      await deps.lifecycle.fresh();
      const alliance = deps.registry.allianceOrThrow(req.params.id);
      return {
        alliance: alliance.id,
        status: alliance.status,
        rule: deps.lifecycle.rule(alliance.id) ?? null,
        conclusion: deps.lifecycle.conclusion(alliance.id),
        parties: deps.lifecycle.progress(alliance.id),
        acts: await deps.lifecycle.acts(alliance.id),
      };
    },
  );
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ActBodyT> }>(
    '/api/alliances/:id/lifecycle',
    {
      schema: {
        tags,
        summary: 'Record a life-cycle act (application, admission, ratification, withdrawal …)',
        description:
          'Signed by the calling member (or the secretariat). Checked against the alliance\u2019s rules and its members\u2019 state before anything is recorded: a second admission (409 already_member), a withdrawal by a non-member (422 not_a_member), ratifying an unsigned text (422 not_signed), an admission without an adopted council decision of the charter\u2019s type (422 wrong_decision / decision_not_adopted) are refused and recorded nowhere.',
        params: IdParam,
        body: ActBodyT,
        response: {
          201: Type.Object({
            act: ActT,
            progress: Type.Union([ProgressT, Type.Null()]),
            members: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.role === 'public') throw unauthorized();
      const actor = principal.role === 'secretariat' ? SECRETARIAT : principal.member!;
      const payload = { ...request.body, allianceId: request.params.id } as LifecyclePayload;
      const act = await deps.lifecycle.recordAct(actor, payload);
      const progress = payload.state
        ? (deps.lifecycle.progress(payload.allianceId).find((p) => p.state === payload.state) ??
          null)
        : null;
      const members = deps.registry
        .membersOn(payload.allianceId, payload.date)
        .filter((m) => m.role === 'member')
        .map((m) => m.state);
      return reply.code(201).send({ act, progress, members });
    },
  );
}
