import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { TextAnswer } from '../core/answers.js';
import { unauthorized } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import { DOCUMENT_KINDS, DOCUMENT_LANGUAGES, type DocumentStore } from './documents.js';

const Sha = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
const Span = Type.Object(
  {
    article: Type.String({ minLength: 1, maxLength: 100 }),
    from: Type.Integer({ minimum: 0, description: 'first character of the article in `content`' }),
    to: Type.Integer({ minimum: 1, description: 'one past its last character' }),
  },
  { additionalProperties: false },
);
const VersionT = Type.Object({
  documentId: Type.String(),
  version: Type.Integer(),
  language: Type.String(),
  sha256: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  allianceId: Type.Union([Type.String(), Type.Null()]),
  articles: Type.Array(Span),
  chars: Type.Integer(),
  uploadedBy: Type.String(),
  actId: Type.String(),
  at: Type.String(),
});
const UploadT = Type.Object(
  {
    documentId: Type.String({
      description: 'slug naming the document across versions and languages',
    }),
    title: Type.String(),
    kind: Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k))),
    language: Type.Union(DOCUMENT_LANGUAGES.map((k) => Type.Literal(k))),
    allianceId: Type.Optional(Type.String()),
    articles: Type.Optional(Type.Array(Span, { maxItems: 500 })),
    content: Type.String({ description: 'the text (UTF-8); its sha256 names it' }),
  },
  { additionalProperties: false },
);

/** Uploaded texts: content-addressed, versioned per language, each upload a signed act. */
export function documentRoutes(app: FastifyInstance, deps: { documents: DocumentStore }): void {
  const tags = ['registry'];
  app.post<{ Body: Static<typeof UploadT> }>(
    '/api/documents',
    {
      schema: {
        tags,
        summary:
          'Upload a treaty text, charter, communiqué or resolution (a signed act naming its sha256)',
        description:
          'A new version when the text differs from the latest of that document and language (409 already_uploaded when it is the same). `articles` mark where each article is, so clauses that cite the text link to it.',
        body: UploadT,
        response: { 201: VersionT },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (p.role === 'public') throw unauthorized();
      const actor = p.role === 'secretariat' ? SECRETARIAT : p.member!;
      return reply.code(201).send(await deps.documents.upload(actor, request.body));
    },
  );
  app.get<{ Querystring: { alliance?: string } }>(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Uploaded documents, every version',
        querystring: Type.Object(
          { alliance: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(VersionT) },
      },
    },
    async (req) => deps.documents.list(req.query.alliance),
  );
  app.get<{ Params: Static<typeof Sha> }>(
    '/api/documents/:sha256',
    {
      schema: {
        tags,
        summary: 'The text with this sha256 (checked against the hash before it is served)',
        params: Sha,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: TextAnswer('text/plain', 'The document text, checked against its hash') },
      },
    },
    async (req, reply) =>
      reply.type('text/plain; charset=utf-8').send(await deps.documents.content(req.params.sha256)),
  );
  app.get<{ Params: Static<typeof Sha> & { article: string } }>(
    '/api/documents/:sha256/articles/:article',
    {
      schema: {
        tags,
        summary: 'One article of a text, as its uploader marked it',
        params: Type.Object({
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
          article: Type.String({ minLength: 1, maxLength: 100 }),
        }),
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Object({ article: Type.String(), text: Type.String() }) },
      },
    },
    async (req) => deps.documents.article(req.params.sha256, req.params.article),
  );
}
