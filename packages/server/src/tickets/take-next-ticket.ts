// `takeNextTicket`: the engineer gets the top of the strict queue, atomically (SPEC §2.6). Two engineers
// calling at once never get the same ticket, and nobody gets a level-2 ticket while an unassigned
// level-1 ticket is open, even one another engineer is taking at this very moment.
import type { Desk } from '../desk.js';
import { QueueEmptyError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import type { TicketRow } from '../store/tables.js';
import { lockQueueTop, moreUrgentUnassignedExists } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { applyTransition } from './ticket-transition.js';

/** How often to look again when a more urgent ticket is being taken by someone else right now. */
const ATTEMPTS = 50;
const RETRY_MS = 10;

export async function takeNextTicket(desk: Desk, staff: StaffPrincipal): Promise<TicketRow> {
  const engineer = engineerOf(staff);
  for (let attempt = 1; ; attempt++) {
    const outcome = await inTransaction(desk.store, async (trx) => {
      const top = await lockQueueTop(trx, desk.store.dialect);
      if (!top) return { kind: 'empty' as const };
      // SKIP LOCKED passed over a row another transaction holds: if it is more urgent, it is about to be
      // taken (or answered); wait for that instead of handing out something less urgent.
      if (attempt < ATTEMPTS && (await moreUrgentUnassignedExists(trx, top.level))) return { kind: 'retry' as const };
      const applied = await applyTransition(desk, trx, { ticketId: top.id, action: { kind: 'TAKE' }, actor: engineer.actor, actorName: engineer.actorName, event: 'TAKEN' });
      return { kind: 'taken' as const, ticket: applied.ticket };
    });
    if (outcome.kind === 'taken') {
      announceTicket(desk.events, { ticketId: outcome.ticket.id, customerId: outcome.ticket.customer_id, type: 'TAKEN' });
      return outcome.ticket;
    }
    if (outcome.kind === 'empty') throw new QueueEmptyError();
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
