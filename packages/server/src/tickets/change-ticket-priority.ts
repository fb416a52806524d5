// `changeTicketPriority`: staff set a ticket's level with a mandatory reason (SPEC §2.1). The deadlines
// follow the new level, the re-triage flag goes, and the history records from, to and why.
import { slaDeadlines, type PriorityLevel } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { NotFoundError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import type { TicketRow } from '../store/tables.js';
import { toDate } from '../store/tables.js';
import { appendTicketEvent } from '../store/ticket-events.js';
import { lockTicket, updateTicket } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { slaPauseChange } from './ticket-transition.js';

export async function changeTicketPriority(desk: Desk, principal: Principal, input: { ticketId: string; level: PriorityLevel; reason: string }): Promise<TicketRow> {
  const ticket = await inTransaction(desk.store, async (trx) => {
    const before = await lockTicket(trx, desk.store.dialect, input.ticketId);
    if (!before) throw new NotFoundError('Ticket');
    const now = desk.now();
    const due = slaDeadlines(input.level, toDate(before.received_at), desk.config.slaPolicy);
    const flags = before.flags.split(',').filter((f) => f && f !== 'PRIORITY_MISMATCH').join(',');
    const after = await updateTicket(
      trx,
      before.id,
      {
        level: input.level,
        priority_source: 'staff',
        priority_matched: null,
        flags,
        first_response_due: due.firstResponseBy.toISOString(),
        // A level raised to 1 while waiting for the customer starts the clocks again (level 1 never pauses).
        ...slaPauseChange(before, before.status, input.level, now),
      },
      now,
    );
    await appendTicketEvent(trx, before.id, { type: 'PRIORITY_CHANGED', actor: actorOf(principal), reason: input.reason, data: { from: before.level, to: input.level } }, now);
    return after;
  });
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'PRIORITY_CHANGED' });
  return ticket;
}
