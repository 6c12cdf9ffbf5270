import type { Kysely } from 'kysely';
import { badInput, refused } from '../core/errors.js';
import type { Migrations, SharedDb } from '../store/database.js';
import { CAP_TEXT_LANGUAGES, capTextLanguage } from './cap-message.js';

/**
 * Per member, the languages its civil defence asks its CAP messages in (#13): one `<info>` per tag.
 * A member without a row gets one English `<info>`, as always.
 */
interface CapLanguagesRow {
  member: string;
  /** The RFC 5646 tags, comma-separated, in the order asked (a tag never contains a comma). */
  languages: string;
  updated_at: string;
  updated_by: string;
}
type CapLanguagesTables = { warning_cap_languages: CapLanguagesRow };

export const capLanguagesMigrations: Migrations = {
  '1810_warning_cap_languages': {
    async up(db) {
      await db.schema
        .createTable('warning_cap_languages')
        .ifNotExists()
        .addColumn('member', 'text', (c) => c.primaryKey())
        .addColumn('languages', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

/** At most this many languages per member (each is a whole `<info>` block in every message). */
export const MAX_CAP_LANGUAGES = 8;
/** RFC 5646 §4.4.1: a tag of up to 35 characters is accepted by every conformant implementation. */
const MAX_TAG_LENGTH = 35;

/**
 * RFC 5646 §2.1 `langtag`: language (2–3 letters with up to three extlang, or 4–8 letters), script,
 * region, variants, extensions, private use. Grandfathered and private-use-only tags are not accepted:
 * a civil defence reads a language Tahaluf writes.
 */
const LANGTAG = new RegExp(
  '^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})' +
    '(?:-[a-z]{4})?' +
    '(?:-(?:[a-z]{2}|[0-9]{3}))?' +
    '(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*' +
    '(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*' +
    '(?:-x(?:-[a-z0-9]{1,8})+)?$',
  'i',
);

export const isLanguageTag = (tag: string): boolean =>
  tag.length <= MAX_TAG_LENGTH && LANGTAG.test(tag);

/**
 * Checks a member's request: 1 to MAX_CAP_LANGUAGES well-formed RFC 5646 tags, none twice (tags compare
 * case-insensitively), each in a language Tahaluf writes the warning in (its primary subtag en or ar).
 */
export function parseCapLanguages(value: unknown): string[] {
  const field = 'body/languages';
  if (!Array.isArray(value))
    throw badInput(field, `${field} must be a list of language tags`).withDetail(
      { type: 'array' },
      'validation.type',
    );
  if (value.length === 0)
    throw badInput(field, `${field} must name at least one language`).withDetail(
      { limit: 1 },
      'validation.minItems',
    );
  if (value.length > MAX_CAP_LANGUAGES)
    throw badInput(field, `${field} may name at most ${MAX_CAP_LANGUAGES} languages`).withDetail(
      { limit: MAX_CAP_LANGUAGES },
      'validation.maxItems',
    );
  const seen = new Set<string>();
  return value.map((tag: unknown, i) => {
    const at = `${field}/${i}`;
    if (typeof tag !== 'string' || !isLanguageTag(tag))
      throw badInput(
        at,
        `${at} must be an RFC 5646 language tag (e.g. ar, en-GB), got ${JSON.stringify(tag)}`,
      ).withDetail({ value: String(tag) }, 'language_tag_invalid');
    if (seen.has(tag.toLowerCase()))
      throw badInput(at, `${at}: ${tag} is named twice`).withDetail(
        { value: tag },
        'language_tag_repeated',
      );
    seen.add(tag.toLowerCase());
    if (!capTextLanguage(tag))
      throw refused(
        'cap_language_unavailable',
        `${at}: Tahaluf writes CAP warnings in ${CAP_TEXT_LANGUAGES.join(' and ')}, not in ${tag}`,
        at,
      ).withDetail({ value: tag, available: CAP_TEXT_LANGUAGES.join(', ') });
    return tag;
  });
}

export interface CapLanguagesSetting {
  member: string;
  /** The tags asked for; `['en']` for a member that asked for nothing. */
  languages: string[];
  /** False: the member never asked (one English <info>, the default). */
  set: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The stored settings, read once at start and kept in memory: a CAP message is built synchronously. */
export class CapLanguageBook {
  private readonly db: Kysely<CapLanguagesTables>;
  private readonly rows = new Map<string, CapLanguagesRow>();
  constructor(db: SharedDb) {
    this.db = db.withTables<CapLanguagesTables>();
  }

  async load(): Promise<void> {
    const rows = await this.db.selectFrom('warning_cap_languages').selectAll().execute();
    this.rows.clear();
    for (const r of rows) this.rows.set(r.member, r);
  }

  /** The tags a member's messages are written in; undefined: the default single English <info>. */
  languagesOf(member: string): string[] | undefined {
    return this.rows.get(member)?.languages.split(',');
  }

  async get(member: string): Promise<CapLanguagesSetting> {
    const r = await this.db
      .selectFrom('warning_cap_languages')
      .selectAll()
      .where('member', '=', member)
      .executeTakeFirst();
    if (r) this.rows.set(member, r);
    else this.rows.delete(member);
    return r
      ? {
          member,
          languages: r.languages.split(','),
          set: true,
          updatedAt: r.updated_at,
          updatedBy: r.updated_by,
        }
      : { member, languages: ['en'], set: false, updatedAt: null, updatedBy: null };
  }

  async set(member: string, languages: string[], by: string, at: string) {
    const row = { member, languages: languages.join(','), updated_at: at, updated_by: by };
    await this.db
      .insertInto('warning_cap_languages')
      .values(row)
      .onConflict((oc) =>
        oc.column('member').doUpdateSet({
          languages: row.languages,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute();
    this.rows.set(member, row);
    return this.get(member);
  }

  async clear(member: string) {
    await this.db.deleteFrom('warning_cap_languages').where('member', '=', member).execute();
    this.rows.delete(member);
    return this.get(member);
  }
}
