// The email channel's intake (SMTP listener and mailgate alike): parse → duplicate? → automated? →
// reply to a ticket? → domain decision → one use case. Auto-generated mail never opens a ticket and
// never gets an answer; an unregistered sender's message is kept as a rejected intake; a message that
// cannot be parsed is kept raw. Nothing that was answered 250 is ever lost.
import {
  chooseLanguage,
  decideIntake,
  decideThreadMessage,
  EmailAddressSchema,
  extractSofs,
  findTicketNumbersInSubject,
  type IntakeRejection,
  type SenderAuthentication,
} from '@nocdesk/domain';
import type { Desk } from '../../../desk.js';
import { recordIntake } from '../../../observability/intake-record.js';
import { DeskError } from '../../../errors.js';
import { findContactsByEmail, findServicesBySofs, toContactRecord, toServiceRecord } from '../../../store/customers.js';
import { findInboundDuplicate, insertMessage, quotesOurMessage, ticketOfMessageIds, type MessageDraft } from '../../../store/messages.js';
import type { TicketRow } from '../../../store/tables.js';
import { findTicketById, findTicketByNumber } from '../../../store/tickets.js';
import { isUniqueViolation } from '../../../store/unique-violation.js';
import { addCustomerMessage } from '../../../tickets/add-customer-message.js';
import { openTicket } from '../../../tickets/open-ticket.js';
import { recordAutomatedMessage } from '../../../tickets/record-automated-message.js';
import { recordRejectedIntake } from '../../../tickets/reject-intake.js';
import { classifyAutomatedMail, type AutomatedMailVerdict } from './automated-mail.js';
import { senderAuthenticationOf, type DnsResolver } from './sender-authentication.js';
import { inboundBodyHash, parseInboundEmail, quotedReplyStripped, type InboundEmail, type InboundEnvelope } from './inbound-email.js';

export type EmailOutcome = 'CREATED' | 'THREADED' | 'DUPLICATE' | 'REJECTED' | 'AUTOMATED_THREADED' | 'AUTOMATED_IGNORED';

export interface EmailIngestResult {
  readonly outcome: EmailOutcome;
  readonly ticket: TicketRow | null;
  readonly rejectedIntakeId?: string;
  /** Why the message was rejected, for `REJECTED`. */
  readonly reason?: IntakeRejection | 'UNPARSEABLE';
  readonly automated?: AutomatedMailVerdict;
}

export class MessageTooLargeError extends DeskError {
  override readonly name = 'MessageTooLargeError';
  readonly code = 'MESSAGE_TOO_LARGE';
}

/** A message with the same sender and text within this window, without a Message-ID, is a re-delivery. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** What a ticket keeps of an email inline, as the portal allows; longer mail is kept whole as an attachment. */
export const MAX_STORED_SUBJECT = 300;
export const MAX_STORED_BODY = 100_000;

/** What the channel passes besides the message: DNS for verifying the sender here. */
export interface EmailIngestOptions {
  readonly dnsResolver?: DnsResolver;
}

export async function ingestEmail(desk: Desk, raw: Uint8Array, envelope?: InboundEnvelope, options: EmailIngestOptions = {}): Promise<EmailIngestResult> {
  const result = await decideOnEmail(desk, raw, envelope, options);
  recordIntake(desk, {
    channel: 'EMAIL',
    outcome: result.outcome.toLowerCase() as Lowercase<EmailOutcome>,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.ticket ? { ticketNumber: result.ticket.number } : {}),
    ...(result.rejectedIntakeId ? { rejectedIntakeId: result.rejectedIntakeId } : {}),
  });
  return result;
}

async function decideOnEmail(desk: Desk, raw: Uint8Array, envelope: InboundEnvelope | undefined, options: EmailIngestOptions): Promise<EmailIngestResult> {
  if (raw.byteLength > desk.config.maxMessageBytes) {
    throw new MessageTooLargeError(`The message is ${raw.byteLength} bytes; the limit is ${desk.config.maxMessageBytes}.`);
  }
  let mail: InboundEmail;
  try {
    mail = await parseInboundEmail(raw, envelope);
  } catch (error) {
    return keepUnparseable(desk, raw, envelope, error);
  }
  const now = desk.now();
  const duplicate = await findDuplicate(desk, mail, now);
  if (duplicate) return duplicate;

  const verdict = classifyAutomatedMail(mail, { messageIdDomain: desk.config.mailDomain, loopId: desk.config.mailFrom });
  const authentication = await senderAuthenticationOf(
    raw,
    mail,
    { clientAddress: envelope?.clientAddress, helo: envelope?.helo, mailFrom: envelope?.mailFrom },
    {
      trustedAuthservIds: desk.config.trustedAuthservIds,
      verifyDirectly: desk.config.verifySender && envelope?.clientAddress !== undefined,
      authservId: desk.config.mailDomain,
      ...(options.dnsResolver ? { resolver: options.dnsResolver } : {}),
    },
  );
  const message: Received = { mail, raw, authentication };
  try {
    const thread = await findThread(desk, mail);
    if (thread) return await addToThread(desk, message, thread, verdict);
    if (verdict.automated) {
      // Never open a ticket from auto-generated mail; keep it (unattached) for the record.
      await insertMessage(desk.store.db, null, 'IN', messageDraft(message, verdict), now);
      return { outcome: 'AUTOMATED_IGNORED', ticket: null, automated: verdict };
    }
    return await openFromEmail(desk, message, null);
  } catch (error) {
    // The same message raced in twice: the loser's transaction rolled back, the winner recorded it.
    if (isUniqueViolation(error)) {
      const again = await findDuplicate(desk, mail, now);
      if (again) return again;
    }
    throw error;
  }
}

/** One message as received: parsed, its bytes, and who the sender proved to be. */
interface Received {
  readonly mail: InboundEmail;
  readonly raw: Uint8Array;
  readonly authentication: SenderAuthentication;
}

/** What is stored of the message: capped subject and body, the whole original attached when capped. */
function messageDraft({ mail, raw, authentication }: Received, verdict: AutomatedMailVerdict, body?: string): MessageDraft {
  const text = body ?? mail.text;
  const capped = mail.subject.length > MAX_STORED_SUBJECT || text.length > MAX_STORED_BODY;
  return {
    channel: 'EMAIL',
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo[0] ?? null,
    references: mail.references,
    from: mail.from?.address.toLowerCase() ?? null,
    to: mail.to.join(', ').slice(0, 2000) || null,
    subject: storedSubject(mail),
    body: text.length > MAX_STORED_BODY ? `${text.slice(0, MAX_STORED_BODY)}\n[…] (the whole message is attached as original-message.eml)` : text,
    bodyHash: mail.bodyHash,
    automated: verdict.automated ? `${verdict.kind}: ${verdict.reason}` : null,
    senderAuthentication: authentication,
    attachments: [
      ...mail.attachments.map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size, content: a.content })),
      ...(capped ? [{ filename: 'original-message.eml', contentType: 'message/rfc822', size: raw.byteLength, content: raw }] : []),
    ],
  };
}

function storedSubject(mail: InboundEmail): string {
  return mail.subject.length > MAX_STORED_SUBJECT ? `${mail.subject.slice(0, MAX_STORED_SUBJECT - 1)}…` : mail.subject;
}

function storedDescription(text: string): string {
  return text.length > MAX_STORED_BODY ? `${text.slice(0, MAX_STORED_BODY)}\n[…] (the whole message is attached as original-message.eml)` : text;
}

async function findDuplicate(desk: Desk, mail: InboundEmail, now: Date): Promise<EmailIngestResult | undefined> {
  const found = await findInboundDuplicate(desk.store.db, {
    messageId: mail.messageId,
    from: mail.from?.address ?? null,
    bodyHash: mail.bodyHash,
    since: new Date(now.getTime() - DUPLICATE_WINDOW_MS),
  });
  if (!found) return undefined;
  const ticket = found.ticketId ? ((await findTicketById(desk.store.db, found.ticketId)) ?? null) : null;
  return { outcome: 'DUPLICATE', ticket };
}

interface Thread {
  readonly ticket: TicketRow;
  /** True when the message quotes a Message-ID we sent: only a real recipient of our mail knows it. */
  readonly answersOurMessage: boolean;
}

/**
 * The ticket a message belongs to: a valid subject tag first, then In-Reply-To / References. A ticket
 * found only by number, from someone who is no contact of its customer and quotes none of our
 * messages, is no thread at all: the message is handled as if the number were unknown, so quoting a
 * number never tells anyone that the ticket exists or whose it is.
 */
async function findThread(desk: Desk, mail: InboundEmail): Promise<Thread | undefined> {
  const db = desk.store.db;
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse(), ...(mail.deliveryStatus?.originalMessageId ? [mail.deliveryStatus.originalMessageId] : [])].slice(0, 100);
  let ticket: TicketRow | undefined;
  for (const number of findTicketNumbersInSubject(mail.subject, { prefix: desk.config.ticketPrefix }).slice(0, 5)) {
    ticket = await findTicketByNumber(db, number);
    if (ticket) break;
  }
  ticket ??= await ticketOfMessageIds(db, ids);
  if (!ticket) return undefined;
  // Any of our own messages for this ticket among those quoted, not only the newest one quoted.
  const answersOurMessage = await quotesOurMessage(db, ticket.id, ids);
  if (answersOurMessage) return { ticket, answersOurMessage };
  const sender = mail.from?.address ?? '';
  const contacts = sender ? await findContactsByEmail(db, sender) : [];
  return contacts.some((c) => c.customer_id === ticket.customer_id) ? { ticket, answersOurMessage } : undefined;
}

async function addToThread(desk: Desk, message: Received, thread: Thread, verdict: AutomatedMailVerdict): Promise<EmailIngestResult> {
  const { mail } = message;
  const db = desk.store.db;
  const { ticket } = thread;
  const sender = mail.from?.address ?? '';
  const contacts = sender ? await findContactsByEmail(db, sender) : [];
  const decision = decideThreadMessage({
    senderEmail: sender,
    contacts: contacts.map(toContactRecord),
    ticketCustomerId: ticket.customer_id,
    automated: verdict.automated,
    answersOurMessage: thread.answersOurMessage,
    senderAuthentication: message.authentication,
  });
  if (decision.kind === 'keep-unattached') {
    await insertMessage(db, null, 'IN', messageDraft(message, verdict), desk.now());
    return { outcome: 'AUTOMATED_IGNORED', ticket: null, ...(verdict.automated ? { automated: verdict } : {}) };
  }
  if (decision.kind === 'reject') {
    return reject(desk, message, decision.reason, decision.message, ticket.customer_id, decision.mayExplainToSender);
  }
  const actorName = `email:${decision.contact?.email ?? (sender.toLowerCase() || 'unknown')}`;
  const automatedEvent = verdict.automated && verdict.kind === 'BOUNCE' ? 'BOUNCE_RECEIVED' : 'MESSAGE_ADDED';
  const body = verdict.automated ? mail.text : quotedReplyStripped(mail.text) || mail.text;
  if (verdict.automated) {
    // A bounce or an out-of-office reply is recorded on its ticket, but never moves it: nobody wrote.
    await recordAutomatedMessage(desk, { ticket, actorName, event: automatedEvent, reason: verdict.reason, message: messageDraft(message, verdict, body), data: { automated: verdict.kind, messageId: mail.messageId, deliveryStatus: mail.deliveryStatus ?? null } });
    return { outcome: 'AUTOMATED_THREADED', ticket, automated: verdict };
  }
  const outcome = await addCustomerMessage(desk, {
    ticketId: ticket.id,
    actor: { kind: 'CUSTOMER_EMAIL' },
    actorName,
    message: messageDraft(message, verdict, body),
    eventData: { messageId: mail.messageId },
  });
  if (outcome.kind === 'added') return { outcome: 'THREADED', ticket: outcome.ticket };
  // A closed ticket takes no more messages: the customer's mail opens a ticket that follows it up.
  return openFromEmail(desk, message, outcome.closed);
}

async function openFromEmail(desk: Desk, message: Received, followUpOf: TicketRow | null): Promise<EmailIngestResult> {
  const { mail } = message;
  const db = desk.store.db;
  const sender = mail.from?.address ?? '';
  const text = `${mail.subject}\n${mail.text}`;
  const sofs = extractSofs(text.slice(0, MAX_STORED_BODY));
  const [contacts, services] = await Promise.all([sender ? findContactsByEmail(db, sender) : [], findServicesBySofs(db, sofs)]);
  const decision = decideIntake({
    channel: 'EMAIL',
    reporter: { email: sender },
    contacts: contacts.map(toContactRecord),
    // A follow-up belongs to the customer of the ticket it continues.
    ...(followUpOf ? { customerId: followUpOf.customer_id } : {}),
    sofs,
    services: services.map(toServiceRecord),
    priority: { text: text.slice(0, MAX_STORED_BODY) },
    senderAuthentication: message.authentication,
  });
  if (decision.kind === 'reject') return reject(desk, message, decision.reason, decision.message, null, decision.mayExplainToSender);

  const language = chooseLanguage({ contactLanguage: decision.contact.language, messageLanguage: mail.language });
  const ticket = await openTicket(desk, {
    decision,
    sofs,
    subject: storedSubject(mail) || '(no subject)',
    description: storedDescription(mail.text),
    language,
    actor: `email:${decision.contact.email}`,
    message: messageDraft(message, { automated: false }),
    acknowledgement: { to: decision.contact.email, limit: 'PER_RECIPIENT', replyTo: { messageId: mail.messageId, references: mail.references } },
    followUpOf,
  });
  return { outcome: 'CREATED', ticket };
}

async function reject(
  desk: Desk,
  message: Received,
  reason: IntakeRejection,
  explanation: string,
  customerId: string | null,
  mayExplain: boolean,
): Promise<EmailIngestResult> {
  const { mail } = message;
  const sender = mail.from?.address.toLowerCase() ?? null;
  const rejected = await recordRejectedIntake(desk, {
    channel: 'EMAIL',
    sender,
    customerId,
    reason,
    explanation,
    payload: { from: sender, subject: storedSubject(mail), text: storedDescription(mail.text), messageId: mail.messageId, references: mail.references, language: mail.language ?? null, senderAuthentication: message.authentication },
    message: messageDraft(message, { automated: false }),
    explainTo: mayExplain ? explanationRecipient(mail) : null,
    explanationLanguage: mail.language,
  });
  return { outcome: 'REJECTED', ticket: null, rejectedIntakeId: rejected.id, reason };
}

/**
 * A message the parser cannot read (MIME nested beyond any sense, broken beyond repair) will never
 * become readable by retrying: it is kept raw as a rejected intake for staff, answered as stored, and
 * nobody is written to (we cannot tell who really sent it).
 */
async function keepUnparseable(desk: Desk, raw: Uint8Array, envelope: InboundEnvelope | undefined, error: unknown): Promise<EmailIngestResult> {
  const sender = envelope?.mailFrom ? envelope.mailFrom.toLowerCase() : null;
  const why = error instanceof Error ? error.message : String(error);
  const rejected = await recordRejectedIntake(desk, {
    channel: 'EMAIL',
    sender,
    customerId: null,
    reason: 'UNPARSEABLE',
    explanation: `The message could not be read (${why.slice(0, 200)}); it is kept whole as original-message.eml.`,
    payload: { from: sender, subject: '(unreadable message)', text: '', messageId: null, references: [], language: null },
    message: {
      channel: 'EMAIL',
      from: sender,
      subject: '(unreadable message)',
      body: '',
      bodyHash: inboundBodyHash(sender ?? '', '', Buffer.from(raw).toString('latin1')),
      automated: null,
      attachments: [{ filename: 'original-message.eml', contentType: 'message/rfc822', size: raw.byteLength, content: raw }],
    },
    explainTo: null,
  });
  return { outcome: 'REJECTED', ticket: null, rejectedIntakeId: rejected.id, reason: 'UNPARSEABLE' };
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
