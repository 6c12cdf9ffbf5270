import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { Answer, Anything } from '../core/answers.js';
import { badInput } from '../core/errors.js';
import { requireSecretariat } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import { milestonesMetIndex, programmeParticipation } from './cohesion-indices.js';
import {
  assertAlliance,
  cohesionAt,
  loadCohesionInputs,
  recordCohesion,
  seriesDays,
} from './cohesion-reader.js';
import type { ProgrammeDesk } from './programme-desk.js';
import { foldProgrammes } from './verify.js';

const tags = ['cohesion'];
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Step = Type.Optional(
  Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')], {
    default: 'quarter',
  }),
);
const SeriesQuery = Type.Object(
  { alliance: Type.String({ maxLength: 64 }), from: Day, to: Day, step: Step },
  { additionalProperties: false },
);
const CompareQuery = Type.Object(
  {
    alliances: Type.String({
      maxLength: 300,
      description: 'comma-separated, e.g. gcc,joint-arab-force',
    }),
    from: Day,
    to: Day,
    step: Step,
  },
  { additionalProperties: false },
);
const RecordBody = Type.Object(
  { allianceId: Type.String({ maxLength: 64 }), day: Day },
  { additionalProperties: false },
);

export function cohesionRoutes(app: FastifyInstance, deps: Deps, desk: ProgrammeDesk): void {
  const series = async (
    alliance: string,
    days: string[],
    reader: { role: 'public' | 'member' | 'secretariat'; member: string | null },
  ) => {
    assertAlliance(deps, alliance);
    const inputs = await loadCohesionInputs(deps);
    return days.map((d) => cohesionAt(deps, desk, inputs, alliance, d, reader));
  };
  app.get<{ Querystring: Static<typeof SeriesQuery> }>(
    '/api/cohesion',
    {
      schema: {
        tags,
        summary:
          'Cohesion indices of an alliance across time (treaty overlap, council agreement, exercise participation, intelligence shared, programme participation, milestones met); intelligence counted only where the caller may see it',
        querystring: SeriesQuery,
        response: {
          200: Answer({
            alliance: Type.String(),
            points: Type.Array(Anything('the indices on a day')),
          }),
        },
      },
    },
    async (req) => ({
      alliance: req.query.alliance,
      points: await series(
        req.query.alliance,
        seriesDays(req.query.from, req.query.to, req.query.step ?? 'quarter'),
        req.principal,
      ),
    }),
  );
  app.get<{ Querystring: Static<typeof CompareQuery> }>(
    '/api/cohesion/compare',
    {
      schema: {
        tags,
        summary:
          'The same indices for several alliances (e.g. GCC and the proposed joint Arab force)',
        querystring: CompareQuery,
        response: {
          200: Answer({
            days: Type.Array(Type.String()),
            alliances: Type.Record(Type.String(), Anything()),
            illustrative: Type.Record(Type.String(), Type.Array(Anything())),
          }),
        },
      },
    },
    async (req) => {
      const ids = req.query.alliances
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length < 1 || ids.length > 5) throw badInput('alliances', 'one to five alliances');
      const days = seriesDays(req.query.from, req.query.to, req.query.step ?? 'quarter');
      const out: Record<string, unknown> = {};
      for (const id of ids) out[id] = await series(id, days, req.principal);
      // Programmes counted that are illustrative (seeded examples), with what they rest on: the
      // comparison says so next to the figures.
      const illustrative: Record<string, unknown[]> = {};
      for (const id of ids)
        illustrative[id] = (await desk.list({ allianceId: id }))
          .filter((p) => p.illustrative)
          .map((p) => ({
            id: p.id,
            title: p.title,
            note: p.illustrativeNote ?? null,
            sources: p.sources ?? [],
          }));
      return { days, alliances: out, illustrative };
    },
  );
  app.get<{
    Params: { id: string };
    Querystring: { from: string; to: string; step?: 'month' | 'quarter' | 'year' };
  }>(
    '/api/cohesion/programmes/:id',
    {
      schema: {
        tags,
        summary:
          "A programme's cohesion across time: share of the alliance's members taking part, milestones met",
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{3,80}$' }) }),
        querystring: Type.Object(
          { from: Day, to: Day, step: Step },
          { additionalProperties: false },
        ),
        response: {
          200: Answer({
            programmeId: Type.String(),
            points: Type.Array(
              Answer({ day: Type.String(), participation: Anything(), milestonesMet: Anything() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const p = await desk.get(req.params.id);
      const inputs = await loadCohesionInputs(deps);
      return {
        programmeId: p.id,
        points: seriesDays(req.query.from, req.query.to, req.query.step ?? 'quarter').map((day) => {
          const s = foldProgrammes(desk, inputs.programmeActs, `${day}T23:59:59.999Z`).states.get(
            p.id,
          );
          const members = deps.registry
            .membersOn(p.allianceId, day)
            .filter((m) => m.role === 'member' && !m.suspended)
            .map((m) => m.state);
          return {
            day,
            participation: programmeParticipation(
              members,
              new Set(s?.participants.map((x) => x.member) ?? []),
            ),
            milestonesMet: milestonesMetIndex(
              (s?.milestones ?? []).map((m) => ({
                due: m.due,
                completedOn: m.completedAt?.slice(0, 10) ?? null,
              })),
              day,
            ),
          };
        }),
      };
    },
  );
  app.post<{ Body: Static<typeof RecordBody> }>(
    '/api/cohesion/records',
    {
      schema: {
        tags,
        summary:
          'Record the indices of an alliance on a day as a signed act of the secretariat (tahaluf verify recomputes it)',
        body: RecordBody,
        security: [{ bearer: [] }],
        response: {
          201: Answer({
            act: Answer({ id: Type.String(), seq: Type.Number(), type: Type.String() }),
            point: Anything('the recorded indices'),
          }),
        },
      },
    },
    async (req, reply) => {
      requireSecretariat(req.principal);
      const r = await recordCohesion(deps, desk, req.body.allianceId, req.body.day);
      return reply
        .code(201)
        .send({ act: { id: r.act.id, seq: r.act.seq, type: r.act.type }, point: r.point });
    },
  );
}
