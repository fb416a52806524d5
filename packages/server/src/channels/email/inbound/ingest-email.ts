// The email channel's intake (SMTP listener and mailgate alike): parse → duplicate? → automated? →
// reply to a ticket? → domain decision → one transaction. Auto-generated mail never opens a ticket and
// never gets an answer; an unregistered sender's message is kept as a rejected intake.
import { randomUUID } from 'node:crypto';
import {
  authorizeContact,
  chooseLanguage,
  decideIntake,
  EmailAddressSchema,
  extractSofs,
  findTicketNumbersInSubject,
  type ContactRejection,
} from '@nocdesk/domain';
import type { Transaction } from 'kysely';
import { registrationExplanationAllowed } from '../../../notifications/auto-reply-limit.js';
import { classifyAutomatedMail, type AutomatedMailVerdict } from './automated-mail.js';
import { composeRegistrationExplanation } from '../../../notifications/compose-registration-explanation.js';
import { parseInboundEmail, quotedReplyStripped, type InboundEmail, type InboundEnvelope } from './inbound-email.js';
import type { Desk } from '../../../desk.js';
import { announceTicket } from '../../../events/desk-events.js';
import { findContactsByEmail, findServicesBySofs, toContactRecord, toServiceRecord } from '../../../store/customers.js';
import { enqueueOutbox, lockRecipient } from '../../../store/outbox.js';
import { insertRejectedIntake, lastExplanationTo } from '../../../store/rejected-intakes.js';
import type { Database, TicketRow } from '../../../store/tables.js';
import { appendTicketEvent, findTicketByNumber, insertMessage, recordAcceptedIntake, type InboundMessageDraft } from '../../../store/tickets.js';
import { isUniqueViolation } from '../../../store/unique-violation.js';
import { rateLimitedAcknowledgement } from '../../../tickets/acknowledgement.js';
import { decidedTicket } from '../../../tickets/decided-ticket.js';

export type EmailOutcome = 'CREATED' | 'THREADED' | 'DUPLICATE' | 'REJECTED' | 'AUTOMATED_THREADED' | 'AUTOMATED_IGNORED';

export interface EmailIngestResult {
  readonly outcome: EmailOutcome;
  readonly ticket: TicketRow | null;
  readonly rejectedIntakeId?: string;
  readonly automated?: AutomatedMailVerdict;
}

export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  readonly code = 'MESSAGE_TOO_LARGE';
}

const CONTACT_REJECTIONS: readonly string[] = ['UNKNOWN_SENDER', 'INACTIVE_CONTACT', 'ROLE_NOT_ALLOWED', 'WRONG_CUSTOMER'] satisfies readonly ContactRejection[];

/** A message with the same sender and text within this window, without a Message-ID, is a re-delivery. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

export async function ingestEmail(desk: Desk, raw: Uint8Array, envelope?: InboundEnvelope): Promise<EmailIngestResult> {
  if (raw.byteLength > desk.config.maxMessageBytes) {
    throw new MessageTooLargeError(`The message is ${raw.byteLength} bytes; the limit is ${desk.config.maxMessageBytes}.`);
  }
  const mail = await parseInboundEmail(raw, envelope);
  const now = desk.now();
  const duplicate = await findDuplicate(desk, mail, now);
  if (duplicate) return duplicate;

  const verdict = classifyAutomatedMail(mail, { messageIdDomain: desk.config.mailDomain, loopId: desk.config.mailFrom });
  const thread = await findThread(desk, mail);
  try {
    if (thread) return await addToThread(desk, mail, thread, verdict, now);
    if (verdict.automated) {
      // Never open a ticket from auto-generated mail; keep it (unattached) for the record.
      await insertMessage(desk.store.db, null, 'IN', messageDraft(mail, verdict), now);
      return { outcome: 'AUTOMATED_IGNORED', ticket: null, automated: verdict };
    }
    return await openTicket(desk, mail, now);
  } catch (error) {
    // The same Message-ID raced in twice: the loser's transaction rolled back, the winner recorded it.
    if (isUniqueViolation(error)) {
      const again = await findDuplicate(desk, mail, now);
      if (again) return again;
    }
    throw error;
  }
}

function messageDraft(mail: InboundEmail, verdict: AutomatedMailVerdict, body?: string): InboundMessageDraft {
  return {
    channel: 'EMAIL',
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo[0] ?? null,
    references: mail.references,
    from: mail.from?.address.toLowerCase() ?? null,
    to: mail.to.join(', ') || null,
    subject: mail.subject,
    body: body ?? mail.text,
    bodyHash: mail.bodyHash,
    automated: verdict.automated ? `${verdict.kind}: ${verdict.reason}` : null,
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size, content: a.content })),
  };
}

async function findDuplicate(desk: Desk, mail: InboundEmail, now: Date): Promise<EmailIngestResult | undefined> {
  const db = desk.store.db;
  let q = db.selectFrom('messages').leftJoin('tickets', 'tickets.id', 'messages.ticket_id').select(['messages.ticket_id']).where('messages.direction', '=', 'IN');
  if (mail.messageId) {
    q = q.where('messages.message_id', '=', mail.messageId);
  } else {
    if (!mail.from) return undefined;
    q = q
      .where('messages.from_address', '=', mail.from.address.toLowerCase())
      .where('messages.body_hash', '=', mail.bodyHash)
      .where('messages.created_at', '>=', new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString());
  }
  const row = await q.limit(1).executeTakeFirst();
  if (!row) return undefined;
  const ticket = row.ticket_id ? ((await db.selectFrom('tickets').selectAll().where('id', '=', row.ticket_id).executeTakeFirst()) ?? null) : null;
  return { outcome: 'DUPLICATE', ticket };
}

interface Thread {
  readonly ticket: TicketRow;
  /** True when the message quotes a Message-ID we sent: only a real recipient of our mail knows it. */
  readonly answersOurMessage: boolean;
}

/** The ticket a message belongs to: a valid subject tag first, then In-Reply-To / References. */
async function findThread(desk: Desk, mail: InboundEmail): Promise<Thread | undefined> {
  const db = desk.store.db;
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse(), ...(mail.deliveryStatus?.originalMessageId ? [mail.deliveryStatus.originalMessageId] : [])];
  let ticket: TicketRow | undefined;
  for (const number of findTicketNumbersInSubject(mail.subject, { prefix: desk.config.ticketPrefix })) {
    ticket = await findTicketByNumber(db, number);
    if (ticket) break;
  }
  if (!ticket && ids.length > 0) {
    ticket = await db
      .selectFrom('messages')
      .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
      .selectAll('tickets')
      .where('messages.message_id', 'in', ids)
      .orderBy('messages.id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }
  if (!ticket) return undefined;
  // Any of our own messages for this ticket among those quoted, not only the newest one quoted.
  const ours =
    ids.length === 0
      ? undefined
      : await db.selectFrom('messages').select('id').where('ticket_id', '=', ticket.id).where('direction', '=', 'OUT').where('message_id', 'in', ids).limit(1).executeTakeFirst();
  return { ticket, answersOurMessage: ours !== undefined };
}

async function addToThread(desk: Desk, mail: InboundEmail, thread: Thread, verdict: AutomatedMailVerdict, now: Date): Promise<EmailIngestResult> {
  const db = desk.store.db;
  const { ticket } = thread;
  // Who may add to a ticket: an authorised contact of the ticket's own customer.
  const sender = mail.from?.address ?? '';
  const contacts = sender ? await findContactsByEmail(db, sender) : [];
  const decision = authorizeContact({ email: sender, contacts: contacts.map(toContactRecord), customerId: ticket.customer_id });
  if (verdict.automated) {
    // Auto-generated mail is recorded on the ticket when it answers our own message (a bounce of our
    // acknowledgement, an out-of-office reply to it) or comes from the customer's contact; otherwise
    // quoting a number is not enough: it is kept unattached, never shown on someone else's ticket.
    if (!thread.answersOurMessage && !decision.ok) {
      await insertMessage(db, null, 'IN', messageDraft(mail, verdict), now);
      return { outcome: 'AUTOMATED_IGNORED', ticket: null, automated: verdict };
    }
    await db.transaction().execute(async (trx) => {
      await insertMessage(trx, ticket.id, 'IN', messageDraft(mail, verdict), now);
      await appendTicketEvent(
        trx,
        ticket.id,
        { type: verdict.kind === 'BOUNCE' ? 'BOUNCE_RECEIVED' : 'MESSAGE_ADDED', actor: `email:${mail.from?.address ?? 'unknown'}`, reason: verdict.reason, data: { automated: verdict.kind, messageId: mail.messageId, deliveryStatus: mail.deliveryStatus ?? null } },
        now,
      );
    });
    announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'MESSAGE_ADDED' });
    return { outcome: 'AUTOMATED_THREADED', ticket, automated: verdict };
  }
  if (!decision.ok) return reject(desk, mail, now, decision.reason, decision.message, ticket.customer_id);
  await db.transaction().execute(async (trx) => {
    await insertMessage(trx, ticket.id, 'IN', messageDraft(mail, verdict, quotedReplyStripped(mail.text) || mail.text), now);
    await appendTicketEvent(trx, ticket.id, { type: 'MESSAGE_ADDED', actor: `email:${decision.contact.email}`, data: { messageId: mail.messageId } }, now);
    await trx.updateTable('tickets').set({ updated_at: now.toISOString() }).where('id', '=', ticket.id).execute();
  });
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'MESSAGE_ADDED' });
  return { outcome: 'THREADED', ticket };
}

async function openTicket(desk: Desk, mail: InboundEmail, now: Date): Promise<EmailIngestResult> {
  const db = desk.store.db;
  const sender = mail.from?.address ?? '';
  const text = `${mail.subject}\n${mail.text}`;
  const sofs = extractSofs(text);
  const [contacts, services] = await Promise.all([sender ? findContactsByEmail(db, sender) : [], findServicesBySofs(db, sofs)]);
  const decision = decideIntake({
    channel: 'EMAIL',
    reporter: { email: sender },
    contacts: contacts.map(toContactRecord),
    sofs,
    services: services.map(toServiceRecord),
    priority: { text },
  });
  if (decision.kind === 'reject') return reject(desk, mail, now, decision.reason, decision.message, null);

  const language = chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: mail.language });
  const recipient = decision.contact.email;
  const ticket = await recordAcceptedIntake(
    desk.store,
    {
      ...decidedTicket(decision, sofs, now),
      subject: mail.subject || '(no subject)',
      description: mail.text,
      language,
      actor: `email:${recipient}`,
      message: messageDraft(mail, { automated: false }),
    },
    {
      outbox: rateLimitedAcknowledgement(desk, { to: recipient, language, replyTo: { messageId: mail.messageId, references: mail.references } }, now),
    },
  );
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CREATED' });
  return { outcome: 'CREATED', ticket };
}

async function reject(desk: Desk, mail: InboundEmail, now: Date, reason: string, explanation: string, customerId: string | null): Promise<EmailIngestResult> {
  const sender = mail.from?.address.toLowerCase() ?? null;
  const rejected = await desk.store.db.transaction().execute(async (trx: Transaction<Database>) => {
    const messageRowId = await insertMessage(trx, null, 'IN', messageDraft(mail, { automated: false }), now);
    const row = await insertRejectedIntake(trx, {
      channel: 'EMAIL',
      sender,
      customerId,
      reason,
      explanation,
      subject: mail.subject,
      payload: { from: sender, subject: mail.subject, text: mail.text, messageId: mail.messageId, references: mail.references, language: mail.language ?? null },
      messageRowId,
      at: now,
    });
    const explainTo = explanationRecipient(mail);
    if (explainTo) await lockRecipient(trx, desk.store.dialect, explainTo);
    const explain = explainTo ? registrationExplanationAllowed(await lastExplanationTo(trx, explainTo), now) : { allowed: false as const };
    if (explainTo && explain.allowed) {
      const messageId = `explain.${randomUUID()}`;
      const email = composeRegistrationExplanation({
        to: explainTo,
        from: desk.config.mailFrom,
        language: chooseLanguage({ messageLanguage: mail.language }),
        originalSubject: mail.subject,
        ...(CONTACT_REJECTIONS.includes(reason) ? { reason: reason as ContactRejection } : {}),
        replyTo: { messageId: mail.messageId, references: mail.references },
        messageId,
        messageIdDomain: desk.config.mailDomain,
        loopId: desk.config.mailFrom,
      });
      await enqueueOutbox(trx, { kind: 'EMAIL', ticketId: null, recipient: explainTo, dedupeKey: `explain:${row.id}`, payload: email }, now);
    }
    return row;
  });
  return { outcome: 'REJECTED', ticket: null, rejectedIntakeId: rejected.id };
}

/**
 * Where the one explanation may go: a single valid mailbox, and the message's return path when it has
 * one (RFC 3834 §4), so a forged From cannot aim our mail at a list of third parties.
 */
function explanationRecipient(mail: InboundEmail): string | null {
  const parsed = EmailAddressSchema.safeParse(mail.from?.address ?? '');
  if (!parsed.success) return null;
  if (mail.returnPath !== null) {
    const returnPath = EmailAddressSchema.safeParse(mail.returnPath);
    if (!returnPath.success || returnPath.data !== parsed.data) return null;
  }
  return parsed.data;
}
