import { messageOf } from '../core/errors.js';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Migrations, Store } from './database.js';

/**
 * Runs every module's migrations. Names are globally unique and ordered by their numeric prefix
 * (`0100_registry_init`, `1200_council_init`); modules added later may slot in anywhere.
 */
export async function migrate(store: Store, sets: Migrations[]): Promise<void> {
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, m] of Object.entries(set)) {
      if (all[name]) throw new Error(`duplicate migration name ${name}`);
      all[name] = m;
    }
  }
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Name the schema: Kysely otherwise looks for its bookkeeping tables in every schema of the database.
  const migrator = new Migrator({
    db: store.db,
    provider,
    allowUnorderedMigrations: true,
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  // Kysely's PostgreSQL introspection reads the catalog of every schema in the database: a schema
  // dropped by another client during that read fails it with "schema … does not exist" although ours
  // is intact. That race is transient: try again, a bounded number of times.
  let outcome = await migrator.migrateToLatest();
  for (
    let attempt = 1;
    attempt < 4 && isForeignSchemaRace(outcome.error, store.schema);
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    outcome = await migrator.migrateToLatest();
  }
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${messageOf(error)}`);
  }
}

/** True when `error` is PostgreSQL's "schema … does not exist" about a schema other than ours. */
function isForeignSchemaRace(error: unknown, ownSchema: string | null): boolean {
  if (!(error instanceof Error)) return false;
  const match = /schema "([^"]+)" does not exist/.exec(error.message);
  return match !== null && match[1] !== ownSchema;
}
