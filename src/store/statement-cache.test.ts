import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { cachingStatements, openStore } from './database.js';

const require = createRequire(import.meta.url);

it('the SQLite statement cache reuses a statement per SQL text, stays bounded and stays correct after errors and schema changes', () => {
  const Database = require('libsql') as typeof import('libsql');
  const raw = new Database(':memory:');
  let prepared = 0;
  const counting = {
    prepare: (q: string) => {
      prepared++;
      return raw.prepare(q);
    },
    close: () => raw.close(),
  };
  const db = cachingStatements(counting, 3);
  db.prepare('create table t (a integer primary key, b text unique)').run([]);
  const insert = 'insert into t (a, b) values (?, ?)';
  db.prepare(insert).run([1, 'x']);
  db.prepare(insert).run([2, 'y']);
  // A failed run (unique b) does not poison the cached statement.
  expect(() => db.prepare(insert).run([3, 'x'])).toThrow(/UNIQUE/);
  db.prepare(insert).run([3, 'z']);
  expect(prepared).toBe(2);
  const select = 'select * from t where a > ? order by a';
  expect(db.prepare(select).all([1])).toEqual([
    { a: 2, b: 'y' },
    { a: 3, b: 'z' },
  ]);
  expect(db.prepare(select).all([2])).toEqual([{ a: 3, b: 'z' }]);
  // A schema change: the cached statement sees the new column.
  db.prepare('alter table t add column c text').run([]);
  expect(db.prepare(select).all([2])).toEqual([{ a: 3, b: 'z', c: null }]);
  // Bounded: at most 3 statements kept, least recently used dropped.
  for (let i = 0; i < 10; i++) db.prepare(`select ${i} as n`).all([]);
  expect(db.cached()).toBe(3);
  db.close();
});

it('a node store with and without the cache gives the same answers in transactions and savepoints', async () => {
  for (const statementCache of [true, false]) {
    const store = await openStore({ sqliteFile: ':memory:', statementCache });
    const db = store.db;
    await sql`create table k (id integer primary key, v text)`.execute(db);
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await sql`savepoint s`.execute(tx);
        await sql`insert into k (id, v) values (${i}, ${`v${i}`})`.execute(tx);
        if (i % 2) await sql`rollback to savepoint s`.execute(tx);
        await sql`release savepoint s`.execute(tx);
      }
    });
    const rows = await sql<{ id: number }>`select id from k order by id`.execute(db);
    expect(rows.rows.map((r) => r.id)).toEqual([0, 2, 4]);
    await store.close();
  }
});
