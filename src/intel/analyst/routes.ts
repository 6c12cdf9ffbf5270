import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Answer, Anything } from '../../core/answers.js';
import { requireMember } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { badInput } from '../../core/errors.js';
import { EVERYONE } from '../labels.js';
import { correlate, KINDS } from './correlation.js';
import { reportSighting, sightingsOf } from './sightings.js';
import { findTechniques, listTactics } from './attack.js';
import { objectsOfTechnique, techniqueIndex } from './attack-map.js';
import type { AnalystTables } from './migrations.js';

/** The analyst's JSON API: correlation (and search by value) within the reader's visibility. */
export function analystRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/intel/correlate',
    {
      schema: {
        tags: ['intel'],
        summary:
          'Objects related to an object (by id) or to a value that the caller may see: the same observable values, shared indicator pattern values, relationship neighbours',
        querystring: Type.Object({
          id: Type.Optional(Type.String({ minLength: 1 })),
          value: Type.Optional(Type.String({ minLength: 1 })),
          kind: Type.Optional(Type.Union(KINDS.map((k) => Type.Literal(k)))),
          include: Type.Optional(Type.Literal('inactive')),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: {
          200: Answer({}, 'The object or value, and the related objects the caller may see'),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      const q = req.query;
      return correlate(
        deps,
        req.principal,
        { id: q.id, value: q.value, kind: q.kind },
        { includeInactive: q.include === 'inactive', limit: q.limit },
      );
    },
  );

  /** "Releasable to" entries name states, alliances (by id or short name) or ALL (as for a shared report). */
  const checkCommunities = (entries: string[], field: string) => {
    for (const r of entries)
      if (r !== EVERYONE && !deps.registry.state(r) && !deps.registry.allianceNamed(r))
        throw badInput(field, `'${r}' is neither a state nor an alliance`);
  };

  const Seen = Type.Object({
    id: Type.String(),
    collection: Type.String(),
    originator: Type.String({
      description: 'the sighting member (shown only to readers its label admits)',
    }),
    count: Type.Integer(),
    firstSeen: Type.Union([Type.String(), Type.Null()]),
    lastSeen: Type.Union([Type.String(), Type.Null()]),
    label: Type.Union([Type.String(), Type.Null()]),
  });

  app.get(
    '/api/intel/objects/:id/sightings',
    {
      schema: {
        tags: ['intel'],
        summary: 'Sightings of an object that the caller may know of (#19.6)',
        description:
          'Sightings are STIX 2.1 sighting objects stored under their own labels. Listed: those the caller may see (latest ' +
          'visible version), each naming its member. The originator of the object also gets `anonymous`: how many sightings ' +
          'it may not see carry `x_tahaluf_count_to_originator: true`, and their summed count, without ids, members or times ' +
          '(zero for every other reader). `total` = visible counts + anonymous counts. 404 when the object is missing or not visible.',
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Object({
            id: Type.String(),
            total: Type.Integer(),
            sightings: Type.Array(Seen),
            anonymous: Type.Object({ reports: Type.Integer(), total: Type.Integer() }),
          }),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      return sightingsOf(deps, req.principal, req.params.id);
    },
  );

  app.post(
    '/api/intel/objects/:id/sightings',
    {
      schema: {
        tags: ['intel'],
        summary:
          "Report that the caller's member saw an object (a STIX 2.1 sighting under the caller's label)",
        description:
          "Stores a sighting (sighting_of_ref = the object) in the object's collection, labelled like any shared object: " +
          'the label decides who sees the sighting and so who learns the sighting member. `countToOriginator` adds ' +
          "`x_tahaluf_count_to_originator: true`: the object's originator then counts it even outside the label, anonymously. " +
          'The same works over TAXII (POST a sighting with the property). 404 when the object is missing or not visible.',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({
          count: Type.Optional(Type.Integer({ minimum: 0, maximum: 999_999_999 })),
          firstSeen: Type.Optional(Type.String({ format: 'date-time' })),
          lastSeen: Type.Optional(Type.String({ format: 'date-time' })),
          classification: Type.String(),
          releasableTo: Type.Array(Type.String()),
          tlp: Type.Optional(Type.String()),
          countToOriginator: Type.Optional(Type.Boolean()),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: Type.Object({ id: Type.String(), collection: Type.String() }) },
      },
    },
    async (req, reply) => {
      requireMember(req.principal);
      const out = await reportSighting(
        deps,
        req.principal,
        req.params.id,
        req.body,
        checkCommunities,
      );
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/api/intel/attack/tactics',
    {
      schema: {
        tags: ['intel'],
        summary:
          'ATT&CK tactics of the imported catalogue (tahaluf intel attack import FILE), each with its number of current techniques',
        response: { 200: Answer({ tactics: Type.Array(Anything()) }) },
      },
    },
    async (req) => {
      requireMember(req.principal);
      return { tactics: await listTactics(deps.store.db.withTables<AnalystTables>()) };
    },
  );

  app.get(
    '/api/intel/attack/techniques',
    {
      schema: {
        tags: ['intel'],
        summary:
          'ATT&CK techniques of the imported catalogue: by tactic, by id prefix (T1059) or name',
        querystring: Type.Object({
          tactic: Type.Optional(
            Type.String({ description: 'kill-chain phase short name, e.g. execution' }),
          ),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          deprecated: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Answer({ techniques: Type.Array(Anything()) }) },
      },
    },
    async (req) => {
      requireMember(req.principal);
      const q = req.query;
      return {
        techniques: await findTechniques(deps.store.db.withTables<AnalystTables>(), {
          tactic: q.tactic,
          q: q.q,
          includeDeprecated: q.deprecated,
          limit: q.limit ?? 100,
        }),
      };
    },
  );

  app.get(
    '/api/intel/attack/techniques/:id/objects',
    {
      schema: {
        tags: ['intel'],
        summary: 'Objects the caller may see that are mapped to an ATT&CK technique (#19.6)',
        description:
          'Mapped: a `uses`/`indicates` relationship from the object to an attack-pattern that is the technique (the ' +
          "imported catalogue's, or a stored one with a mitre-attack external id), or the object's own mitre-attack " +
          '`external_references` / `kill_chain_phases` naming it. Objects, relationships and attack-patterns are read ' +
          'through the releasability filter: an object or a mapping the caller may not see is neither listed nor counted. ' +
          '`id`: T1059, T1059.001 or the catalogue attack-pattern id. A technique also lists the objects mapped to its ' +
          'sub-techniques (T1059 lists T1059.001). Newest first; `total` counts all found.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: {
          200: Answer({
            technique: Type.Union([Anything('the catalogue technique'), Type.Null()]),
            techniqueId: Type.String(),
            total: Type.Integer({ description: 'visible objects mapped to the technique' }),
            truncated: Type.Boolean(),
            objects: Type.Array(
              Answer({
                id: Type.String(),
                type: Type.String(),
                collection: Type.String(),
                originator: Type.String(),
                name: Type.String(),
                label: Type.Union([Type.String(), Type.Null()]),
                via: Type.Array(Type.String()),
                techniques: Type.Array(Type.String(), {
                  description:
                    'the techniques it is mapped to that the asked one covers (itself or, for a technique, its sub-techniques)',
                }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      return objectsOfTechnique(deps, req.principal, req.params.id, req.query.limit ?? 100);
    },
  );

  app.get(
    '/api/intel/attack/index',
    {
      schema: {
        tags: ['intel'],
        summary:
          'ATT&CK technique index: techniques and sub-techniques that objects the caller may see are mapped to, with counts within that visibility (#19.6)',
        description:
          'Mapped as for `/api/intel/attack/techniques/{id}/objects`. `count`: visible objects mapped to the technique or, ' +
          "for a technique, to any of its sub-techniques (each object once: T1059.001's objects count under T1059); " +
          '`direct`: those mapped to exactly it. Objects, relationships and attack-patterns are read through the ' +
          "releasability filter: nothing outside the caller's labels is counted. `truncated` when a collection held more " +
          'candidate rows than one scan reads.',
        querystring: Type.Object({
          tactic: Type.Optional(
            Type.String({
              maxLength: 100,
              description: 'kill-chain phase short name, e.g. execution',
            }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        }),
        response: {
          200: Answer({
            techniques: Type.Array(
              Answer({
                techniqueId: Type.String(),
                name: Type.Union([Type.String(), Type.Null()], {
                  description: 'from the imported catalogue, null when not imported',
                }),
                tactics: Type.Array(Type.String()),
                parent: Type.Union([Type.String(), Type.Null()], {
                  description: "a sub-technique's parent technique",
                }),
                count: Type.Integer({ minimum: 0 }),
                direct: Type.Integer({ minimum: 0 }),
              }),
            ),
            total: Type.Integer({
              minimum: 0,
              description: 'techniques in the index (before limit)',
            }),
            truncated: Type.Boolean(),
          }),
        },
      },
    },
    async (req) => {
      requireMember(req.principal);
      return techniqueIndex(deps, req.principal, {
        tactic: req.query.tactic,
        limit: req.query.limit,
      });
    },
  );
}
