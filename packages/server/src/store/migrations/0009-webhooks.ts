// Signed webhooks: the HTTPS endpoints partners registered for their customer's ticket events, and a
// column on the outbox naming the webhook a delivery goes to, so each webhook's deliveries (and
// failures) can be listed and a deleted webhook's pending ones dropped.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function webhooksMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('deleted_by', 'text')
        .addColumn('deleted_at', ts)
        .execute();
      // Every history event looks up the live webhooks of its ticket's customer.
      await db.schema.createIndex('webhooks_customer_live').on('webhooks').columns(['customer_id', 'created_at']).where(sql.ref('deleted_at'), 'is', null).execute();

      await db.schema.alterTable('outbox').addColumn('webhook_id', 'text', (c) => c.references('webhooks.id')).execute();
      // A webhook's deliveries, newest first.
      await db.schema.createIndex('outbox_webhook').on('outbox').columns(['webhook_id', 'id']).where(sql.ref('webhook_id'), 'is not', null).execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.dropIndex('outbox_webhook').ifExists().execute();
      await db.schema.alterTable('outbox').dropColumn('webhook_id').execute();
      await db.schema.dropTable('webhooks').ifExists().execute();
    },
  };
}
