// The live assistant: conversations between a customer's contact and an engineer, and their
// messages (the contact's, the engineer's and the desk's own lines), until one becomes a ticket.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function liveAssistantMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('subject', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('engineer', 'text')
        .addColumn('started_by', 'text', (c) => c.notNull())
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('joined_at', ts)
        .addColumn('ended_at', ts)
        .addColumn('ended_by', 'text')
        .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addColumn('idempotency_principal', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('request_hash', 'text')
        .execute();
      // Engineers' list and the scheduler's job walk conversations of a status by how long they have waited.
      await db.schema.createIndex('conversations_status').on('conversations').columns(['status', 'started_at', 'id']).execute();
      // The open-conversations limit counts a contact's.
      await db.schema.createIndex('conversations_contact').on('conversations').columns(['contact_id', 'status']).execute();
      // A retried startConversation finds the conversation its key started.
      await db.schema
        .createIndex('conversations_idempotency')
        .on('conversations')
        .columns(['idempotency_principal', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();

      await (dialect === 'postgres'
        ? db.schema.createTable('conversation_messages').addColumn('id', 'serial', (c) => c.primaryKey())
        : db.schema.createTable('conversation_messages').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('author_kind', 'text', (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('notice', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conversation_messages_conversation').on('conversation_messages').columns(['conversation_id', 'id']).execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('conversation_messages').ifExists().execute();
      await db.schema.dropTable('conversations').ifExists().execute();
    },
  };
}
