// The phone channel, escalation and the SLA alerts: every phone call an engineer took (accepted or
// refused), the SLA events already recorded (one row per ticket, event and target window, so two
// schedulers can never both record one), and the bookkeeping that lets the SLA job look only at
// tickets whose clock may have moved.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function phoneAndEscalationMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('phone_calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent', 'text', (c) => c.notNull())
        .addColumn('caller_email', 'text')
        .addColumn('caller_phone', 'text')
        .addColumn('sof', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('failed', 'text')
        .addColumn('reason', 'text')
        .addColumn('message', 'text')
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      // Staff list the calls newest first, all or by outcome: a keyset walk over each.
      await db.schema.createIndex('phone_calls_newest').on('phone_calls').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('phone_calls_outcome').on('phone_calls').columns(['outcome', 'created_at', 'id']).execute();

      // The key is the promise: one at-risk and one breach per target window of a ticket. Inserting a
      // row is how an alert is claimed, in the transaction that records its history event and notice.
      await db.schema
        .createTable('sla_alerts')
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('window_start', ts, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('sla_alerts_pk', ['ticket_id', 'kind', 'target', 'window_start'])
        .execute();

      // When time alone next changes the ticket's SLA state (null: it never does now), and the
      // ticket's updated_at when the SLA job last looked. Any change to a ticket moves updated_at away
      // from sla_checked_at, which puts it back in front of the job: a level raised to 1 is seen at
      // the next run, not when the old level's deadline would have come.
      await db.schema.alterTable('tickets').addColumn('sla_next_check_at', ts).execute();
      await db.schema.alterTable('tickets').addColumn('sla_checked_at', ts).execute();
      // Literal statuses: SQLite uses a partial index only when the query repeats its terms exactly.
      await sql`create index tickets_sla_due on tickets (sla_next_check_at, seq) where status in ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER') and sla_next_check_at is not null`.execute(db);
      await sql`create index tickets_sla_stale on tickets (seq) where status in ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER') and (sla_checked_at is null or updated_at <> sla_checked_at)`.execute(db);
    },
    async down(db: AnyDb): Promise<void> {
      await sql`drop index if exists tickets_sla_stale`.execute(db);
      await sql`drop index if exists tickets_sla_due`.execute(db);
      await db.schema.alterTable('tickets').dropColumn('sla_checked_at').execute();
      await db.schema.alterTable('tickets').dropColumn('sla_next_check_at').execute();
      await db.schema.dropTable('sla_alerts').ifExists().execute();
      await db.schema.dropTable('phone_calls').ifExists().execute();
    },
  };
}
