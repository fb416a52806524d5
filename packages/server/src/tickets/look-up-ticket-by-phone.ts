// A ticket looked up by a caller on the voice menu (SPEC §4.2). Anyone who dials in may hear a ticket's
// status, so the lookup is not confined to a customer; but ticket numbers can be guessed, so the
// subject and the customer's name come with it only when the calling number is a registered phone of
// that ticket's customer.
import { parseTicketNumber, slaStatus, type SlaStatus } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { findCustomersByIds } from '../store/customers.js';
import type { TicketRow } from '../store/tables.js';
import { findTicketByNumber } from '../store/tickets.js';
import { isCustomerPhone } from './customer-phone.js';
import { slaClockInput } from './sla-clock.js';

export interface CallerTicketView {
  readonly ticket: TicketRow;
  readonly sla: SlaStatus;
  /** Only for a caller whose number is a registered phone of the ticket's customer. */
  readonly details: { readonly subject: string; readonly customer: string } | null;
}

/** The ticket with a valid `number`, as a caller from `callerPhone` may hear it; undefined when there is none. */
export async function lookUpTicketByPhone(desk: Desk, input: { number: string; callerPhone: string | null }): Promise<CallerTicketView | undefined> {
  const parsed = parseTicketNumber(input.number, { prefix: desk.config.ticketPrefix });
  if (!parsed.ok) return undefined;
  const ticket = await findTicketByNumber(desk.store.db, parsed.number);
  if (!ticket) return undefined;
  const sla = slaStatus(slaClockInput(ticket, desk.now()), desk.config.slaPolicy);
  if (!(await isCustomerPhone(desk.store.db, ticket.customer_id, input.callerPhone))) return { ticket, sla, details: null };
  const [customer] = await findCustomersByIds(desk.store.db, [ticket.customer_id]);
  return { ticket, sla, details: { subject: ticket.subject, customer: customer?.name ?? '' } };
}
