// Escalations of a ticket (step 2 of the procedure): the count and the time of the last one that counted
// live on the ticket; the history event says who escalated, how and when.
import type { TicketRow } from './tables.js';
import type { StoreHandle } from './transaction.js';

/** Counts one more escalation at `at` and returns the ticket as it is now. */
export async function countEscalation(db: StoreHandle, ticketId: string, at: Date): Promise<TicketRow> {
  const when = at.toISOString();
  return db
    .updateTable('tickets')
    .set((eb) => ({ escalation_count: eb('escalation_count', '+', 1), last_escalated_at: when, updated_at: when }))
    .where('id', '=', ticketId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
