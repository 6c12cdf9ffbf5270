import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type Migration,
  type SqliteDatabase,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

/** No table: the shared handle names none until a module adds its own (`withTables`). */
export type NoTables = Record<never, never>;

/**
 * The handle over every module's tables, typed with none of them: a module's repository adds its own
 * tables' types, `store.db.withTables<CouncilTables>()` (types only, no query changes), and queries
 * through that; a table it does not declare does not compile.
 */
export type SharedDb = Kysely<NoTables>;
/** The open transaction over every module's tables (see `SharedDb`): `tx.withTables<CouncilTables>()`. */
export type SharedTransaction = Transaction<NoTables>;

/**
 * The one database handle. Modules type their own tables with `db.withTables<T>()`; only a module's
 * repository touches SQL. `dialect` lets the rare dialect-specific statement choose its form.
 */
export interface Store {
  db: SharedDb;
  dialect: Dialect;
  /** PostgreSQL schema the tables live in (null: SQLite). */
  schema: string | null;
  /**
   * SQLite only: the connection Kysely drives, for the one hot path where a cached prepared statement
   * beats building SQL (intel ingest). Statements run on it join the open Kysely transaction.
   */
  sqlite?: RawSqlite;
  close(): Promise<void>;
}

export interface RawSqlite {
  /**
   * `run` takes the positional parameters as one array: libsql flattens a list of separate arguments into a
   * new array on every call (about 1.5 µs of a 16-column row insert).
   */
  prepare(sql: string): { run(params: readonly unknown[]): unknown };
}

export interface StoreOptions {
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string;
  /** postgres://… */
  databaseUrl?: string | null;
  /** PostgreSQL schema to use (created if missing); tests use a fresh one each. */
  pgSchema?: string;
  poolSize?: number;
  /** SQLite: cache prepared statements (default true; benchmarks turn it off to measure what it saves). */
  statementCache?: boolean;
}

const require = createRequire(import.meta.url);

// Return PostgreSQL BIGINT/NUMERIC counters as numbers; all our integers fit in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const schema = opts.pgSchema;
    if (schema) {
      if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await admin.end();
    }
    // The search_path is set by the server at connection start, so no query can run before it applies.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    const db: SharedDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', schema: schema ?? 'public', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // libsql: SQLite with a better-sqlite3-compatible API, shipped as a prebuilt npm binary (see docs/architecture.md).
  const Database = require('libsql') as typeof import('libsql');
  // The file holds SECRET intelligence: owner-only (0600). SQLite gives the -wal and -shm files the
  // database file's mode; they are set again below in case they predate this rule.
  if (file !== ':memory:') restrictToOwner(file, true);
  const database = new Database(file);
  database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = FULL');
  database.exec('PRAGMA foreign_keys = ON');
  database.exec('PRAGMA busy_timeout = 5000');
  // The node has one SQLite connection: give it a page cache and memory-mapped reads sized for large
  // indexes (SQLite's 2 MiB default turns every probe into a large store into a read system call), and
  // checkpoint the WAL every ~64 MiB rather than every ~4 MiB. Durability (WAL, synchronous=FULL) is unchanged.
  database.exec('PRAGMA cache_size = -65536');
  database.exec('PRAGMA mmap_size = 1073741824');
  database.exec('PRAGMA wal_autocheckpoint = 16384');
  if (file !== ':memory:') for (const suffix of ['-wal', '-shm']) restrictToOwner(file + suffix);
  const db: SharedDb = new Kysely({
    dialect: new SqliteDialect({
      database: opts.statementCache === false ? database : cachingStatements(database),
    }),
  });
  return {
    db,
    dialect: 'sqlite',
    schema: null,
    sqlite: database,
    close: () => db.destroy(),
  };
}

export type Migrations = Record<string, Migration>;

/** Most prepared statements kept per SQLite connection (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 512;

/**
 * The SQLite connection as Kysely drives it, with its prepared statements cached by SQL text: Kysely
 * prepares every query it runs, and preparing (parsing and planning) costs more than running most of the
 * node's small queries (a node catching up with the alliance log runs ~10 per act). A statement is reset
 * and re-bound at every use, and SQLite re-prepares it by itself after a schema change (migrations). One
 * connection with Kysely's mutex, so a statement is never used by two queries at once. Bounded (LRU).
 */
export function cachingStatements(
  database: SqliteDatabase,
  max = STATEMENT_CACHE_SIZE,
): SqliteDatabase & { cached(): number } {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      database.close();
    },
    cached: () => cache.size,
  };
}

/** chmod 0600; with `create`, creates the file empty first (0600 from the start, never 0644 for a moment). */
function restrictToOwner(file: string, create = false): void {
  if (create && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  if (existsSync(file)) chmodSync(file, 0o600);
}
