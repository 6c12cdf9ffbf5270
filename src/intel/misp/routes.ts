import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TextAnswer } from '../../core/answers.js';
import { notFound } from '../../core/errors.js';
import { requireMember } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { exportMisp } from './service.js';

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
}
