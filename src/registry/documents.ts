import { parseJson, type JsonText } from '../store/json-column.js';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../core/crypto.js';
import { badInput, conflict, forbidden, notFound } from '../core/errors.js';
import { isOneOf } from '../core/objects.js';
import type { RecordLog } from '../record/record-log.js';
import { SECRETARIAT } from '../record/model.js';
import type { Migrations, Store } from '../store/database.js';
import type { Registry } from './registry.js';
import type { AllianceLogPort } from './alliance-port.js';
import { DOCUMENT_REGISTERED, type DocumentRegistration } from './documents-on-log.js';

export const DOCUMENT_KINDS = [
  'treaty_text',
  'charter',
  'communique',
  'summit_resolution',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_LANGUAGES = ['ar', 'en'] as const;
export const DOCUMENT_ACT = 'registry.document.uploaded';
/** Largest text kept (characters): a treaty or a resolution, not an archive. */
export const MAX_DOCUMENT_CHARS = 2_000_000;

/** An article's place in the text: characters [from, to) of the uploaded content. */
export interface ArticleSpan {
  article: string;
  from: number;
  to: number;
}

export interface DocumentVersion {
  documentId: string;
  version: number;
  language: (typeof DOCUMENT_LANGUAGES)[number];
  sha256: string;
  title: string;
  kind: DocumentKind;
  allianceId: string | null;
  articles: ArticleSpan[];
  chars: number;
  uploadedBy: string;
  actId: string;
  at: string;
}

export interface DocumentInput {
  documentId: string;
  title: string;
  kind: DocumentKind;
  language: (typeof DOCUMENT_LANGUAGES)[number];
  allianceId?: string;
  articles?: ArticleSpan[];
  content: string;
}

export type DocumentTables = {
  registry_document_contents: { sha256: string; content: string };
  registry_documents: {
    document_id: string;
    version: number;
    language: DocumentVersion['language'];
    sha256: string;
    title: string;
    kind: DocumentKind;
    alliance_id: string | null;
    articles: JsonText<ArticleSpan[]>;
    chars: number;
    uploaded_by: string;
    act_id: string;
    at: string;
  };
};

export const documentMigrations: Migrations = {
  '0080_registry_documents': {
    async up(db) {
      await db.schema
        .createTable('registry_document_contents')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('content', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('registry_documents')
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('alliance_id', 'text')
        .addColumn('articles', 'text', (c) => c.notNull())
        .addColumn('chars', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('registry_documents_pk', ['document_id', 'language', 'version'])
        .execute();
      await db.schema
        .createIndex('registry_documents_sha')
        .on('registry_documents')
        .column('sha256')
        .execute();
    },
  },
};

const rowTo = (r: DocumentTables['registry_documents']): DocumentVersion => ({
  documentId: r.document_id,
  version: Number(r.version),
  language: r.language,
  sha256: r.sha256,
  title: r.title,
  kind: r.kind,
  allianceId: r.alliance_id,
  articles: parseJson(r.articles),
  chars: Number(r.chars),
  uploadedBy: r.uploaded_by,
  actId: r.act_id,
  at: r.at,
});

/**
 * Treaty texts, charters, communiqués and resolutions the users upload, stored by the sha256 of their UTF-8
 * bytes. Each upload is a signed act (`registry.document.uploaded`) naming the hash, so an act that cites a
 * hash (a treaty entering into force with its clauses) proves which text it referred to. Versions per
 * document and language; the articles are spans of the text. Nothing is seeded: texts come from users.
 */
export class DocumentStore {
  constructor(
    private readonly store: Store,
    private readonly record: RecordLog,
    private readonly registry: Registry,
    /**
     * The alliance log of a federated node: an upload is then also registered on it (hash, articles, no
     * text; documents-on-log.ts) so every node can check acts that cite the hash.
     */
    private readonly alliance: AllianceLogPort | null = null,
  ) {}

  private get db(): Kysely<DocumentTables> {
    return this.store.db.withTables<DocumentTables>();
  }

  async upload(actor: string, input: DocumentInput): Promise<DocumentVersion> {
    if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(input.documentId))
      throw badInput(
        'documentId',
        'a slug of 2 to 64 lower-case letters, digits and hyphens',
      ).withDetail({ min: 2, max: 64 }, 'slug');
    const title = input.title.trim();
    if (title.length < 3 || title.length > 300)
      throw badInput('title', 'the title must be 3 to 300 characters').withDetail(
        { min: 3, max: 300 },
        'text_length',
      );
    if (!isOneOf(DOCUMENT_KINDS, input.kind))
      throw badInput('kind', `one of ${DOCUMENT_KINDS.join(', ')}`).withDetail(
        { allowedValues: DOCUMENT_KINDS.join(', ') },
        'validation.enum',
      );
    if (!isOneOf(DOCUMENT_LANGUAGES, input.language))
      throw badInput('language', `one of ${DOCUMENT_LANGUAGES.join(', ')}`).withDetail(
        { allowedValues: DOCUMENT_LANGUAGES.join(', ') },
        'validation.enum',
      );
    if (input.allianceId !== undefined && !this.registry.alliance(input.allianceId))
      throw badInput('allianceId', `'${input.allianceId}' is not a known alliance`).withDetail(
        { value: input.allianceId },
        'unknown_alliance_id',
      );
    if (!input.content.trim())
      throw badInput('content', 'the text is empty').withDetail(
        { limit: 1 },
        'validation.minLength',
      );
    if (input.content.length > MAX_DOCUMENT_CHARS)
      throw badInput('content', `at most ${MAX_DOCUMENT_CHARS} characters`).withDetail(
        { limit: MAX_DOCUMENT_CHARS },
        'validation.maxLength',
      );
    const articles = input.articles ?? [];
    const seen = new Set<string>();
    articles.forEach((a, i) => {
      if (!a.article?.trim() || a.article.length > 100)
        throw badInput(
          `articles/${i}/article`,
          'name the article (1 to 100 characters)',
        ).withDetail({ min: 1, max: 100 }, 'text_length');
      if (seen.has(a.article))
        throw badInput(`articles/${i}/article`, `'${a.article}' twice`).withDetail(
          { value: a.article },
          'named_twice',
        );
      seen.add(a.article);
      if (
        !Number.isInteger(a.from) ||
        !Number.isInteger(a.to) ||
        a.from < 0 ||
        a.to <= a.from ||
        a.to > input.content.length
      )
        throw badInput(
          `articles/${i}`,
          `from/to must be character offsets with 0 <= from < to <= ${input.content.length}`,
        ).withDetail({ length: input.content.length }, 'article_span');
    });
    if (actor !== SECRETARIAT && input.allianceId) {
      const members = this.registry.memberships(input.allianceId).map((m) => m.state);
      if (!members.includes(actor))
        throw forbidden(
          `${actor} may upload texts of ${input.allianceId} only as one of its members`,
        ).withDetail({ actor, alliance: input.allianceId }, 'members_only_upload');
    }
    const sha256 = sha256Hex(Buffer.from(input.content, 'utf8'));
    if (this.alliance) {
      const latest = await this.db
        .selectFrom('registry_documents')
        .select(['sha256', 'version'])
        .where('document_id', '=', input.documentId)
        .where('language', '=', input.language)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      if (latest?.sha256 === sha256)
        throw conflict(
          'already_uploaded',
          `this text is already version ${latest.version} of ${input.documentId} (${input.language})`,
          'content',
        ).withDetail({
          version: Number(latest.version),
          document: input.documentId,
          language: input.language,
        });
      // Registered on the alliance log (signed with this node's key, applied by every node) before the
      // text is kept here: an act citing it can then be checked on every node.
      const registration: DocumentRegistration = {
        sha256,
        documentId: input.documentId,
        language: input.language,
        title,
        kind: input.kind,
        allianceId: input.allianceId ?? null,
        articles,
        chars: input.content.length,
      };
      await this.alliance.submit(actor, DOCUMENT_REGISTERED, sha256, registration);
    }
    return this.record.transact(async (tx) => {
      await tx.lock();
      const db = tx.db.withTables<DocumentTables>();
      const versions = await db
        .selectFrom('registry_documents')
        .selectAll()
        .where('document_id', '=', input.documentId)
        .where('language', '=', input.language)
        .orderBy('version', 'desc')
        .execute();
      if (versions[0]?.sha256 === sha256)
        throw conflict(
          'already_uploaded',
          `this text is already version ${versions[0].version} of ${input.documentId} (${input.language})`,
          'content',
        ).withDetail({
          version: Number(versions[0].version),
          document: input.documentId,
          language: input.language,
        });
      const version = (versions[0] ? Number(versions[0].version) : 0) + 1;
      const act = await tx.append({
        actor,
        type: DOCUMENT_ACT,
        subject: sha256,
        payload: {
          documentId: input.documentId,
          version,
          language: input.language,
          sha256,
          title,
          kind: input.kind,
          allianceId: input.allianceId ?? null,
          articles,
          chars: input.content.length,
        },
      });
      const exists = await db
        .selectFrom('registry_document_contents')
        .select('sha256')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (!exists)
        await db
          .insertInto('registry_document_contents')
          .values({ sha256, content: input.content })
          .execute();
      const row = {
        document_id: input.documentId,
        version,
        language: input.language,
        sha256,
        title,
        kind: input.kind,
        alliance_id: input.allianceId ?? null,
        articles: JSON.stringify(articles),
        chars: input.content.length,
        uploaded_by: actor,
        act_id: act.id,
        at: act.at,
      };
      await db.insertInto('registry_documents').values(row).execute();
      return rowTo(row);
    });
  }

  async list(allianceId?: string): Promise<DocumentVersion[]> {
    let q = this.db.selectFrom('registry_documents').selectAll();
    if (allianceId) q = q.where('alliance_id', '=', allianceId);
    const rows = await q.orderBy('document_id').orderBy('language').orderBy('version').execute();
    return rows.map(rowTo);
  }

  /** The versions that carry this hash (one text may be uploaded under several ids). */
  async versionsOf(sha256: string): Promise<DocumentVersion[]> {
    const rows = await this.db
      .selectFrom('registry_documents')
      .selectAll()
      .where('sha256', '=', sha256)
      .execute();
    return rows.map(rowTo);
  }

  /** The text, checked against its hash on the way out (a changed row is reported, never served). */
  async content(sha256: string): Promise<string> {
    const row = await this.db
      .selectFrom('registry_document_contents')
      .select('content')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row) throw notFound('document', sha256);
    if (sha256Hex(Buffer.from(row.content, 'utf8')) !== sha256)
      throw new Error(`stored document ${sha256} no longer matches its hash`);
    return row.content;
  }

  /** An article's text in a version that marks it. */
  async article(sha256: string, article: string): Promise<{ article: string; text: string }> {
    const versions = await this.versionsOf(sha256);
    const span = versions.flatMap((v) => v.articles).find((a) => a.article === article);
    if (!span) throw notFound(`article of document ${sha256}`, article);
    return { article, text: (await this.content(sha256)).slice(span.from, span.to) };
  }
}
