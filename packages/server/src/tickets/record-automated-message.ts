// Auto-generated mail about a ticket (a bounce of our mail, an out-of-office reply to it) is kept on the
// ticket for the engineers, with the history saying what it was; it never changes the ticket's status,
// because no person wrote it.
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import { insertMessage, type MessageDraft } from '../store/messages.js';
import type { TicketRow } from '../store/tables.js';
import { appendTicketEvent, type TicketEventType } from '../store/ticket-events.js';
import { inTransaction } from '../store/transaction.js';

export async function recordAutomatedMessage(
  desk: Desk,
  input: { ticket: TicketRow; actorName: string; event: TicketEventType; reason: string; message: MessageDraft; data: Record<string, unknown> },
): Promise<void> {
  const now = desk.now();
  await inTransaction(desk.store, async (trx) => {
    await insertMessage(trx, input.ticket.id, 'IN', input.message, now);
    await appendTicketEvent(trx, input.ticket.id, { type: input.event, actor: input.actorName, reason: input.reason, data: input.data }, now);
  });
  announceTicket(desk.events, { ticketId: input.ticket.id, customerId: input.ticket.customer_id, type: input.event });
}
