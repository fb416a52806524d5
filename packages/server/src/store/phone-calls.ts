// Phone calls an engineer took: every attempt to open a ticket by phone, accepted or refused, with who
// called, what they claimed and what failed (SPEC §2.2), so staff can review refused callers too.
import { newId } from './ids.js';
import { storableText } from './storable-text.js';
import type { PhoneCallOutcome, PhoneCallRow } from './tables.js';
import type { StoreHandle } from './transaction.js';

export interface NewPhoneCall {
  readonly agent: string;
  readonly callerEmail: string | null;
  readonly callerPhone: string | null;
  readonly sof: string | null;
  readonly subject: string;
  readonly description: string;
  readonly outcome: PhoneCallOutcome;
  readonly failed: 'CONTACT' | 'SOF' | null;
  readonly reason: string | null;
  readonly message: string | null;
  readonly customerId: string | null;
  readonly contactId: string | null;
  readonly ticketId: string | null;
  readonly at: Date;
}

export async function insertPhoneCall(db: StoreHandle, call: NewPhoneCall): Promise<PhoneCallRow> {
  const text = (value: string | null) => (value === null ? null : storableText(value));
  return db
    .insertInto('phone_calls')
    .values({
      id: newId(),
      agent: call.agent,
      caller_email: text(call.callerEmail),
      caller_phone: text(call.callerPhone),
      sof: text(call.sof),
      subject: storableText(call.subject),
      description: storableText(call.description),
      outcome: call.outcome,
      failed: call.failed,
      reason: call.reason,
      message: text(call.message),
      customer_id: call.customerId,
      contact_id: call.contactId,
      ticket_id: call.ticketId,
      created_at: call.at.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Ties an accepted call to the ticket it opened (the ticket is numbered after the call is recorded). */
export async function attachPhoneCallTicket(db: StoreHandle, callId: string, ticketId: string): Promise<void> {
  await db.updateTable('phone_calls').set({ ticket_id: ticketId }).where('id', '=', callId).execute();
}

export interface PhoneCallCursor {
  readonly createdAt: string;
  readonly id: string;
}

/** Newest first, all or one outcome, as a keyset walk over (created_at, id): the same cost at any depth. */
export async function listPhoneCalls(db: StoreHandle, filter: { outcome?: PhoneCallOutcome; limit: number; after?: PhoneCallCursor }): Promise<PhoneCallRow[]> {
  let q = db.selectFrom('phone_calls').selectAll();
  if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome);
  const after = filter.after;
  if (after) {
    q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
