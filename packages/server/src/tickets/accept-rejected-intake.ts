// Staff accept a rejected intake: the ticket is created as if the sender had been authorised, through
// the domain's decision for accepted intakes, and the history says who accepted it and why. The sender
// is recorded as a GUEST contact (known, not authorised).
import { chooseLanguage, decideAcceptedIntake, extractSofs, type Language, type SenderAuthentication } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { recordAudit } from '../store/audit.js';
import { findCustomerById, findCustomerContactByEmail, findServicesBySofs, insertGuestContact, toContactRecord, toServiceRecord } from '../store/customers.js';
import { claimRejectedIntake, findRejectedIntake, linkRejectedIntakeToTicket } from '../store/rejected-intakes.js';
import type { TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { openTicketIn } from './open-ticket.js';

/** What a rejected intake keeps of the request, enough to accept it later as if authorised. */
export interface RejectedPayload {
  readonly from: string | null;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string | null;
  readonly references: readonly string[];
  readonly language: Language | null;
  readonly senderAuthentication?: SenderAuthentication | null;
}

export async function acceptRejectedIntake(desk: Desk, principal: Principal, input: { id: string; customerId: string; reason: string }): Promise<TicketRow> {
  const db = desk.store.db;
  const rejected = await findRejectedIntake(db, input.id);
  if (!rejected) throw new NotFoundError('Rejected intake');
  if (rejected.status !== 'PENDING') throw new ConflictError(`This intake was already ${rejected.status.toLowerCase()}.`);
  const customer = await findCustomerById(db, input.customerId);
  if (!customer) throw new NotFoundError('Customer');
  const payload = JSON.parse(rejected.payload) as RejectedPayload;
  const now = desk.now();
  const actor = actorOf(principal);
  const email = payload.from ?? 'unknown@invalid';
  const text = `${payload.subject}\n${payload.text}`;
  const sofs = extractSofs(text);
  const services = await findServicesBySofs(db, sofs);

  // One transaction: the claim, the guest contact, the ticket and its acknowledgement. Of two staff
  // accepting at once, one gets the ticket and the other a conflict, and nothing half-done remains.
  const ticket = await inTransaction(desk.store, async (trx) => {
    if (!(await claimRejectedIntake(trx, { id: rejected.id, reviewer: actor, at: now }))) throw new ConflictError('This intake was already accepted.');
    let contact = await findCustomerContactByEmail(trx, customer.id, email);
    if (!contact) {
      contact = await insertGuestContact(trx, { customerId: customer.id, email, language: payload.language, now });
      await recordAudit(trx, { customerId: customer.id, entity: 'contact', entityId: contact.id, action: 'GUEST_RECORDED', actor, reason: input.reason, data: { email: contact.email }, at: now });
    }
    const decision = decideAcceptedIntake({
      channel: rejected.channel,
      customerId: customer.id,
      contact: toContactRecord(contact),
      sofs,
      services: services.map(toServiceRecord),
      priority: { text },
      senderAuthentication: payload.senderAuthentication ?? null,
    });
    const language = chooseLanguage({ contactLanguage: contact.language, messageLanguage: payload.language });
    const created = await openTicketIn(desk, trx, {
      decision,
      sofs,
      subject: payload.subject || '(no subject)',
      description: payload.text,
      language,
      actor,
      message: { channel: rejected.channel, from: contact.email, subject: payload.subject, body: payload.text },
      acknowledgement: payload.from ? { to: contact.email, limit: 'NONE', replyTo: { messageId: payload.messageId, references: payload.references } } : null,
      // The original message (Message-ID, attachments) joins the ticket: accepting loses nothing.
      ...(rejected.message_row_id !== null ? { adoptMessageRowId: rejected.message_row_id } : {}),
      createdEventType: 'ACCEPTED_FROM_REJECTED_INTAKE',
      createdEventData: { rejectedIntakeId: rejected.id, rejectedReason: rejected.reason, acceptedBecause: input.reason },
    });
    await linkRejectedIntakeToTicket(trx, rejected.id, created.id);
    await recordAudit(trx, { customerId: customer.id, entity: 'rejected_intake', entityId: rejected.id, action: 'ACCEPTED', actor, reason: input.reason, data: { ticket: created.number }, at: now });
    return created;
  });
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CREATED' });
  return ticket;
}
