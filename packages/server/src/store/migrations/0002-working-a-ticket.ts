// Working a ticket: who has it, when it was first answered, resolved and closed, which ticket it
// follows up, the SLA pause, public and internal messages, outbox kinds, and the scheduler's lease.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function workingATicketMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: AnyDb): Promise<void> {
      for (const [column, type] of [
        ['first_responded_at', ts],
        ['last_public_reply_at', ts],
        ['resolved_at', ts],
        ['closed_at', ts],
        ['last_escalated_at', ts],
        ['sla_paused_since', ts],
        ['sla_resumed_at', ts],
        ['follow_up_of', 'text'],
      ] as const) {
        await db.schema.alterTable('tickets').addColumn(column, type).execute();
      }
      await db.schema.alterTable('tickets').addColumn('sla_paused_ms', bigint, (c) => c.notNull().defaultTo(0)).execute();
      // takeNextTicket walks this: unassigned OPEN tickets in the strict queue order.
      await db.schema
        .createIndex('tickets_unassigned')
        .on('tickets')
        .columns(['level', 'received_at', 'seq'])
        .where(sql.ref('status'), '=', sql.lit('OPEN'))
        .where(sql.ref('assigned_to'), 'is', null)
        .execute();
      // The auto-close job finds resolved tickets by the time they were resolved.
      await db.schema.createIndex('tickets_resolved').on('tickets').column('resolved_at').where(sql.ref('status'), '=', sql.lit('RESOLVED')).execute();

      // PUBLIC messages go to (or come from) the customer; INTERNAL notes never leave the desk.
      await db.schema.alterTable('messages').addColumn('visibility', 'text', (c) => c.notNull().defaultTo('PUBLIC')).execute();
      await db.schema.alterTable('messages').addColumn('author', 'text').execute();
      // A duplicate is the same Message-ID with the same sender and text: on the id alone, anyone could
      // pre-empt a contact's message by sending its Message-ID first.
      await db.schema.dropIndex('messages_message_id').execute();
      await db.schema.createIndex('messages_message_id').on('messages').columns(['direction', 'message_id', 'body_hash']).unique().execute();
      await db.schema.createIndex('messages_by_message_id').on('messages').column('message_id').execute();

      // Outbox messages say what they are, so the dispatcher knows what a send means (only an
      // acknowledgement sets acknowledgedAt).
      await db.updateTable('outbox').set({ kind: 'ACKNOWLEDGEMENT' }).where('dedupe_key', 'like', 'ack:%').execute();
      await db.updateTable('outbox').set({ kind: 'EXPLANATION' }).where('dedupe_key', 'like', 'explain:%').execute();

      // One holder per scheduled job across every server process.
      await db.schema
        .createTable('scheduler_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('leased_until', ts, (c) => c.notNull())
        .execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('scheduler_leases').ifExists().execute();
    },
  };
}
