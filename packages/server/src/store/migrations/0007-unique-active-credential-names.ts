// A name identifies one active credential of its kind, so `nocdesk token revoke --name` revokes the one
// meant. Checking before inserting was not enough: two mints at once (PostgreSQL) both passed the check.
// Unique indexes over the active rows make the second one fail; names duplicated before them are kept
// working under a numbered name (`alice (2)`), so nobody loses access to the migration.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const TABLES = ['partner_keys', 'staff_tokens'] as const;

export function uniqueActiveCredentialNamesMigration() {
  return {
    async up(db: AnyDb): Promise<void> {
      for (const table of TABLES) {
        const active = (await db.selectFrom(table).select(['id', 'name']).where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute()) as { id: string; name: string }[];
        const taken = new Set<string>();
        for (const row of active) {
          let name = row.name;
          for (let n = 2; taken.has(name); n++) name = `${row.name} (${n})`;
          taken.add(name);
          if (name !== row.name) await db.updateTable(table).set({ name }).where('id', '=', row.id).execute();
        }
        await db.schema.createIndex(`${table}_active_name`).on(table).column('name').unique().where(sql.ref('revoked_at'), 'is', null).execute();
      }
    },
    async down(db: AnyDb): Promise<void> {
      for (const table of TABLES) await db.schema.dropIndex(`${table}_active_name`).ifExists().execute();
    },
  };
}
