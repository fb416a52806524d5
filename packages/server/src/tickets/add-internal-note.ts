// `addInternalNote`: engineers write to each other on the ticket. Never emailed, never shown to
// partners (not in messages, history or subscriptions), and never a response to the customer.
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import { insertMessage } from '../store/messages.js';
import type { TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { applyTransition } from './ticket-transition.js';

export async function addInternalNote(desk: Desk, staff: StaffPrincipal, input: { ticketId: string; body: string }): Promise<TicketRow> {
  const engineer = engineerOf(staff);
  const ticket = await inTransaction(desk.store, async (trx) => {
    const step = await applyTransition(desk, trx, { ticketId: input.ticketId, action: { kind: 'NOTE' }, actor: engineer.actor, actorName: engineer.actorName, event: 'NOTE_ADDED' });
    await insertMessage(trx, step.ticket.id, 'OUT', { channel: step.ticket.channel, from: null, subject: 'Internal note', body: input.body, visibility: 'INTERNAL', author: engineer.actorName }, desk.now());
    return step.ticket;
  });
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'NOTE_ADDED', internal: true });
  return ticket;
}
