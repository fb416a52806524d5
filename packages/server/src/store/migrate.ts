// Brings the schema up to date; safe to run on every start and from several instances at once
// (Kysely's migrator takes a lock table on both dialects).
import { Migrator, sql } from 'kysely';
import type { Store } from './database.js';
import { StaticMigrationProvider } from './migrations/index.js';

export interface MigrationReport {
  readonly applied: readonly string[];
}

export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({ db: store.db, provider: new StaticMigrationProvider(store.dialect), ...(await migrationTableSchema(store)) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * On PostgreSQL, names the schema the store works in for Kysely's bookkeeping tables. Unnamed, the
 * migrator looks for them in every schema of the database, and finding another schema's (a second
 * install, or parallel test suites) skips creating its own, then fails on the missing lock table.
 */
async function migrationTableSchema(store: Store): Promise<{ migrationTableSchema?: string }> {
  if (store.dialect !== 'postgres') return {};
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db);
  const schema = rows[0]?.schema;
  return schema ? { migrationTableSchema: schema } : {};
}
