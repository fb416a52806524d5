// `openPhoneTicket`: "si el correo electrónico no está disponible … puede crear un ticket por teléfono.
// El cliente debe poder identificarse y proporcionar el número de formulario de pedido de servicio (SOF)
// antes de que se brinde soporte." The engineer types who the caller says they are (a contact's email
// address or phone number) and the SOF; the domain decides (`decideIntake`, channel PHONE). Every
// attempt is recorded, accepted or not; an accepted call opens a ticket like any other, acknowledged by
// email to the caller's registered address, in the transaction that records the call.
import { chooseLanguage, decideIntake, detectLanguage, parseSof, type PriorityLevel, type TicketCategory } from '@nocdesk/domain';
import { principalKey } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { PhoneCallerNotVerifiedError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { findContactsByEmail, findContactsByPhone, findServicesBySofs, toContactRecord, toServiceRecord } from '../store/customers.js';
import { attachPhoneCallTicket, insertPhoneCall, type NewPhoneCall } from '../store/phone-calls.js';
import type { ContactRow, TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { withIdempotency } from './idempotent.js';
import { openTicketIn } from './open-ticket.js';

export interface PhoneTicketInput {
  /** Who the caller says they are: a contact's email address, or phone number, or both. */
  readonly callerEmail?: string | null;
  readonly callerPhone?: string | null;
  readonly sof: string;
  readonly subject: string;
  readonly description: string;
  readonly requestedLevel?: PriorityLevel | null;
  readonly category?: TicketCategory | null;
  readonly idempotencyKey?: string | null;
}

export interface PhoneTicketResult {
  readonly ticket: TicketRow;
  /** False when an earlier request with the same idempotency key already opened it. */
  readonly created: boolean;
}

async function callerCandidates(desk: Desk, input: PhoneTicketInput): Promise<ContactRow[]> {
  const [byEmail, byPhone] = await Promise.all([
    input.callerEmail ? findContactsByEmail(desk.store.db, input.callerEmail) : [],
    input.callerPhone ? findContactsByPhone(desk.store.db, input.callerPhone) : [],
  ]);
  return [...new Map([...byEmail, ...byPhone].map((contact) => [contact.id, contact])).values()];
}

export async function openPhoneTicket(desk: Desk, staff: StaffPrincipal, input: PhoneTicketInput): Promise<PhoneTicketResult> {
  const engineer = engineerOf(staff);
  return withIdempotency(desk, { principal: principalKey(staff), key: input.idempotencyKey ?? undefined, operation: 'openPhoneTicket', input: { ...input, idempotencyKey: undefined } }, async (idempotency) => {
    const parsedSof = parseSof(input.sof);
    const sofs = input.sof.trim() === '' ? [] : [input.sof];
    const [contacts, services] = await Promise.all([callerCandidates(desk, input), findServicesBySofs(desk.store.db, parsedSof.ok ? [parsedSof.sof] : [])]);
    const text = `${input.subject}\n${input.description}`;
    const decision = decideIntake({
      channel: 'PHONE',
      reporter: { ...(input.callerEmail ? { email: input.callerEmail } : {}), ...(input.callerPhone ? { phone: input.callerPhone } : {}) },
      contacts: contacts.map(toContactRecord),
      sofs,
      services: services.map(toServiceRecord),
      priority: { requestedLevel: input.requestedLevel ?? undefined, category: input.category ?? undefined, text },
    });
    const call: Omit<NewPhoneCall, 'outcome' | 'failed' | 'reason' | 'message' | 'customerId' | 'contactId' | 'ticketId'> = {
      agent: engineer.actorName,
      callerEmail: input.callerEmail ?? null,
      callerPhone: input.callerPhone ?? null,
      sof: input.sof.trim() === '' ? null : input.sof.trim(),
      subject: input.subject,
      description: input.description,
      at: desk.now(),
    };

    if (decision.kind === 'reject') {
      const refused = await insertPhoneCall(desk.store.db, {
        ...call,
        outcome: 'REFUSED',
        // A phone call carries no sender-authentication verdict, so only the contact or the SOF can fail.
        failed: decision.failed === 'SOF' ? 'SOF' : 'CONTACT',
        reason: decision.reason,
        message: decision.message,
        customerId: null,
        contactId: null,
        ticketId: null,
      });
      throw new PhoneCallerNotVerifiedError(refused.failed ?? 'CONTACT', decision.reason, decision.message, refused.id);
    }

    const ticket = await inTransaction(desk.store, async (trx) => {
      const accepted = await insertPhoneCall(trx, {
        ...call,
        outcome: 'ACCEPTED',
        failed: null,
        reason: null,
        message: null,
        customerId: decision.customerId,
        contactId: decision.contact.id,
        ticketId: null,
      });
      const opened = await openTicketIn(desk, trx, {
        decision,
        sofs,
        subject: input.subject,
        description: input.description,
        language: chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: detectLanguage(text) }),
        actor: engineer.actorName,
        // What the caller said, as the engineer wrote it down: the ticket's first message.
        message: { channel: 'PHONE', from: input.callerPhone ?? decision.contact.email, subject: input.subject, body: input.description, author: engineer.actorName },
        // To the registered address, never to whatever the caller said: the acknowledgement is how the
        // real contact learns that a ticket was opened in their name.
        acknowledgement: { to: decision.contact.email, limit: 'NONE' },
        createdEventData: { phoneCallId: accepted.id, caller: { email: input.callerEmail ?? null, phone: input.callerPhone ?? null } },
        ...(idempotency ? { idempotency } : {}),
      });
      await attachPhoneCallTicket(trx, accepted.id, opened.id);
      return opened;
    });
    announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CREATED' });
    return ticket;
  });
}
