import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { describeEachDialect, openTestStore } from '../store/testing.js';
import { idKey, intelMigrations, type IntelTables } from './migrations.js';

/** A store of `dialect` migrated up to (not including) intel migration `upTo`, for the enclosing describe. */
function useStoreBefore(dialect: Parameters<typeof openTestStore>[0], upTo: string) {
  const s = {
    store: undefined as unknown as Store,
    db: undefined as unknown as Kysely<IntelTables>,
  };
  beforeAll(async () => {
    s.store = await openTestStore(dialect);
    s.db = s.store.db.withTables<IntelTables>();
    await migrate(s.store, [
      Object.fromEntries(Object.entries(intelMigrations).filter(([name]) => name < upTo)),
    ]);
  });
  afterAll(() => s.store.close());
  return s;
}

describeEachDialect('migration 1604: id_key replaces the 4-column unique index', (dialect) => {
  const s = useStoreBefore(dialect, '1604');

  it('keeps every row, its seq and the seq high-water mark, and fills id_key', async () => {
    const { store, db } = s;
    const row = (id: string, version: string) => ({
      collection_id: 'c',
      id,
      type: 'indicator',
      spec_version: '2.1',
      version,
      originator: 'QAT',
      label_id: 'l',
      date_added: '2026-01-01T00:00:00.000000Z',
      content_hash: 'h',
      object: `{"id":"${id}"}`,
    });
    // Written as the pre-1604 schema had them (no id_key column yet).
    const old = db as unknown as Kysely<any>;
    await old
      .insertInto('intel_objects')
      .values([
        row('indicator--a', 'v1'),
        row('indicator--a', 'v2'),
        row('indicator--b', 'v1'),
        row('indicator--c', 'v1'),
      ])
      .execute();
    const before = await old
      .selectFrom('intel_objects')
      .select(['seq', 'id', 'version', 'shadow_last'])
      .orderBy('seq')
      .execute();
    // The highest seq is deleted: the rebuilt table must not hand it out again (cursors rely on it).
    await old.deleteFrom('intel_objects').where('id', '=', 'indicator--c').execute();
    await sql`UPDATE intel_objects SET shadow_last = 1 WHERE id = 'indicator--a' AND version = 'v1'`.execute(
      db,
    );

    await migrate(store, [intelMigrations]);

    const after = await db
      .selectFrom('intel_objects')
      .select(['seq', 'id', 'version', 'id_key', 'shadow_last', 'object'])
      .orderBy('seq')
      .execute();
    expect(after.map((r) => [r.seq, r.id, r.version])).toEqual(
      before.slice(0, 3).map((r) => [r.seq, r.id, r.version]),
    );
    expect(after.map((r) => Number(r.id_key))).toEqual(after.map((r) => idKey('c', r.id)));
    expect(after[0].shadow_last).toBe(1);
    expect(after[0].object).toBe('{"id":"indicator--a"}');
    await db
      .insertInto('intel_objects')
      .values({ ...row('indicator--d', 'v1'), id_key: idKey('c', 'indicator--d') })
      .execute();
    const d = await db
      .selectFrom('intel_objects')
      .select('seq')
      .where('id', '=', 'indicator--d')
      .executeTakeFirstOrThrow();
    expect(d.seq).toBeGreaterThan(before[3].seq);
  });

  it('indexes id_key (lookups by id use it) and no longer holds the wide unique index', async () => {
    const { store, db } = s;
    const names =
      dialect === 'sqlite'
        ? (
            await sql<{
              name: string;
            }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'intel_objects'`.execute(
              db,
            )
          ).rows.map((r) => r.name)
        : (
            await sql<{
              name: string;
            }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'intel_objects' AND schemaname = ${store.schema}`.execute(
              db,
            )
          ).rows.map((r) => r.name);
    expect(names).toContain('intel_objects_id_key');
    expect(names).toContain('intel_objects_coll_seq');
    expect(names).toContain('intel_objects_date_added');
    expect(names.some((n) => n.includes('autoindex') || n.includes('version_uq'))).toBe(false);
  });
});

it('id_key is a safe integer, stable, and differs between collections', () => {
  const k = idKey('c1', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f');
  expect(Number.isSafeInteger(k)).toBe(true);
  expect(k).toBe(idKey('c1', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'));
  expect(k).not.toBe(idKey('c2', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'));
});

describeEachDialect('migration 1605: relationship ends indexed in intel_refs', (dialect) => {
  const s = useStoreBefore(dialect, '1605');

  it('backfills the source and target of every stored relationship version, once per pair', async () => {
    const { store, db } = s;
    const rel = (id: string, version: string, source: string, target: string) => ({
      collection_id: 'c',
      id,
      type: 'relationship',
      spec_version: '2.1',
      version,
      originator: 'QAT',
      label_id: 'l',
      date_added: '2026-01-01T00:00:00.000000Z',
      content_hash: 'h',
      id_key: idKey('c', id),
      object: JSON.stringify({ type: 'relationship', id, source_ref: source, target_ref: target }),
    });
    const old = db as unknown as Kysely<any>;
    await old
      .insertInto('intel_objects')
      .values([
        rel('relationship--1', 'v1', 'indicator--a', 'malware--m'),
        rel('relationship--1', 'v2', 'indicator--a', 'malware--m'),
        rel('relationship--2', 'v1', 'indicator--b', 'indicator--b'),
        {
          ...rel('x', 'v1', '', ''),
          type: 'indicator',
          id: 'indicator--a',
          object: '{"id":"indicator--a"}',
        },
      ])
      .execute();
    await migrate(store, [intelMigrations]);
    const rows = await db.selectFrom('intel_refs').select(['ref_key', 'rel_id']).execute();
    const got = rows.map((r) => `${Number(r.ref_key)}|${r.rel_id}`).sort();
    expect(got).toEqual(
      [
        `${idKey('c', 'indicator--a')}|relationship--1`,
        `${idKey('c', 'malware--m')}|relationship--1`,
        `${idKey('c', 'indicator--b')}|relationship--2`,
      ].sort(),
    );
  });
});
