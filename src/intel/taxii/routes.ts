import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, findCollection, rightsOn, type Collection } from '../collections.js';
import { normaliseDateAdded } from '../date-added.js';
import { taxiiStatus, type IntelHub } from '../intel-hub.js';
import {
  LABEL_EXTENSION_ID,
  LABEL_PROPERTY,
  LABELS_PROPERTY,
  labelExtensionDefinition,
} from '../labels.js';
import { recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { SIGNATURE_PROPERTY, SIGNATURES_PROPERTY } from '../signatures.js';
import { parseJson } from '../../store/json-column.js';
import { TIMESTAMP } from '../stix/checks.js';
import { cursorBinding } from './cursor.js';
import { taxiiError, toTaxiiError } from './errors.js';
import { acceptsTaxii, isTaxiiContentType, STIX_MEDIA, TAXII_MEDIA } from './media.js';
import { Type, type TSchema } from 'typebox';
import { Answer } from '../../core/answers.js';
import { ObjectSignatureSchema } from '../provenance.js';

/**
 * OpenAPI descriptions of the TAXII resources that carry signatures (the handlers send JSON text
 * themselves, so these schemas document the wire form and are not used to serialise it).
 */
const taxiiDoc = (description: string, schema: TSchema) => ({
  description,
  content: { [TAXII_MEDIA]: { schema } },
});
const TaxiiStatus = Answer({
  id: Type.String(),
  status: Type.String(),
  total_count: Type.Integer(),
  success_count: Type.Integer(),
  failure_count: Type.Integer(),
  pending_count: Type.Integer(),
});
const TaxiiCollection = Answer({
  id: Type.String(),
  title: Type.String(),
  can_read: Type.Boolean(),
  can_write: Type.Boolean(),
  media_types: Type.Array(Type.String()),
});
const EnvelopeDoc = Type.Object(
  {
    more: Type.Optional(Type.Boolean()),
    next: Type.Optional(Type.String({ description: 'opaque cursor, bound to the reader' })),
    objects: Type.Optional(
      Type.Array(Type.Record(Type.String(), Type.Unknown()), {
        description: "STIX 2.1 objects, each exactly as its originator's signature covers it",
      }),
    ),
    [SIGNATURES_PROPERTY]: Type.Optional(
      Type.Array(Type.Union([ObjectSignatureSchema, Type.Null()]), {
        description:
          "Detached signatures, parallel to objects: entry i is the originating member's signature of objects[i], null when that object is unsigned; left out when no object of the page is signed",
      }),
    ),
    [LABELS_PROPERTY]: Type.Optional(
      Type.Array(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]), {
        description:
          "Confidentiality labels carried beside the objects (#19.5), parallel to objects: entry i is the label of objects[i] as the body of the label extension (extension-definition--3c1d7f0e-…), when that object came without the extension and is served with its originator's bytes; null when the object carries its label inside; left out when no object of the page has its label beside it",
      }),
    ),
  },
  { additionalProperties: true },
);
const ManifestDoc = Type.Object(
  {
    more: Type.Optional(Type.Boolean()),
    next: Type.Optional(Type.String()),
    objects: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Type.String(),
            date_added: Type.String(),
            version: Type.String(),
            media_type: Type.String(),
            [SIGNATURE_PROPERTY]: Type.Optional(ObjectSignatureSchema),
            [LABEL_PROPERTY]: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { additionalProperties: true },
);

export const TAXII_PREFIX = '/taxii2';
export const API_ROOT = 'api1';
export const MAX_PAGE = 1000;

export interface TaxiiOptions {
  /** Largest accepted POST body in bytes (the API root's max_content_length). */
  maxContentLength: number;
}

type Req = FastifyRequest<{
  Params: Record<string, string>;
  Querystring: Record<string, string | string[]>;
}>;

const list = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean);

const isList = (value: unknown): value is unknown[] => Array.isArray(value);

/**
 * A list an envelope carries beside its objects under `property` (entry i `verb` object i), or undefined
 * when absent; anything but a list as long as `objects` is refused.
 */
function besideObjects(
  envelope: object,
  property: string,
  objects: unknown,
  verb: string,
): unknown[] | undefined {
  const beside: unknown = Reflect.get(envelope, property);
  if (beside === undefined) return undefined;
  if (!isList(beside) || !isList(objects) || beside.length !== objects.length)
    throw taxiiError(
      400,
      `${property} must be a list as long as objects (entry i ${verb} object i, null for none)`,
    );
  return beside;
}

function authenticated(p: Principal): Principal {
  if (p.role === 'public')
    throw taxiiError(401, 'authentication is required (HTTP Basic user:token or Bearer token)');
  return p;
}

/**
 * TAXII 2.1 server (sections 4 and 5), registered as an encapsulated plugin so that its error format
 * (TAXII error messages), media types and body limit apply to its routes only.
 */
export async function registerTaxii(
  app: FastifyInstance,
  deps: Pick<Deps, 'registry' | 'clock' | 'config'>,
  hub: IntelHub,
  opts: TaxiiOptions,
): Promise<void> {
  await app.register(
    async (taxii) => {
      taxii.setErrorHandler((err, req, reply) => {
        const e = toTaxiiError(err);
        if (e.http_status === '500') {
          // Every 500 is logged with the request id (#16.9).
          req.log.error({ err, reqId: req.id }, 'unhandled error on a TAXII route');
          if (!req.log.level || req.log.level === 'silent')
            console.error(`[tahaluf] 500 on request ${req.id}:`, err);
        }
        // RFC 9110 15.5.2: a 401 names the schemes the server accepts.
        if (e.http_status === '401')
          void reply.header('WWW-Authenticate', 'Basic realm="tahaluf", Bearer');
        void reply
          .code(Number(e.http_status))
          .header('content-type', TAXII_MEDIA)
          .send(JSON.stringify(e));
      });
      taxii.setNotFoundHandler((_req, reply) => {
        void reply
          .code(404)
          .header('content-type', TAXII_MEDIA)
          .send(
            JSON.stringify({
              title: 'Not Found',
              description: 'no such TAXII resource',
              http_status: '404',
            }),
          );
      });
      taxii.removeAllContentTypeParsers();
      taxii.addContentTypeParser(
        /^.*$/,
        { parseAs: 'string', bodyLimit: opts.maxContentLength },
        (req, body, done) => {
          if (!isTaxiiContentType(req.headers['content-type']))
            return done(
              taxiiError(415, 'the Content-Type must be application/taxii+json;version=2.1'),
              undefined,
            );
          try {
            done(null, JSON.parse(body as string));
          } catch {
            done(taxiiError(400, 'the request body is not valid JSON'), undefined);
          }
        },
      );
      taxii.addHook('onRequest', async (req) => {
        if (!acceptsTaxii(req.headers.accept))
          throw taxiiError(406, 'the server answers only application/taxii+json;version=2.1');
        const len = Number(req.headers['content-length'] ?? 0);
        if (len > opts.maxContentLength)
          throw taxiiError(
            413,
            `the request body exceeds max_content_length (${opts.maxContentLength} bytes)`,
          );
      });
      // Fastify appends a charset to JSON-like types; TAXII clients compare the media type exactly.
      taxii.addHook('onSend', async (_req, reply, payload) => {
        reply.header('content-type', TAXII_MEDIA);
        return payload;
      });

      const send = (reply: FastifyReply, body: unknown, status = 200) =>
        reply.code(status).header('content-type', TAXII_MEDIA).send(JSON.stringify(body));
      const day = () => hub.today();

      /** The collection if it exists and the caller may read or write it; otherwise 404, exactly as for a missing one. */
      const collection = (req: Req): { c: Collection; read: boolean; write: boolean } => {
        const p = authenticated(req.principal);
        const c = findCollection(deps.registry, req.params.collectionId);
        if (c) {
          const r = rightsOn(c, p, day(), deps.registry);
          if (r.read || r.write) return { c, ...r };
        }
        throw taxiiError(404, 'the collection does not exist');
      };
      const apiRoot = (req: Req) => {
        if (req.params.apiRoot !== API_ROOT) throw taxiiError(404, 'the API root does not exist');
      };

      const filters = (req: Req) => {
        const q = req.query;
        const limitRaw = q.limit;
        let limit = MAX_PAGE;
        if (limitRaw !== undefined) {
          const n = Number(limitRaw);
          if (!Number.isInteger(n) || n < 1)
            throw taxiiError(400, 'limit must be a positive integer');
          limit = Math.min(n, MAX_PAGE);
        }
        const addedAfterRaw = typeof q.added_after === 'string' ? q.added_after : undefined;
        if (addedAfterRaw !== undefined && !TIMESTAMP.test(addedAfterRaw))
          throw taxiiError(400, 'added_after must be a timestamp');
        // Stored date_added values have exactly 6 fractional digits; compare against the same form.
        const addedAfter =
          addedAfterRaw === undefined ? undefined : normaliseDateAdded(addedAfterRaw);
        const next = typeof q.next === 'string' ? q.next : undefined;
        const versions = list(q['match[version]']);
        for (const v of versions ?? [])
          if (v !== 'last' && v !== 'first' && v !== 'all' && !TIMESTAMP.test(v))
            throw taxiiError(400, `match[version] '${v}' is not last, first, all or a timestamp`);
        return {
          limit,
          addedAfter,
          next,
          versions,
          ids: list(q['match[id]']),
          types: list(q['match[type]']),
          specVersions: list(q['match[spec_version]']),
        };
      };
      /**
       * Cursors are sealed (taxii/cursor.ts): bound to the reader, the endpoint and the filters, and
       * opaque, so no store position reaches a reader.
       */
      const bindingOf = (req: Req, endpoint: string, f: ReturnType<typeof filters>) =>
        cursorBinding(req.principal, endpoint, {
          collection: req.params.collectionId,
          added_after: f.addedAfter,
          versions: f.versions,
          ids: f.ids,
          types: f.types,
          spec_versions: f.specVersions,
        });
      const openCursor = async (
        req: Req,
        endpoint: string,
        f: ReturnType<typeof filters>,
      ): Promise<number | undefined> => {
        if (f.next === undefined) return undefined;
        const pos = (await hub.cursors()).open(f.next, bindingOf(req, endpoint, f));
        if (pos === null) throw taxiiError(400, 'next is not a value this server issued');
        return pos;
      };
      const sealCursor = async (
        req: Req,
        endpoint: string,
        f: ReturnType<typeof filters>,
        position: number,
      ): Promise<string> => (await hub.cursors()).seal(position, bindingOf(req, endpoint, f));
      const dateHeaders = (reply: FastifyReply, rows: StoredRow[]) => {
        if (!rows.length) return;
        const dates = rows.map((r) => r.date_added).sort();
        reply
          .header('X-TAXII-Date-Added-First', dates[0])
          .header('X-TAXII-Date-Added-Last', dates[dates.length - 1]);
      };
      const versionOf = (r: StoredRow) => r.version || r.date_added;

      taxii.get(
        '/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 server discovery',
            response: {
              200: taxiiDoc(
                'Discovery resource',
                Answer({ title: Type.String(), api_roots: Type.Array(Type.String()) }),
              ),
            },
          },
        },
        async (req: Req, reply) => {
          authenticated(req.principal);
          // Links come from the configured public URL, never from the Host header (#16.10).
          const base = `${deps.config.publicUrl}${TAXII_PREFIX}`;
          return send(reply, {
            title: 'Tahaluf TAXII 2.1 server',
            description:
              'Intelligence sharing among member states; each object is served only as its confidentiality label allows.',
            default: `${base}/${API_ROOT}/`,
            api_roots: [`${base}/${API_ROOT}/`],
          });
        },
      );
      taxii.get(
        '/:apiRoot/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 API root',
            response: {
              200: taxiiDoc(
                'API root resource',
                Answer({
                  title: Type.String(),
                  versions: Type.Array(Type.String()),
                  max_content_length: Type.Integer(),
                }),
              ),
            },
          },
        },
        async (req: Req, reply) => {
          authenticated(req.principal);
          apiRoot(req);
          return send(reply, {
            title: 'Tahaluf intelligence',
            description: 'Collections per alliance and per member state.',
            versions: [TAXII_MEDIA],
            max_content_length: opts.maxContentLength,
          });
        },
      );
      taxii.get(
        '/:apiRoot/status/:statusId/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 status resource',
            response: { 200: taxiiDoc('Status resource', TaxiiStatus) },
          },
        },
        async (req: Req, reply) => {
          const p = authenticated(req.principal);
          apiRoot(req);
          const s = await hub.status(req.params.statusId, p);
          if (!s) throw taxiiError(404, 'the status resource does not exist');
          return send(reply, taxiiStatus(s));
        },
      );
      const describe = (c: Collection, r: { read: boolean; write: boolean }) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        alias: c.alias,
        can_read: r.read,
        can_write: r.write,
        media_types: [STIX_MEDIA],
      });
      taxii.get(
        '/:apiRoot/collections/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 collections',
            response: {
              200: taxiiDoc(
                'Collections resource (empty object when none)',
                Answer({ collections: Type.Optional(Type.Array(TaxiiCollection)) }),
              ),
            },
          },
        },
        async (req: Req, reply) => {
          const p = authenticated(req.principal);
          apiRoot(req);
          const out = allCollections(deps.registry)
            .map((c) => ({ c, r: rightsOn(c, p, day(), deps.registry) }))
            .filter(({ r }) => r.read || r.write)
            .map(({ c, r }) => describe(c, r));
          return send(reply, out.length ? { collections: out } : {});
        },
      );
      taxii.get(
        '/:apiRoot/collections/:collectionId/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 collection',
            response: { 200: taxiiDoc('Collection resource', TaxiiCollection) },
          },
        },
        async (req: Req, reply) => {
          apiRoot(req);
          const { c, read, write } = collection(req);
          return send(reply, describe(c, { read, write }));
        },
      );

      const readable = (req: Req) => {
        apiRoot(req);
        const x = collection(req);
        if (!x.read) throw taxiiError(403, 'the caller may not read this collection');
        return x.c;
      };

      taxii.get(
        '/:apiRoot/collections/:collectionId/manifest/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 manifest',
            response: { 200: taxiiDoc('Manifest resource', ManifestDoc) },
          },
        },
        async (req: Req, reply) => {
          const c = readable(req);
          const f = filters(req);
          const at = await openCursor(req, 'manifest', f);
          const page = await hub.page(
            { collectionId: c.id, ...f, next: at === undefined ? null : String(at) },
            recipientOf(req.principal),
          );
          dateHeaders(reply, page.rows);
          if (!page.rows.length) return send(reply, {});
          return send(reply, {
            more: page.more,
            ...(page.next ? { next: await sealCursor(req, 'manifest', f, Number(page.next)) } : {}),
            objects: page.rows.map((r) => ({
              id: r.id,
              date_added: r.date_added,
              version: versionOf(r),
              media_type: STIX_MEDIA,
              // The originator's detached signature (#19.3), beside the record of the object it signs.
              ...(r.signature ? { [SIGNATURE_PROPERTY]: parseJson(r.signature) } : {}),
              // The label kept beside the object (#19.5), whose bytes are its originator's.
              ...(r.beside_label ? { [LABEL_PROPERTY]: parseJson(r.beside_label) } : {}),
            })),
          });
        },
      );

      const envelope = async (req: Req, reply: FastifyReply, c: Collection, ids?: string[]) => {
        const f = filters(req);
        const endpoint = ids ? `object:${ids.join(',')}` : 'objects';
        const at = await openCursor(req, endpoint, f);
        const page = await hub.page(
          {
            collectionId: c.id,
            ...f,
            ids: ids ?? f.ids,
            next: at === undefined ? null : String(at),
          },
          recipientOf(req.principal),
        );
        if (ids?.length === 1 && ids[0] === LABEL_EXTENSION_ID && !page.rows.length && !f.next)
          // The extension-definition every label names is served in every collection (#19.5), so a
          // receiver can resolve the extension an object carries; it is public and the same everywhere.
          return send(reply, { more: false, objects: [labelExtensionDefinition] });
        if (ids && !page.rows.length && !f.next) {
          // An object the caller may not see answers exactly like one that does not exist.
          const any = await hub.page(
            { collectionId: c.id, ids, versions: ['all'], limit: 1 },
            recipientOf(req.principal),
          );
          if (!any.rows.length) throw taxiiError(404, 'the object does not exist');
        }
        dateHeaders(reply, page.rows);
        hub.deferReceipts(page.rows, req.principal, 'taxii');
        if (!page.rows.length) return send(reply, {});
        // Stored objects are already JSON text: splice them into the envelope instead of parsing and re-serialising.
        const head = JSON.stringify({
          more: page.more,
          ...(page.next ? { next: await sealCursor(req, endpoint, f, Number(page.next)) } : {}),
        }).slice(0, -1);
        // Originators' detached signatures (#19.3) travel beside the objects, never inside them: entry i signs
        // objects[i] (null when that object came unsigned); the property is left out when none is signed.
        const sigs = page.rows.some((r) => r.signature)
          ? `,"${SIGNATURES_PROPERTY}":[${page.rows.map((r) => r.signature ?? 'null').join(',')}]`
          : '';
        // Labels kept beside objects served with their originators' bytes (#19.5), likewise: entry i labels
        // objects[i] (null when the object carries its label inside); left out when every label is inside.
        const labels = page.rows.some((r) => r.beside_label)
          ? `,"${LABELS_PROPERTY}":[${page.rows.map((r) => r.beside_label ?? 'null').join(',')}]`
          : '';
        return reply
          .code(200)
          .header('content-type', TAXII_MEDIA)
          .send(`${head},"objects":[${page.rows.map((r) => r.object).join(',')}]${sigs}${labels}}`);
      };

      taxii.get(
        '/:apiRoot/collections/:collectionId/objects/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 get objects',
            response: { 200: taxiiDoc('Envelope', EnvelopeDoc) },
          },
        },
        async (req: Req, reply) => envelope(req, reply, readable(req)),
      );

      taxii.post(
        '/:apiRoot/collections/:collectionId/objects/',
        {
          bodyLimit: opts.maxContentLength,
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 add objects',
            description: `The body is a TAXII envelope; \`${SIGNATURES_PROPERTY}\`, when present, is a list as long as \`objects\` whose entry i is the originator's detached signature of object i (null for none), checked on ingest (docs/intel.md "Signed objects"); \`${LABELS_PROPERTY}\`, when present, is a list as long as \`objects\` whose entry i is the label of object i carried beside it (the label extension's body; null for none), for an object that does not carry the extension (docs/intel.md "How the label travels"). The envelope the GET operations answer describes it.`,
            response: { 202: taxiiDoc('Status resource', TaxiiStatus) },
          },
        },
        async (req: Req, reply) => {
          apiRoot(req);
          const x = collection(req);
          if (!x.write) throw taxiiError(403, 'the caller may not write to this collection');
          const body = req.body;
          if (!body || typeof body !== 'object' || Array.isArray(body))
            throw taxiiError(400, 'the body must be a TAXII envelope');
          const objects = (body as { objects?: unknown }).objects;
          if (objects !== undefined && !Array.isArray(objects))
            throw taxiiError(400, 'the envelope objects must be a list');
          const sigs = besideObjects(body, SIGNATURES_PROPERTY, objects, 'signs');
          const labels = besideObjects(body, LABELS_PROPERTY, objects, 'labels');
          const status = await hub.ingest(
            x.c,
            (objects as unknown[] | undefined) ?? [],
            req.principal,
            'taxii',
            sigs,
            { labels },
          );
          return send(reply, taxiiStatus(status), 202);
        },
      );

      taxii.get(
        '/:apiRoot/collections/:collectionId/objects/:objectId/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 get an object',
            response: { 200: taxiiDoc('Envelope', EnvelopeDoc) },
          },
        },
        async (req: Req, reply) => envelope(req, reply, readable(req), [req.params.objectId]),
      );

      taxii.delete(
        '/:apiRoot/collections/:collectionId/objects/:objectId/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 delete an object',
            response: { 200: taxiiDoc('No body (TAXII 2.1 5.7)', Type.String({ maxLength: 0 })) },
          },
        },
        async (req: Req, reply) => {
          apiRoot(req);
          const x = collection(req);
          const f = filters(req);
          const who = recipientOf(req.principal);
          const rows: StoredRow[] = [];
          let next: string | null = null;
          do {
            const page = await hub.page(
              {
                collectionId: x.c.id,
                ids: [req.params.objectId],
                versions: f.versions ?? ['all'],
                specVersions: f.specVersions,
                limit: MAX_PAGE,
                next,
              },
              who,
            );
            rows.push(...page.rows);
            next = page.next;
          } while (next);
          if (!rows.length) throw taxiiError(404, 'the object does not exist');
          if (!x.write || rows.some((r) => r.originator !== req.principal.member))
            throw taxiiError(403, 'only the originating member may delete its objects');
          await hub.remove(x.c, rows, req.principal);
          // TAXII 2.1 5.7: success is 200 (OK) with no response body (not an empty JSON object).
          return reply.code(200).header('content-type', TAXII_MEDIA).send('');
        },
      );

      taxii.get(
        '/:apiRoot/collections/:collectionId/objects/:objectId/versions/',
        {
          schema: {
            tags: ['intel'],
            summary: 'TAXII 2.1 object versions',
            response: {
              200: taxiiDoc(
                'Versions resource (empty object when none)',
                Answer({
                  more: Type.Optional(Type.Boolean()),
                  next: Type.Optional(Type.String()),
                  versions: Type.Optional(Type.Array(Type.String())),
                }),
              ),
            },
          },
        },
        async (req: Req, reply) => {
          const c = readable(req);
          const f = filters(req);
          const endpoint = `versions:${req.params.objectId}`;
          const start = (await openCursor(req, endpoint, f)) ?? 0;
          const all: StoredRow[] = [];
          let next: string | null = null;
          do {
            const page = await hub.page(
              {
                collectionId: c.id,
                ids: [req.params.objectId],
                versions: ['all'],
                specVersions: f.specVersions,
                addedAfter: f.addedAfter,
                limit: MAX_PAGE,
                next,
              },
              recipientOf(req.principal),
            );
            all.push(...page.rows);
            next = page.next;
          } while (next);
          if (!all.length) {
            const any = await hub.page(
              { collectionId: c.id, ids: [req.params.objectId], versions: ['all'], limit: 1 },
              recipientOf(req.principal),
            );
            if (!any.rows.length) throw taxiiError(404, 'the object does not exist');
          }
          all.sort((a, b) => versionOf(a).localeCompare(versionOf(b)));
          // Two originators' copies of one version (see docs/intel.md) are one version in this list.
          for (let i = all.length - 1; i > 0; i--)
            if (versionOf(all[i]) === versionOf(all[i - 1])) all.splice(i, 1);
          const slice = all.slice(start, start + f.limit);
          const more = start + f.limit < all.length;
          dateHeaders(reply, slice);
          if (!slice.length) return send(reply, {});
          return send(reply, {
            more,
            ...(more ? { next: await sealCursor(req, endpoint, f, start + f.limit) } : {}),
            versions: slice.map(versionOf),
          });
        },
      );
    },
    { prefix: TAXII_PREFIX },
  );
}
