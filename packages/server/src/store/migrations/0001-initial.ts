// The first schema: customers, services, contacts, tickets and their history, messages, the outbox,
// rejected intakes, credentials and idempotency keys.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// The schema must be built without knowing the row types, hence `any` (Kysely's own migration idiom).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function initialMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = (db: AnyDb, table: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('account_manager', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('services')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('sof', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('services_customer').on('services').column('customer_id').execute();

      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('removed_at', ts)
        .addColumn('removed_reason', 'text')
        .execute();
      await db.schema.createIndex('contacts_email').on('contacts').column('email').execute();
      await db.schema.createIndex('contacts_phone').on('contacts').column('phone').execute();
      await db.schema
        .createIndex('contacts_active_email_per_customer')
        .on('contacts')
        .columns(['customer_id', 'email'])
        .unique()
        .where(sql.ref('status'), '=', 'ACTIVE')
        .execute();

      await db.schema
        .createTable('tickets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', bigint, (c) => c.notNull().unique())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('service_id', 'text', (c) => c.references('services.id'))
        .addColumn('sof', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('priority_source', 'text', (c) => c.notNull())
        .addColumn('priority_matched', 'text')
        .addColumn('flags', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('assigned_to', 'text')
        .addColumn('received_at', ts, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addColumn('acknowledged_at', ts)
        .addColumn('first_response_due', ts, (c) => c.notNull())
        .addColumn('escalation_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // The queue's keyset: only unresolved tickets, in the strict order of compareQueueOrder.
      await db.schema
        .createIndex('tickets_queue')
        .on('tickets')
        .columns(['level', 'received_at', 'seq'])
        .where(sql.ref('status'), 'in', ['OPEN', 'IN_PROGRESS'])
        .execute();
      // Newest first, per customer and overall.
      await db.schema.createIndex('tickets_customer_newest').on('tickets').columns(['customer_id', 'seq']).execute();

      await serial(db, 'ticket_events')
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute();

      await serial(db, 'messages')
        .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('in_reply_to', 'text')
        .addColumn('references', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text')
        .addColumn('to_address', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('body_hash', 'text')
        .addColumn('automated', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      // A Message-ID is stored once per direction: a duplicate delivery is recognised, not stored again.
      await db.schema.createIndex('messages_message_id').on('messages').columns(['direction', 'message_id']).unique().execute();
      await db.schema.createIndex('messages_ticket').on('messages').columns(['ticket_id', 'id']).execute();
      await db.schema.createIndex('messages_body_hash').on('messages').columns(['from_address', 'body_hash']).execute();

      await serial(db, 'attachments')
        .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content', bytes, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_message').on('attachments').column('message_id').execute();

      await serial(db, 'outbox')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ts, (c) => c.notNull())
        .addColumn('leased_until', ts)
        .addColumn('leased_by', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('sent_at', ts)
        .execute();
      await db.schema
        .createIndex('outbox_pending')
        .on('outbox')
        .columns(['next_attempt_at', 'id'])
        .where(sql.ref('status'), '=', 'PENDING')
        .execute();
      await db.schema.createIndex('outbox_recipient').on('outbox').columns(['recipient', 'created_at']).execute();

      await db.schema
        .createTable('rejected_intakes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('sender', 'text')
        .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('message_row_id', 'integer', (c) => c.references('messages.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewed_at', ts)
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rejected_intakes_status').on('rejected_intakes').columns(['status', 'created_at']).execute();

      await db.schema
        .createTable('partner_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('revoked_at', ts)
        .execute();

      await db.schema
        .createTable('staff_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('revoked_at', ts)
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
        .execute();

      await serial(db, 'audit_log')
        .addColumn('customer_id', 'text')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();

      if (dialect === 'postgres') {
        await sql`create sequence ticket_number_seq start with 100000`.execute(db);
      } else {
        await db.schema
          .createTable('counters')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'integer', (c) => c.notNull())
          .execute();
        await db.insertInto('counters').values({ name: 'ticket_number', value: 99999 }).execute();
      }
    },
    async down(db: AnyDb): Promise<void> {
      if (dialect === 'postgres') await sql`drop sequence if exists ticket_number_seq`.execute(db);
      for (const table of [
        'counters', 'audit_log', 'idempotency_keys', 'staff_tokens', 'partner_keys', 'rejected_intakes',
        'outbox', 'attachments', 'messages', 'ticket_events', 'tickets', 'contacts', 'services', 'customers',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
