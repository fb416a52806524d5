// `assignTicket`: gives a ticket to an engineer (the caller when no assignee is named).
import type { Desk } from '../desk.js';
import { NotFoundError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { activeEngineerNamed } from '../store/credentials.js';
import type { TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { applyTransition } from './ticket-transition.js';

export async function assignTicket(desk: Desk, staff: StaffPrincipal, input: { ticketId: string; assignee?: string | null }): Promise<TicketRow> {
  const engineer = engineerOf(staff);
  const assignee = input.assignee?.trim() || engineer.name;
  if (assignee !== engineer.name && !(await activeEngineerNamed(desk.store.db, assignee))) throw new NotFoundError(`Engineer "${assignee}"`);
  const { ticket } = await inTransaction(desk.store, (trx) =>
    applyTransition(desk, trx, { ticketId: input.ticketId, action: { kind: 'ASSIGN', assignee }, actor: engineer.actor, actorName: engineer.actorName, event: 'ASSIGNED' }),
  );
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'ASSIGNED' });
  return ticket;
}
