import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import pg from 'pg';
import { openStore, type Dialect, type Store } from './database.js';

/** PostgreSQL used by the test suites: TEST_DATABASE_URL, else the machine's local server. */
export const TEST_PG_URL =
  process.env.TEST_DATABASE_URL ||
  process.env.DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: boolean | undefined;
async function probePg(): Promise<boolean> {
  if (pgReachable !== undefined) return pgReachable;
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    pgReachable = true;
  } catch {
    pgReachable = false;
  }
  return pgReachable;
}

/**
 * Dialects a storage suite runs on. In CI (CI=true) PostgreSQL is required: an unreachable server fails
 * the suite instead of skipping it. Elsewhere it runs when reachable and says so when not.
 */
export async function dialectsUnderTest(): Promise<Dialect[]> {
  if (process.env.CI || process.env.TAHALUF_REQUIRE_PG) return ['sqlite', 'postgres'];
  if (await probePg()) return ['sqlite', 'postgres'];
  console.warn(
    `[tahaluf tests] PostgreSQL at ${TEST_PG_URL} unreachable: PostgreSQL suites not run on this machine`,
  );
  return ['sqlite'];
}

/** A fresh, empty store: in-memory SQLite, or a new schema in the test PostgreSQL database. */
export async function openTestStore(dialect: Dialect): Promise<Store> {
  if (dialect === 'sqlite') return openStore({ sqliteFile: ':memory:' });
  // Named after the test run; dropped together when the run ends (test/support/pg-global.ts), not here.
  const run = process.env.TAHALUF_TEST_RUN ?? Date.now().toString(36);
  const schema = `t_${run}_${randomBytes(6).toString('hex')}`;
  return openStore({ databaseUrl: TEST_PG_URL, pgSchema: schema, poolSize: 4 });
}

const dialects = await dialectsUnderTest();

/** Runs the same suite once per dialect: `describeEachDialect('record', (dialect) => { … })`. */
export function describeEachDialect(name: string, fn: (dialect: Dialect) => void): void {
  for (const d of dialects) describe(`${name} [${d}]`, () => fn(d));
}
