// `addTicketMessage`: a partner adds information from its portal to one of its own customer's tickets.
// Another customer's ticket is "not found". On a closed ticket it opens a follow-up ticket for the same
// reporter, linked by followUpOf, as an email would.
import { chooseLanguage, decideIntake, detectLanguage } from '@nocdesk/domain';
import { actorOf, customerScope, principalKey, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ReporterNotAuthorizedError } from '../errors.js';
import { findContactsByEmail, findContactsByIds, findServicesBySofs, toContactRecord, toServiceRecord } from '../store/customers.js';
import type { TicketRow } from '../store/tables.js';
import { addCustomerMessage } from './add-customer-message.js';
import { withIdempotency } from './idempotent.js';
import { openTicket } from './open-ticket.js';

export interface TicketMessageInput {
  readonly ticketId: string;
  readonly body: string;
  readonly idempotencyKey?: string | null;
}

export async function addTicketMessage(desk: Desk, principal: Principal, input: TicketMessageInput): Promise<TicketRow> {
  const scope = customerScope(principal);
  const actorName = actorOf(principal);
  const { ticket } = await withIdempotency(
    desk,
    { principal: principalKey(principal), key: input.idempotencyKey ?? undefined, operation: 'addTicketMessage', input: { ...input, idempotencyKey: undefined } },
    async (idempotency) => {
      const outcome = await addCustomerMessage(desk, {
        ticketId: input.ticketId,
        actor: { kind: 'PARTNER' },
        actorName,
        customerScope: scope,
        message: { channel: 'PORTAL', from: actorName, subject: '', body: input.body },
        idempotency,
      });
      if (outcome.kind === 'added') return outcome.ticket;
      return openFollowUp(desk, principal, outcome.closed, input.body, idempotency);
    },
  );
  return ticket;
}

async function openFollowUp(desk: Desk, principal: Principal, closed: TicketRow, body: string, idempotency: Parameters<typeof openTicket>[1]['idempotency']): Promise<TicketRow> {
  const [reporter] = await findContactsByIds(desk.store.db, [closed.contact_id]);
  const contacts = reporter ? (await findContactsByEmail(desk.store.db, reporter.email)).filter((c) => c.customer_id === closed.customer_id) : [];
  const sofs = closed.sof ? [closed.sof] : [];
  const services = await findServicesBySofs(desk.store.db, sofs);
  const decision = decideIntake({
    channel: 'PORTAL',
    reporter: { email: reporter?.email ?? '' },
    contacts: contacts.map(toContactRecord),
    customerId: closed.customer_id,
    sofs,
    services: services.map(toServiceRecord),
    priority: { text: `${closed.subject}\n${body}` },
  });
  if (decision.kind === 'reject') throw new ReporterNotAuthorizedError(decision.reason, decision.message, reporter?.email ?? '');
  return openTicket(desk, {
    decision,
    sofs,
    subject: closed.subject,
    description: body,
    language: chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: detectLanguage(body) }),
    actor: actorOf(principal),
    message: { channel: 'PORTAL', from: decision.contact.email, subject: closed.subject, body },
    acknowledgement: { to: decision.contact.email, limit: 'NONE' },
    followUpOf: closed,
    ...(idempotency ? { idempotency } : {}),
  });
}
