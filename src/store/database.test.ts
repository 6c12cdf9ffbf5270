import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, openTestStore } from './testing.js';
import { migrate } from './migrator.js';
import type { Migrations, Store } from './database.js';

/** The table the test migrations create, and Kysely's own record of migrations run. */
type TestTables = {
  t_rows: { id: string; n: number; x?: number | null; doc?: string | null };
};
type MigrationTables = { kysely_migration: { name: string; timestamp: string } };

const m1: Migrations = {
  '0900_t_init': {
    async up(db) {
      await db.schema
        .createTable('t_rows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('x', 'double precision')
        .addColumn('doc', 'text')
        .execute();
    },
  },
};
const m0: Migrations = {
  '0800_t_other': {
    async up(db) {
      await db.schema.createTable('t_other').addColumn('k', 'text').execute();
    },
  },
};

describeEachDialect('store', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('runs migrations once, and a module added later may slot in before earlier ones', async () => {
    await migrate(store, [m1]);
    await migrate(store, [m1]);
    await migrate(store, [m1, m0]);
    const names = (
      await store.db
        .withTables<MigrationTables>()
        .selectFrom('kysely_migration')
        .select('name')
        .orderBy('name')
        .execute()
    ).map((r) => r.name);
    expect(names).toEqual(['0800_t_other', '0900_t_init']);
  });

  it('rejects two migrations with one name', async () => {
    await expect(migrate(store, [m1, { ...m1 }])).rejects.toThrow(/duplicate migration/);
  });

  it('round-trips the portable column types identically on both dialects', async () => {
    await migrate(store, [m1]);
    const rows = [
      {
        id: 'a',
        n: 2147483647,
        x: 0.1 + 0.2,
        doc: JSON.stringify({ ar: 'تحالف', nested: [1, null] }),
      },
      { id: 'b', n: -5, x: null, doc: null },
    ];
    await store.db.withTables<TestTables>().insertInto('t_rows').values(rows).execute();
    const back = await store.db
      .withTables<TestTables>()
      .selectFrom('t_rows')
      .selectAll()
      .orderBy('id')
      .execute();
    expect(back).toEqual(rows);
  });

  it('rolls back a failed transaction completely', async () => {
    await migrate(store, [m1]);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.withTables<TestTables>().insertInto('t_rows').values({ id: 'a', n: 1 }).execute();
        await trx.withTables<TestTables>().insertInto('t_rows').values({ id: 'a', n: 2 }).execute();
      }),
    ).rejects.toThrow();
    expect(
      await store.db.withTables<TestTables>().selectFrom('t_rows').selectAll().execute(),
    ).toEqual([]);
  });
});
