// `resolveTicket`: the problem is solved; the resolution is emailed to the reporter, and a reply within
// the reopen window brings the ticket back to work (SPEC §2.6).
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import type { TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { sendEngineerMail } from './engineer-mail.js';
import { applyTransition } from './ticket-transition.js';

export async function resolveTicket(desk: Desk, staff: StaffPrincipal, input: { ticketId: string; resolution: string }): Promise<TicketRow> {
  const engineer = engineerOf(staff);
  const ticket = await inTransaction(desk.store, async (trx) => {
    const step = await applyTransition(desk, trx, {
      ticketId: input.ticketId,
      action: { kind: 'RESOLVE' },
      actor: engineer.actor,
      actorName: engineer.actorName,
      event: 'RESOLVED',
      reason: input.resolution,
    });
    await sendEngineerMail(desk, trx, step.ticket, { kind: 'RESOLUTION', body: input.resolution, author: engineer.actorName });
    return step.ticket;
  });
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'RESOLVED' });
  return ticket;
}
