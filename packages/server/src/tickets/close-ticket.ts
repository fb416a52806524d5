// Closing: an engineer closes a resolved ticket for good, or the scheduler does once the reopen window
// (NOCDESK_CLOSE_AFTER_DAYS) has passed. A later message opens a follow-up ticket.
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import type { TicketRow } from '../store/tables.js';
import { toDate } from '../store/tables.js';
import { resolvedBefore } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { TicketTransitionRefusedError } from '../errors.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { applyTransition } from './ticket-transition.js';

export async function closeTicket(desk: Desk, staff: StaffPrincipal, input: { ticketId: string; reason?: string | null }): Promise<TicketRow> {
  const engineer = engineerOf(staff);
  const { ticket } = await inTransaction(desk.store, (trx) =>
    applyTransition(desk, trx, { ticketId: input.ticketId, action: { kind: 'CLOSE' }, actor: engineer.actor, actorName: engineer.actorName, event: 'CLOSED', reason: input.reason ?? null }),
  );
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CLOSED' });
  return ticket;
}

const DAY_MS = 86_400_000;

/**
 * Closes every resolved ticket whose reopen window has passed; returns how many. Each close is its own
 * transaction on a locked row whose status the domain re-checks, so two schedulers close a ticket once.
 */
export async function autoCloseResolvedTickets(desk: Desk, options: { batch?: number } = {}): Promise<number> {
  const now = desk.now();
  const closeAfterDays = desk.config.closeAfterDays;
  const due = await resolvedBefore(desk.store.db, new Date(now.getTime() - closeAfterDays * DAY_MS), options.batch ?? 200);
  let closed = 0;
  for (const candidate of due) {
    try {
      const { ticket } = await inTransaction(desk.store, (trx) =>
        applyTransition(desk, trx, {
          ticketId: candidate.id,
          action: { kind: 'AUTO_CLOSE', resolvedAt: toDate(candidate.resolved_at ?? now), now, closeAfterDays },
          actor: { kind: 'SCHEDULER' },
          actorName: 'scheduler',
          event: 'CLOSED',
          reason: `No answer within ${closeAfterDays} days of the resolution.`,
        }),
      );
      closed++;
      announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CLOSED' });
    } catch (error) {
      // Reopened or closed meanwhile (by a reply, an engineer or another scheduler): nothing to do.
      if (!(error instanceof TicketTransitionRefusedError)) throw error;
    }
  }
  return closed;
}
