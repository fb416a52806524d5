// `reopenTicket`: a resolved ticket goes back to work, to its engineer (or the queue when nobody has
// it). Engineers may reopen; a partner may reopen its own customer's resolved tickets.
import { actorOf, customerScope, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import type { TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { applyTransition } from './ticket-transition.js';

export async function reopenTicket(desk: Desk, principal: Principal, input: { ticketId: string; reason: string }): Promise<TicketRow> {
  const actor = principal.kind === 'staff' ? ({ kind: 'ENGINEER', id: principal.name } as const) : ({ kind: 'PARTNER' } as const);
  const { ticket } = await inTransaction(desk.store, (trx) =>
    applyTransition(desk, trx, {
      ticketId: input.ticketId,
      action: { kind: 'REOPEN' },
      actor,
      actorName: actorOf(principal),
      customerScope: customerScope(principal),
      event: 'REOPENED',
      reason: input.reason,
    }),
  );
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'REOPENED' });
  return ticket;
}
