// Staff accept a rejected intake: the ticket is created as if the sender had been authorised, and the
// history says who accepted it and why. The sender is recorded as a GUEST contact (not authorised).
import { chooseLanguage, decidePriority, extractSofs, normalizeEmail, slaDeadlines, type Language } from '@nocdesk/domain';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { recordAudit } from '../store/audit.js';
import { findServicesBySofs } from '../store/customers.js';
import { newId } from '../store/ids.js';
import { findRejectedIntake } from '../store/rejected-intakes.js';
import type { TicketRow } from '../store/tables.js';
import { recordAcceptedIntakeIn } from '../store/tickets.js';
import { acknowledgementDraft } from './acknowledgement.js';

interface RejectedPayload {
  readonly from: string | null;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string | null;
  readonly references: readonly string[];
  readonly language: Language | null;
}

export async function acceptRejectedIntake(desk: Desk, principal: Principal, input: { id: string; customerId: string; reason: string }): Promise<TicketRow> {
  const db = desk.store.db;
  const rejected = await findRejectedIntake(db, input.id);
  if (!rejected) throw new NotFoundError('Rejected intake');
  if (rejected.status !== 'PENDING') throw new ConflictError(`This intake was already ${rejected.status.toLowerCase()}.`);
  const customer = await db.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
  if (!customer) throw new NotFoundError('Customer');
  const payload = JSON.parse(rejected.payload) as RejectedPayload;
  const now = desk.now();
  const actor = actorOf(principal);
  const email = normalizeEmail(payload.from ?? 'unknown@invalid');
  const text = `${payload.subject}\n${payload.text}`;
  const sofs = extractSofs(text);
  const services = (await findServicesBySofs(db, sofs)).filter((s) => s.customer_id === customer.id && s.status === 'ACTIVE');
  const priority = decidePriority({ text });

  // One transaction: the claim, the guest contact, the ticket and its acknowledgement. Of two staff
  // accepting at once, one gets the ticket and the other a conflict, and nothing half-done remains.
  const ticket = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('rejected_intakes')
      .set({ status: 'ACCEPTED', reviewed_by: actor, reviewed_at: now.toISOString() })
      .where('id', '=', rejected.id)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new ConflictError('This intake was already accepted.');

    const existing = await trx.selectFrom('contacts').selectAll().where('customer_id', '=', customer.id).where('email', '=', email).orderBy('created_at', 'desc').executeTakeFirst();
    let contactId = existing?.id;
    let contactLanguage = (existing?.language as Language | null | undefined) ?? null;
    if (!contactId) {
      contactId = newId();
      await trx
        .insertInto('contacts')
        .values({ id: contactId, customer_id: customer.id, name: email, email, phone: null, roles: 'OTHER', language: payload.language, status: 'GUEST', created_at: now.toISOString(), removed_at: null, removed_reason: null })
        .execute();
      contactLanguage = payload.language;
      await recordAudit(trx, { customerId: customer.id, entity: 'contact', entityId: contactId, action: 'GUEST_RECORDED', actor, reason: input.reason, data: { email }, at: now });
    }
    const language = chooseLanguage({ contactLanguage, messageLanguage: payload.language });
    const created = await recordAcceptedIntakeIn(
      trx,
      desk.store.dialect,
      {
        channel: rejected.channel as 'EMAIL',
        customerId: customer.id,
        contactId,
        serviceId: services[0]?.id ?? null,
        sof: services[0]?.sof ?? sofs[0] ?? null,
        subject: payload.subject || '(no subject)',
        description: payload.text,
        priority,
        flags: [...(sofs.length === 0 ? (['SOF_MISSING'] as const) : []), ...(priority.mismatch ? (['PRIORITY_MISMATCH'] as const) : [])],
        language,
        receivedAt: now,
        firstResponseDue: slaDeadlines(priority.level, now).firstResponseBy,
        actor,
        message: { channel: 'EMAIL', from: email, subject: payload.subject, body: payload.text },
        // The original message (Message-ID, attachments) joins the ticket: accepting loses nothing.
        ...(rejected.message_row_id !== null ? { adoptMessageRowId: rejected.message_row_id } : {}),
        createdEventType: 'ACCEPTED_FROM_REJECTED_INTAKE',
        createdEventData: { rejectedIntakeId: rejected.id, rejectedReason: rejected.reason, acceptedBecause: input.reason },
      },
      {
        outbox: (t) => (payload.from ? [acknowledgementDraft(desk, t, { to: email, language, replyTo: { messageId: payload.messageId, references: payload.references } })] : []),
      },
    );
    await trx.updateTable('rejected_intakes').set({ ticket_id: created.id }).where('id', '=', rejected.id).execute();
    await recordAudit(trx, { customerId: customer.id, entity: 'rejected_intake', entityId: rejected.id, action: 'ACCEPTED', actor, reason: input.reason, data: { ticket: created.number }, at: now });
    return created;
  });
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CREATED' });
  return ticket;
}
