import pg from 'pg';

/**
 * PostgreSQL test schemas are dropped once, after the whole run, not as each suite closes: a schema
 * dropped while another suite's migrator scans the catalog (Kysely's introspection reads every schema)
 * makes that scan fail with "schema … does not exist". Each run names its schemas `t_<run>_…`.
 */
const url =
  process.env.TEST_DATABASE_URL ||
  process.env.DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/test';
const run = Date.now().toString(36);
const STALE_MS = 6 * 3600 * 1000;

async function dropSchemas(filter: (name: string) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return; // no PostgreSQL here: nothing to clean (suites that need it fail on their own)
  }
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like 't\\_%'",
    );
    for (const { nspname } of rows)
      if (filter(nspname)) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  process.env.TAHALUF_TEST_RUN = run;
  // Leftovers of runs that were killed before their teardown, older than a few hours.
  await dropSchemas((name) => {
    const t = parseInt(name.split('_')[1] ?? '', 36);
    return Number.isFinite(t) && Date.now() - t > STALE_MS;
  });
}

export async function teardown(): Promise<void> {
  await dropSchemas((name) => name.startsWith(`t_${run}_`));
}
