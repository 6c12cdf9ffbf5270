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
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`,
    );
  }
}
