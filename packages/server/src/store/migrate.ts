// Brings the schema up to date; safe to run on every start and from several instances at once
// (Kysely's migrator takes a lock table on both dialects).
import { Migrator } from 'kysely';
import type { Store } from './database.js';
import { StaticMigrationProvider } from './migrations/index.js';

export interface MigrationReport {
  readonly applied: readonly string[];
}

export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({ db: store.db, provider: new StaticMigrationProvider(store.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
