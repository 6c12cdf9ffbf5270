import type { Kysely } from 'kysely';
import { badInput, forbidden } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import type { Migrations, SharedDb } from '../store/database.js';
import type { LoggedAct, LoggedActApplier } from './alliance-port.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_LANGUAGES,
  MAX_DOCUMENT_CHARS,
  type ArticleSpan,
} from './documents.js';
import type { Registry } from './registry.js';

/**
 * Documents cited by hash on a federated node (#12): an upload is also registered on the alliance log
 * (`registry.document.registered`: the text's sha256, its articles' spans, title, kind, language, alliance,
 * length; not the text), so every node, not only the one that holds the upload, checks a life-cycle act
 * that cites a hash: the text registered on the log before the act, the cited article one it marks.
 */
export const DOCUMENT_REGISTERED = 'registry.document.registered';

export interface DocumentRegistration {
  sha256: string;
  documentId: string;
  language: (typeof DOCUMENT_LANGUAGES)[number];
  title: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  allianceId: string | null;
  articles: ArticleSpan[];
  chars: number;
}

interface RegistrationRow {
  act_id: string;
  stream_seq: number;
  sha256: string;
  actor: string;
  document_id: string;
  language: string;
  title: string;
  kind: string;
  alliance_id: string | null;
  articles: string;
  chars: number;
  at: string;
}
export type DocumentLogTables = { registry_log_documents: RegistrationRow };

export const documentLogMigrations: Migrations = {
  '0082_registry_log_documents': {
    async up(db) {
      await db.schema
        .createTable('registry_log_documents')
        .ifNotExists()
        .addColumn('act_id', 'text', (c) => c.primaryKey())
        .addColumn('stream_seq', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('alliance_id', 'text')
        .addColumn('articles', 'text', (c) => c.notNull())
        .addColumn('chars', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('registry_log_documents_sha')
        .ifNotExists()
        .on('registry_log_documents')
        .column('sha256')
        .execute();
    },
  },
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && list.some((x) => x === v);

/** Checks a registration's shape (the same on every node); throws naming the field. */
export function parseRegistration(p: unknown): DocumentRegistration {
  if (!isObject(p)) throw badInput('payload', 'a document registration is an object');
  const { sha256, documentId, language, title, kind, allianceId, articles, chars } = p;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
    throw badInput('payload/sha256', 'the text’s sha256 (64 lower-case hex digits)');
  if (typeof documentId !== 'string' || !/^[a-z0-9][a-z0-9-]{1,63}$/.test(documentId))
    throw badInput('payload/documentId', 'a slug of 2 to 64 characters');
  if (!oneOf(DOCUMENT_LANGUAGES, language))
    throw badInput('payload/language', DOCUMENT_LANGUAGES.join(' or '));
  if (!oneOf(DOCUMENT_KINDS, kind)) throw badInput('payload/kind', DOCUMENT_KINDS.join(', '));
  if (typeof title !== 'string' || title.length < 3 || title.length > 300)
    throw badInput('payload/title', '3 to 300 characters');
  if (allianceId !== null && typeof allianceId !== 'string')
    throw badInput('payload/allianceId', 'an alliance id or null');
  if (
    typeof chars !== 'number' ||
    !Number.isInteger(chars) ||
    chars < 1 ||
    chars > MAX_DOCUMENT_CHARS
  )
    throw badInput('payload/chars', `the text's length, 1 to ${MAX_DOCUMENT_CHARS}`);
  if (!Array.isArray(articles) || articles.length > 10_000)
    throw badInput('payload/articles', 'a list of article spans');
  const spans: ArticleSpan[] = articles.map((a: unknown, i) => {
    if (
      !isObject(a) ||
      typeof a.article !== 'string' ||
      !a.article.trim() ||
      a.article.length > 100 ||
      typeof a.from !== 'number' ||
      typeof a.to !== 'number' ||
      !Number.isInteger(a.from) ||
      !Number.isInteger(a.to) ||
      a.from < 0 ||
      a.to <= a.from ||
      a.to > chars
    )
      throw badInput(
        `payload/articles/${i}`,
        `{article, from, to} with 0 <= from < to <= ${chars}`,
      );
    return { article: a.article, from: a.from, to: a.to };
  });
  if (new Set(spans.map((s) => s.article)).size !== spans.length)
    throw badInput('payload/articles', 'an article named twice');
  return {
    sha256,
    documentId,
    language,
    title,
    kind,
    allianceId: typeof allianceId === 'string' ? allianceId : null,
    articles: spans,
    chars,
  };
}

/**
 * How every node applies a registration: the shape, the act's subject the hash, a known alliance, and the
 * uploader's right (the secretariat, or for an alliance's text one of its members), as on the uploading node.
 */
export function documentAllianceActs(registry: Registry): Record<string, LoggedActApplier> {
  const apply: LoggedActApplier = async (tx, act: LoggedAct) => {
    const r = parseRegistration(act.payload);
    if (act.subject !== r.sha256)
      throw badInput('subject', `the act's subject must be the text's hash ${r.sha256}`);
    if (r.allianceId !== null && !registry.alliance(r.allianceId))
      throw badInput('payload/allianceId', `'${r.allianceId}' is not a known alliance`);
    if (
      act.actor !== SECRETARIAT &&
      r.allianceId &&
      !registry.memberships(r.allianceId).some((m) => m.state === act.actor)
    )
      throw forbidden(
        `${act.actor} may register texts of ${r.allianceId} only as one of its members`,
      );
    await tx
      .withTables<DocumentLogTables>()
      .insertInto('registry_log_documents')
      .values({
        act_id: act.id,
        stream_seq: act.seq,
        sha256: r.sha256,
        actor: act.actor,
        document_id: r.documentId,
        language: r.language,
        title: r.title,
        kind: r.kind,
        alliance_id: r.allianceId,
        articles: JSON.stringify(r.articles),
        chars: r.chars,
        at: act.at,
      })
      .execute();
    return { sha256: r.sha256, documentId: r.documentId };
  };
  return { [DOCUMENT_REGISTERED]: apply };
}

/** The articles each registration of this hash on the alliance log marks (none: not registered). */
export async function registeredOnLog(db: SharedDb, sha256: string): Promise<string[][]> {
  const t: Kysely<DocumentLogTables> = db.withTables<DocumentLogTables>();
  const rows = await t
    .selectFrom('registry_log_documents')
    .select('articles')
    .where('sha256', '=', sha256)
    .orderBy('stream_seq')
    .execute();
  return rows.map((r) => {
    const v: unknown = JSON.parse(r.articles);
    return Array.isArray(v) ? v.map((a: unknown) => (isObject(a) ? String(a.article) : '')) : [];
  });
}
