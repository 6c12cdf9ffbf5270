import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Answer, TextAnswer } from '../../core/answers.js';
import { badInput, isTahalufError, notFound } from '../../core/errors.js';
import { requireMember } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { findCollection, memberCollectionAlias, rightsOn } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { eventsOfJson } from './import.js';
import { DEFAULT_LABEL_MAP, parseLabelMap } from './label-map.js';
import { exportMisp, importMisp } from './service.js';

const Tag = Type.Object({ name: Type.String() });
const Orgc = Type.Object({ name: Type.String(), uuid: Type.String() });
const SharingGroup = Type.Object({ uuid: Type.String() });
const Attribute = Type.Object({
  uuid: Type.String(),
  type: Type.String(),
  category: Type.String(),
  value: Type.String(),
  to_ids: Type.Boolean(),
  distribution: Type.String({ description: 'MISP distribution 0-4 the label maps back to' }),
  SharingGroup: Type.Optional(SharingGroup),
  timestamp: Type.String(),
  comment: Type.String(),
  Tag: Type.Array(Tag),
  object_relation: Type.Optional(Type.String()),
  Sighting: Type.Optional(
    Type.Array(
      Type.Object({
        uuid: Type.String(),
        attribute_uuid: Type.String(),
        date_sighting: Type.String(),
        type: Type.String({ description: '0: seen' }),
        source: Type.String(),
        Organisation: Orgc,
      }),
      { description: 'sightings of the attribute the reader may see, each naming its member' },
    ),
  ),
});
const MispObject = Type.Object({
  uuid: Type.String(),
  name: Type.String({ description: 'the MISP object template (file, domain-ip …)' }),
  'meta-category': Type.Optional(Type.String()),
  comment: Type.String(),
  distribution: Type.String({ description: "5 (inherit): each attribute carries its part's" }),
  timestamp: Type.String(),
  Attribute: Type.Array(Attribute),
  ObjectReference: Type.Optional(
    Type.Array(
      Type.Object({
        uuid: Type.String(),
        object_uuid: Type.String(),
        referenced_uuid: Type.String(),
        relationship_type: Type.String(),
        comment: Type.String(),
        timestamp: Type.String(),
      }),
      {
        description:
          'relationships from this object the reader may see, to objects or attributes it may see',
      },
    ),
  ),
});
const EventBody = Type.Object({
  uuid: Type.String(),
  info: Type.String(),
  date: Type.String(),
  timestamp: Type.String(),
  publish_timestamp: Type.String(),
  published: Type.Boolean(),
  analysis: Type.String(),
  threat_level_id: Type.String(),
  distribution: Type.String(),
  SharingGroup: Type.Optional(SharingGroup),
  Orgc,
  Tag: Type.Array(Tag),
  Attribute: Type.Array(Attribute),
  Object: Type.Optional(Type.Array(MispObject)),
});
const ManifestEntry = Type.Object({
  info: Type.String(),
  date: Type.String(),
  timestamp: Type.String(),
  analysis: Type.String(),
  threat_level_id: Type.String(),
  Orgc,
  Tag: Type.Array(Tag),
});

/**
 * The caller's view as a MISP feed, under one base URL a MISP instance can add as a feed (with an
 * `Authorization: Bearer` header): `…/manifest.json`, `…/hashes.csv`, `…/<uuid>.json`. Labels are
 * mapped back with the default label map (docs/intel.md); only what the caller's member may see is in it.
 */
const principalOf = <P extends Parameters<typeof requireMember>[0]>(p: P): P => {
  requireMember(p);
  return p;
};

export function mispRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/intel/export/misp';
  app.get(
    base,
    {
      schema: {
        tags: ['intel'],
        summary:
          "The caller's view as a MISP feed index (the content of manifest.json); the events are at /api/intel/export/misp/{uuid}.json",
        response: { 200: Type.Record(Type.String(), ManifestEntry) },
      },
    },
    async (req) => (await exportMisp(deps, principalOf(req.principal))).manifest,
  );
  app.get(
    `${base}/manifest.json`,
    {
      schema: {
        tags: ['intel'],
        summary: 'MISP feed manifest.json: one entry per event the caller may see',
        response: { 200: Type.Record(Type.String(), ManifestEntry) },
      },
    },
    async (req) => (await exportMisp(deps, principalOf(req.principal))).manifest,
  );
  app.get(
    `${base}/hashes.csv`,
    {
      schema: {
        tags: ['intel'],
        summary: 'MISP feed hashes.csv: md5 of each attribute value, event uuid (text/csv)',
        response: { 200: TextAnswer('text/csv', 'md5,event uuid lines') },
      },
    },
    async (req, reply) => {
      const feed = await exportMisp(deps, principalOf(req.principal));
      return reply.type('text/csv; charset=utf-8').send(feed.hashes.map((l) => `${l}\n`).join(''));
    },
  );
  app.get(
    `${base}/:file`,
    {
      schema: {
        tags: ['intel'],
        summary:
          'One MISP core-format event of the caller\'s view ({"Event": …}); 404 when missing or not visible',
        params: Type.Object({
          file: Type.String({ pattern: '^[0-9a-fA-F-]{36}(\\.json)?$' }),
        }),
        response: { 200: Type.Object({ Event: EventBody }) },
      },
    },
    async (req) => {
      const uuid = req.params.file.replace(/\.json$/, '').toLowerCase();
      const feed = await exportMisp(deps, principalOf(req.principal));
      const ev = feed.events.find((e) => e.uuid === uuid);
      if (!ev) throw notFound('MISP event', uuid);
      return { Event: ev };
    },
  );

  app.post(
    '/api/intel/import/misp',
    {
      schema: {
        tags: ['intel'],
        summary:
          "Import MISP core-format events as the caller's member (all or nothing; labels from the MISP distributions by the label map)",
        description:
          'Body: a MISP core-format document (`{"Event": …}`, a bare event, or `{"response": [{"Event": …}]}`), imported with the default label map; or `{"misp": <such a document>, "labelMap": <label map>}` to map sharing groups or levels otherwise (docs/intel.md "MISP interoperability"). A MISP object becomes one indicator (its `to_ids` attributes, patterns joined by AND) and one observed-data (the others, as SCOs), both carrying the object\'s uuid and name. Everything is checked before anything is stored; any problem is one 400 problem whose `field` is the JSON pointer of the bad value in the body (`body/Event/Attribute/3/value`, `body/misp/…`, `body/labelMap/…`; `pointer` the same inside the MISP document or label map), and nothing is stored.',
        querystring: Type.Object({
          collection: Type.Optional(
            Type.String({
              description: "collection alias or id (default: the member's own collection)",
            }),
          ),
        }),
        body: Type.Record(Type.String(), Type.Unknown()),
        response: {
          200: Answer({
            collection: Type.String(),
            events: Type.Integer(),
            attributes: Type.Integer(),
            indicators: Type.Integer(),
            objects: Type.Integer({ description: 'MISP objects imported' }),
            observedData: Type.Integer({
              description: "observed-data made of MISP objects' attributes without to_ids",
            }),
            relationships: Type.Integer({
              description: 'relationships made of MISP object references (ObjectReference)',
            }),
            sightings: Type.Integer({
              description: 'STIX sightings made of MISP sightings of type 0',
            }),
            attackRelationships: Type.Integer({
              description:
                'relationships to ATT&CK attack-patterns the collection holds, from galaxy tags',
            }),
            stored: Type.Integer({ description: 'objects stored now (indicators and reports)' }),
            alreadyPresent: Type.Integer({ description: 'objects already stored, unchanged' }),
            deleted: Type.Integer({ description: 'attributes marked deleted in MISP, skipped' }),
            unsupported: Type.Record(Type.String(), Type.Array(Type.String()), {
              description: 'attribute uuids per MISP type with no STIX mapping (not imported)',
            }),
            skipped: Type.Record(Type.String(), Type.Array(Type.String()), {
              description: 'attribute uuids per reason their value has no STIX form (not imported)',
            }),
          }),
        },
      },
    },
    async (req) => {
      const who = req.principal;
      const member = requireMember(who);
      const hub = hubFor(deps);
      const alias = req.query.collection ?? memberCollectionAlias(member);
      // As the other write routes: a collection the member may not write is answered like a missing one.
      const coll = findCollection(deps.registry, alias);
      if (!coll || !rightsOn(coll, who, hub.today(), deps.registry).write)
        throw notFound('collection', alias);
      const body = req.body;
      const wrapped = 'misp' in body;
      try {
        const events = eventsOfJson(wrapped ? body.misp : body, 'body');
        const map =
          wrapped && body.labelMap !== undefined
            ? parseLabelMap(body.labelMap, deps.registry, 'body/labelMap')
            : DEFAULT_LABEL_MAP;
        if (wrapped)
          for (const k of Object.keys(body))
            if (k !== 'misp' && k !== 'labelMap')
              throw badInput(`body/${k}`, `unknown key '${k}' (expected misp and labelMap)`);
        const r = await importMisp(deps, events, who, coll, map);
        return {
          collection: coll.alias,
          events: r.events,
          attributes: r.attributes,
          indicators: r.indicators,
          objects: r.mispObjects,
          observedData: r.observedData,
          relationships: r.relationships,
          sightings: r.sightings,
          attackRelationships: r.attackRelationships,
          stored: r.stored,
          alreadyPresent: r.alreadyPresent,
          deleted: r.deleted,
          unsupported: Object.fromEntries(r.unsupported),
          skipped: Object.fromEntries(r.skipped),
        };
      } catch (err) {
        // The import names the place of a problem by its JSON pointer in the MISP document or the label
        // map; here both are parts of the body.
        const d = isTahalufError(err) ? err.details : undefined;
        if (
          !isTahalufError(err) ||
          !d ||
          typeof d.pointer !== 'string' ||
          typeof d.reason !== 'string'
        )
          throw err;
        const base = d.document === 'labelMap' ? 'body/labelMap' : wrapped ? 'body/misp' : 'body';
        const field = `${base}${d.pointer}`;
        throw badInput(field, `${field}: ${d.reason}`, { pointer: d.pointer });
      }
    },
  );
}
