// Who hears about an escalation or an SLA alert, and the facts every notice carries. Engineers are known
// by their staff name; one whose name is an email address (`nocdesk token create --name ana@noc.example`)
// gets notices there. The on-call address (NOCDESK_ONCALL_EMAIL) hears every escalation, and the SLA
// alerts of tickets nobody can be written to about. Subscribers hear every event either way.
import { EmailAddressSchema, describeSlaState, displayTicketNumber, slaStatus } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import type { NoticeTicket } from '../notifications/staff-notice.js';
import { findCustomersByIds } from '../store/customers.js';
import type { TicketRow } from '../store/tables.js';
import type { StoreHandle } from '../store/transaction.js';
import { slaClockInput } from './sla-clock.js';

/** The assignee's address, when their staff name is one. */
function assigneeAddress(ticket: TicketRow): string | null {
  if (ticket.assigned_to === null) return null;
  const parsed = EmailAddressSchema.safeParse(ticket.assigned_to);
  return parsed.success ? parsed.data : null;
}

/** An escalation: the on-call address and the engineer working the ticket. */
export function escalationRecipients(desk: Desk, ticket: TicketRow): string[] {
  return unique([desk.config.onCallEmail ?? null, assigneeAddress(ticket)]);
}

/** An SLA alert: the engineer working the ticket, or else the on-call address. */
export function slaAlertRecipients(desk: Desk, ticket: TicketRow): string[] {
  return unique([assigneeAddress(ticket) ?? desk.config.onCallEmail ?? null]);
}

function unique(addresses: readonly (string | null)[]): string[] {
  return [...new Set(addresses.filter((a): a is string => a !== null).map((a) => a.toLowerCase()))];
}

/** The facts of the ticket as a notice states them, in the ticket's language, at `now`. */
export async function noticeTicket(desk: Desk, db: StoreHandle, ticket: TicketRow, now: Date): Promise<NoticeTicket> {
  const [customer] = await findCustomersByIds(db, [ticket.customer_id]);
  return {
    displayNumber: displayTicketNumber(ticket.number, { prefix: desk.config.ticketPrefix }),
    subject: ticket.subject,
    customer: customer?.name ?? ticket.customer_id,
    status: ticket.status,
    level: ticket.level,
    assignedTo: ticket.assigned_to,
    sla: describeSlaState(slaStatus(slaClockInput(ticket, now), desk.config.slaPolicy), ticket.language),
  };
}
