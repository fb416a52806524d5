// Verified domains: the mail domains staff checked a customer controls. A partner key may register
// contacts only inside them, so it can never claim another customer's (or a stranger's) address.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function verifiedDomainsMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('customer_domains')
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('verified_by', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_domains_pk', ['customer_id', 'domain'])
        .execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('customer_domains').ifExists().execute();
    },
  };
}
