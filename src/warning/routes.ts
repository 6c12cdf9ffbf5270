import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Answer, Anything, TextAnswer } from '../core/answers.js';
import { badInput, forbidden, notFound, TahalufError } from '../core/errors.js';
import { requireAuthenticated, requireMember, type Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import { atomFeed } from './atom-feed.js';
import { getNetwork, loadScenarios } from './scenarios.js';
import type { WarningService } from './warning-service.js';
import { DrillBook, drillSeed } from './drills.js';
import { notificationRoutes } from './notification-routes.js';
import { appliedCapSummaries, CAP_SUMMARY_TYPE } from './alliance-summary.js';
import { bucketOf, bucketWindow } from '../core/buckets.js';
import { MAX_CAP_LANGUAGES, parseCapLanguages } from './cap-languages.js';

const ExerciseStarted = Answer({ id: Type.String() }, 'The exercise started');

const canRead = (p: Principal, member: string) => {
  requireAuthenticated(p);
  if (p.role !== 'secretariat' && p.member !== member)
    throw forbidden(`only ${member} or the secretariat may read ${member}'s alerts`).withDetail(
      { member },
      'own_member_only',
    );
};

/** Members that can receive CAP messages: those of the live network and of every exercise scenario's network. */
let known: Set<string> | undefined;
const knownMembers = () =>
  (known ??= new Set(
    loadScenarios()
      .flatMap((s) => getNetwork(s.network).members)
      .concat(getNetwork('gulf-illustrative').members),
  ));

export function warningRoutes(server: FastifyInstance, deps: Deps, svc: WarningService) {
  // Request types come from the route schemas (the TypeBox type provider), not from casts.
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  notificationRoutes(server, deps, svc);
  app.post(
    '/api/warning/reports',
    {
      schema: {
        tags: ['warning'],
        summary:
          'Submit sensor reports (one object or an array); invalid ones are rejected with a reason',
        body: Type.Unknown(),
        response: {
          200: Answer({
            accepted: Type.Integer(),
            rejected: Type.Array(
              Answer({ index: Type.Integer(), reason: Type.String(), detail: Type.String() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const member = requireMember(req.principal);
      const list = Array.isArray(req.body) ? req.body : [req.body];
      if (list.length > 10_000) throw badInput('/', 'at most 10,000 reports per request');
      const rejected: { index: number; reason: string; detail: string }[] = [];
      // A member speaks for its own sensors only: unknown sensors, other members' sensors and senders
      // outside the sensor network are refused (and counted as rejected) before validation.
      if (!svc.network.members.includes(member)) {
        for (const r of list) svc.ingestFrom(member, r);
        throw new TahalufError(
          403,
          'not_in_network',
          `${member} has no sensors in the ${svc.network.id} network`,
          'body/sensor',
        ).withDetail({ member });
      }
      list.forEach((r, index) => {
        const res = svc.ingestFrom(member, r);
        if (res.ok) return;
        const sensorRule = res.reason === 'unknown_sensor' || res.reason === 'not_your_sensor';
        if (sensorRule && !Array.isArray(req.body))
          throw new TahalufError(
            res.reason === 'unknown_sensor' ? 422 : 403,
            res.reason === 'unknown_sensor' ? 'unknown_sensor' : 'not_your_sensor',
            res.detail,
            'body/sensor',
          );
        // A single invalid report is a bad request naming its field (e.g. body/R for a covariance).
        if (res.field !== undefined && !Array.isArray(req.body))
          throw badInput(res.field ? `body/${res.field}` : 'body', res.detail, {
            reason: res.reason,
          });
        const field = sensorRule ? 'sensor' : res.field;
        rejected.push({
          index,
          reason: res.reason,
          detail: field !== undefined ? `body/${index}/${field}: ${res.detail}` : res.detail,
        });
      });
      return { accepted: list.length - rejected.length, rejected };
    },
  );

  const LocalTrack = Type.Object(
    {
      track: Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: "The member's own id of its track (kept across submissions of the same track)",
      }),
      time: Type.Number({ description: 'Time of the state, Unix seconds' }),
      x: Type.Array(Type.Number(), {
        minItems: 6,
        maxItems: 6,
        description: 'State: ECEF position (m) and velocity (m/s)',
      }),
      P: Type.Array(Type.Array(Type.Number(), { minItems: 6, maxItems: 6 }), {
        minItems: 6,
        maxItems: 6,
        description:
          'Covariance of x (symmetric positive definite; position σ 1 mm–1,000 km, velocity σ 1 mm/s–10 km/s)',
      }),
      boosting: Type.Optional(
        Type.Boolean({ description: "The member's sensors see the missile's plume" }),
      ),
    },
    { additionalProperties: false },
  );
  app.post(
    '/api/warning/tracks',
    {
      schema: {
        tags: ['warning'],
        summary:
          "Share a member's local tracks instead of raw reports (#18.8): each is fused by covariance intersection into the live track of the same object, or starts one; all or none (the first invalid track refuses the batch with 400 naming it, and nothing is fused)",
        body: Type.Object(
          { tracks: Type.Array(LocalTrack, { minItems: 1, maxItems: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Answer({
            accepted: Type.Integer(),
            tracks: Type.Array(
              Answer({
                track: Type.String(),
                liveTrack: Type.Union([Type.String(), Type.Null()], {
                  description: 'The live track it was fused into or started (null: not fused)',
                }),
                started: Type.Boolean({ description: 'It started a live track of its own' }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const member = requireMember(req.principal);
      const r = svc.submitTracks(member, req.body.tracks);
      if (r.ok) return { accepted: r.tracks.length, tracks: r.tracks };
      if (r.status === 400)
        throw badInput(`body/tracks/${r.index ?? 0}/${r.field ?? ''}`, r.detail, {
          index: r.index,
        });
      if (r.status === 403)
        throw new TahalufError(403, 'not_in_network', r.detail).withDetail({ member });
      throw new TahalufError(503, 'overload', r.detail).withDetail({}, 'overloaded');
    },
  );

  app.get(
    '/api/warning/picture',
    {
      schema: {
        tags: ['warning'],
        summary: 'Sensors, tracks, threatened areas and active alerts (live and exercises)',
        response: { 200: Answer({}, 'Sensors, tracks, threatened areas and active alerts') },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      return svc.picture();
    },
  );

  app.get(
    '/api/warning/alliance-caps',
    {
      schema: {
        tags: ['warning'],
        summary:
          "Summaries of CAP messages issued by the federation's nodes, as applied from the alliance log (identifier, kind, members addressed, area, sent, the issuing node's actor and the id of the key that signed the act; no sensor data); every one was verified (signature, the issuer's right) by this node before it was applied; empty on a standalone node",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          actor: Type.Optional(Type.String({ pattern: '^([A-Z]{3}|SECRETARIAT)$' })),
        }),
        response: {
          200: Answer({
            federated: Type.Boolean(),
            summaries: Type.Array(Anything('a CAP summary as applied from the alliance log')),
          }),
        },
      },
    },
    // Public to read, like the alliance log that carries them (/api/federation/log).
    async (req) => {
      const summaries = await appliedCapSummaries(deps.store.db, req.query);
      // The key that signed each summary's act, stored when this node verified and applied it. Rows
      // applied before the key was stored (migration 1803) are looked up on the alliance log by act id.
      const unknown = summaries.filter((s) => s.keyId === null).map((s) => s.actId);
      const keys = new Map(
        (deps.alliance && unknown.length ? await deps.alliance.appliedActsByIds(unknown) : [])
          .filter((a) => a.type === CAP_SUMMARY_TYPE)
          .map((a) => [a.id, a.keyId]),
      );
      return {
        federated: deps.alliance !== null,
        summaries: summaries.map((s) => ({ ...s, keyId: s.keyId ?? keys.get(s.actId) ?? null })),
      };
    },
  );

  app.get(
    '/api/warning/status',
    {
      schema: {
        tags: ['warning'],
        summary:
          "Load of the live engine: queue, tentative tracks and their cap, reports shed (rate-limited, tentatives shed, overload), members' shared tracks (accepted, fused, started) and each sensor's estimated bias",
        response: { 200: Answer({}, 'Queue, tentative tracks and their cap, reports shed') },
      },
    },
    (req, reply) => {
      requireAuthenticated(req.principal);
      return reply.send(svc.status());
    },
  );

  app.get(
    '/api/warning/stream',
    {
      schema: {
        tags: ['warning'],
        summary: 'Server-sent events: tracks, threats, CAP messages, exercises',
        response: {
          200: TextAnswer(
            'text/event-stream',
            'Server-sent events; each data line is one JSON object',
          ),
        },
      },
    },
    (req, reply) => {
      requireAuthenticated(req.principal);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      reply.raw.write(': connected\n\n');
      const off = svc.subscribe((e) =>
        reply.raw.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
      );
      const ping = setInterval(() => reply.raw.write(': ping\n\n'), 15000);
      req.raw.on('close', () => {
        off();
        clearInterval(ping);
      });
    },
  );

  app.get(
    '/api/warning/scenarios',
    {
      schema: {
        tags: ['warning'],
        summary: 'Exercise scenarios (illustrative)',
        response: { 200: Type.Array(Answer({ id: Type.String(), name: Type.String() })) },
      },
    },
    async () => loadScenarios().map(({ id, name }) => ({ id, name })),
  );

  app.post(
    '/api/warning/exercises',
    {
      schema: {
        tags: ['warning'],
        summary: 'Start an exercise from a scenario and seed',
        body: Type.Object({
          scenario: Type.String(),
          seed: Type.Optional(Type.Integer({ minimum: 0 })),
          speed: Type.Optional(Type.Number({ minimum: 1, maximum: 100 })),
          instant: Type.Optional(Type.Boolean()),
          sensorBias: Type.Optional(
            Type.Boolean({
              description:
                "estimate each radar's range/azimuth/elevation bias in the exercise's tracker, as the live engine does (#18.8); default false",
            }),
          ),
        }),
        response: { 201: ExerciseStarted },
      },
    },
    async (req, reply) => {
      requireAuthenticated(req.principal);
      const b = req.body;
      // An instant exercise is played in a worker thread, off the event loop.
      const options = { sensorBias: b.sensorBias ?? false };
      const r = b.instant
        ? await svc.startInstantExercise(b.scenario, b.seed ?? 1, b.speed ?? 10, undefined, options)
        : svc.startExercise(b.scenario, b.seed ?? 1, b.speed ?? 10, false, undefined, options);
      if (b.instant) await svc.settled();
      return reply.code(201).send(r);
    },
  );

  const drills = new DrillBook(deps.store.db);
  app.get(
    '/api/warning/drills',
    {
      schema: {
        tags: ['warning'],
        summary:
          'Missile-warning drills scheduled by the forces module (secretariat: all; a member: those it takes part in)',
        response: {
          200: Type.Array(
            Answer({
              exerciseId: Type.String(),
              title: Type.String(),
              scenario: Type.String(),
              runs: Type.Array(Anything()),
            }),
          ),
        },
      },
    },
    async (req) => drills.list(req.principal),
  );

  app.post(
    '/api/warning/drills/:exerciseId/run',
    {
      schema: {
        tags: ['warning'],
        summary:
          "Run a scheduled missile-warning drill's warning scenario (secretariat or a participant); every CAP message has status Exercise",
        params: Type.Object({ exerciseId: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Optional(
          Type.Object({
            seed: Type.Optional(Type.Integer({ minimum: 0 })),
            speed: Type.Optional(Type.Number({ minimum: 1, maximum: 100 })),
            instant: Type.Optional(Type.Boolean()),
          }),
        ),
        response: {
          201: Answer({
            ...ExerciseStarted.properties,
            drill: Type.String({ description: 'the forces exercise id' }),
          }),
        },
      },
    },
    async (req, reply) => {
      const { exerciseId } = req.params;
      const b = req.body ?? {};
      const d = await drills.runnable(req.principal, exerciseId);
      const seed = b.seed ?? drillSeed(exerciseId, d.runs.length + 1);
      const drill = { exerciseId, title: d.title };
      const r = b.instant
        ? await svc.startInstantExercise(d.scenario, seed, b.speed ?? 10, drill)
        : svc.startExercise(d.scenario, seed, b.speed ?? 10, false, drill);
      await drills.recordRun(exerciseId, {
        exercise: r.id,
        seed,
        at: deps.clock.now().toISOString(),
        by: req.principal.member ?? 'SECRETARIAT',
      });
      if (b.instant) await svc.settled();
      return reply.code(201).send({ ...r, drill: exerciseId });
    },
  );

  app.post(
    '/api/warning/webhooks',
    {
      schema: {
        tags: ['warning'],
        summary: "Register a webhook for a member's CAP messages (retried with backoff)",
        body: Type.Object({
          member: Type.String({ pattern: '^[A-Z]{3}$' }),
          url: Type.String({ format: 'uri' }),
        }),
        response: {
          201: Answer({ member: Type.String(), url: Type.String() }, 'The webhook as registered'),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      canRead(req.principal, b.member);
      return reply.code(201).send(await svc.addWebhook(b.member, b.url));
    },
  );

  const CapLanguages = Answer(
    {
      member: Type.String(),
      languages: Type.Array(Type.String(), {
        description: 'RFC 5646 tags, one CAP <info> block each, in this order',
      }),
      set: Type.Boolean({ description: 'false: never asked; one English <info> (the default)' }),
      updatedAt: Type.Union([Type.String(), Type.Null()]),
      updatedBy: Type.Union([Type.String(), Type.Null()]),
    },
    "A member's CAP languages",
  );
  const MemberParam = Type.Object({ member: Type.String({ pattern: '^[A-Z]{3}$' }) });
  /** The member exists in the registry and the caller is that member's user or the secretariat. */
  const capLanguagesMember = (p: Principal, member: string) => {
    canRead(p, member);
    if (!deps.registry.state(member)) throw notFound('state', member);
  };
  app.get(
    '/api/warning/cap-languages/:member',
    {
      schema: {
        tags: ['warning'],
        summary: "The languages a member's civil defence gets its CAP messages in",
        description:
          "One <info> block per language (CAP 1.2 §3.2.2), its <language> the tag, its headline, description and instruction written in that language. A member that never asked gets one English <info>. Readable by that member's users and the secretariat.",
        params: MemberParam,
        response: { 200: CapLanguages },
      },
    },
    async (req) => {
      capLanguagesMember(req.principal, req.params.member);
      return svc.capLanguages.get(req.params.member);
    },
  );
  app.put(
    '/api/warning/cap-languages/:member',
    {
      schema: {
        tags: ['warning'],
        summary: "Set the languages a member's civil defence gets its CAP messages in",
        description: `1 to ${MAX_CAP_LANGUAGES} RFC 5646 tags (e.g. ["ar", "en"]), none twice, each in a language Tahaluf writes the warning in (primary subtag en or ar; 422 cap_language_unavailable otherwise). By that member's users or the secretariat. Messages issued from then on carry one <info> per tag.`,
        params: MemberParam,
        body: Type.Object(
          { languages: Type.Array(Type.String({ maxLength: 35 }), { maxItems: 64 }) },
          { additionalProperties: false },
        ),
        response: { 200: CapLanguages },
      },
    },
    async (req) => {
      capLanguagesMember(req.principal, req.params.member);
      const languages = parseCapLanguages(req.body.languages);
      return svc.capLanguages.set(
        req.params.member,
        languages,
        req.principal.member ?? req.principal.user,
        deps.clock.now().toISOString(),
      );
    },
  );
  app.delete(
    '/api/warning/cap-languages/:member',
    {
      schema: {
        tags: ['warning'],
        summary: "Forget a member's CAP languages: one English <info> again",
        params: MemberParam,
        response: { 200: CapLanguages },
      },
    },
    async (req) => {
      capLanguagesMember(req.principal, req.params.member);
      return svc.capLanguages.clear(req.params.member);
    },
  );

  app.get(
    '/api/warning/alert-history',
    {
      schema: {
        tags: ['warning'],
        summary:
          "CAP Alerts issued over time (the console's chart, #13.11): per day or ISO week (UTC), per member warned, exercise and live (status Actual) apart",
        description:
          "Counted from this node's stored CAP messages of type Alert (Updates and Cancels are not new alerts). " +
          "A member's user counts its own member's alerts, the secretariat every member's: the same rights as " +
          '/cap/messages/{id}.xml and the Atom feed.',
        querystring: Type.Object({
          interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')])),
          periods: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 366,
              description: 'buckets ending with the current one; default 30 days or 12 weeks',
            }),
          ),
        }),
        response: {
          200: Answer({
            interval: Type.String(),
            from: Type.String(),
            to: Type.String(),
            members: Type.Array(Type.String(), { description: 'members with an alert counted' }),
            buckets: Type.Array(
              Answer({
                start: Type.String(),
                exercise: Type.Record(Type.String(), Type.Integer(), {
                  description: 'alerts with status Exercise, by member',
                }),
                live: Type.Record(Type.String(), Type.Integer(), {
                  description: 'alerts with status Actual, by member',
                }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const p = req.principal;
      requireAuthenticated(p);
      const interval = req.query.interval ?? 'day';
      const periods = req.query.periods ?? (interval === 'day' ? 30 : 12);
      const today = deps.clock.now().toISOString().slice(0, 10);
      const { starts, from, to } = bucketWindow(interval, periods, today);
      const rows = await svc.repo.capCountsByDay({
        msgType: 'Alert',
        from,
        to,
        members: p.role === 'secretariat' ? undefined : p.member ? [p.member] : [],
      });
      type Counts = Record<string, number>;
      const buckets = new Map<string, { start: string; exercise: Counts; live: Counts }>(
        starts.map((start) => [start, { start, exercise: {}, live: {} }]),
      );
      const members = new Set<string>();
      for (const r of rows) {
        const b = buckets.get(bucketOf(r.day, interval));
        if (!b) continue;
        const side = r.status === 'Exercise' ? b.exercise : b.live;
        side[r.member] = (side[r.member] ?? 0) + Number(r.n);
        members.add(r.member);
      }
      return { interval, from, to, members: [...members].sort(), buckets: [...buckets.values()] };
    },
  );

  app.get(
    '/cap/:member.atom',
    {
      schema: {
        tags: ['warning'],
        summary: "Atom feed of a member's CAP 1.2 messages",
        params: Type.Object({ member: Type.String({ pattern: '^[A-Z]{3}$' }) }),
        response: {
          200: TextAnswer('application/atom+xml', "Atom feed of the member's CAP 1.2 messages"),
        },
      },
    },
    async (req, reply) => {
      const { member } = req.params;
      requireAuthenticated(req.principal);
      if (!knownMembers().has(member)) throw notFound('member of the warning network', member);
      canRead(req.principal, member);
      const rows = await svc.repo.recentCaps(member);
      const base = deps.config.publicUrl; // never the Host header (#16.10)
      return reply
        .type('application/atom+xml')
        .send(atomFeed(member, base, rows, deps.clock.now().getTime()));
    },
  );

  app.get(
    '/cap/messages/:identifier.xml',
    {
      schema: {
        tags: ['warning'],
        summary: 'One CAP 1.2 message',
        params: Type.Object({ identifier: Type.String() }),
        response: { 200: TextAnswer('application/cap+xml', 'A CAP 1.2 message') },
      },
    },
    async (req, reply) => {
      const { identifier } = req.params;
      const row = await svc.repo.cap(identifier);
      if (!row) throw notFound('CAP message', identifier);
      canRead(req.principal, row.member);
      return reply.type('application/cap+xml').send(row.xml);
    },
  );
}
