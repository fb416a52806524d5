// What an engineer writes to the customer leaves as a threaded mail: stored on the ticket with its
// Message-ID at once (so the customer's answer finds the ticket) and queued in the same transaction.
import { displayTicketNumber, ticketSubjectTag } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { composeTicketReply } from '../notifications/compose-ticket-reply.js';
import { findContactsByIds } from '../store/customers.js';
import { conversationMessageIds, insertMessage } from '../store/messages.js';
import { enqueueOutbox } from '../store/outbox.js';
import type { TicketRow } from '../store/tables.js';
import type { StoreTransaction } from '../store/transaction.js';
import { unguessableId } from './acknowledgement.js';

export interface EngineerMail {
  readonly kind: 'REPLY' | 'RESOLUTION';
  readonly body: string;
  /** The engineer, as written in the history. */
  readonly author: string;
}

/** Queues the mail to the ticket's reporter; returns the stored message's Message-ID. */
export async function sendEngineerMail(desk: Desk, trx: StoreTransaction, ticket: TicketRow, mail: EngineerMail): Promise<string> {
  const { config } = desk;
  const [contact] = await findContactsByIds(trx, [ticket.contact_id]);
  if (!contact) throw new Error(`ticket ${ticket.number} has no reporter`);
  const conversation = await conversationMessageIds(trx, ticket.id);
  const customerSaid = [...conversation].reverse().find((m) => m.direction === 'IN');
  const prefix = { prefix: config.ticketPrefix };
  const email = composeTicketReply({
    kind: mail.kind,
    ticket: { displayNumber: displayTicketNumber(ticket.number, prefix), subject: ticket.subject },
    status: ticket.status,
    to: contact.email,
    from: config.mailFrom,
    language: ticket.language,
    subjectTag: ticketSubjectTag(ticket.number, prefix),
    body: mail.body,
    conversation: { inReplyTo: customerSaid?.messageId ?? conversation.at(-1)?.messageId, references: conversation.map((m) => m.messageId).slice(-20) },
    reopenWindowDays: config.closeAfterDays,
    messageId: unguessableId(mail.kind === 'REPLY' ? 'reply' : 'resolution', ticket.number),
    messageIdDomain: config.mailDomain,
  });
  const now = desk.now();
  const rowId = await insertMessage(
    trx,
    ticket.id,
    'OUT',
    { channel: 'EMAIL', messageId: email.messageId, inReplyTo: email.inReplyTo ?? null, references: email.references ?? [], from: email.from, to: email.to, subject: email.subject, body: mail.body, author: mail.author },
    now,
  );
  await enqueueOutbox(trx, { kind: mail.kind, ticketId: ticket.id, recipient: contact.email, dedupeKey: `${mail.kind.toLowerCase()}:${rowId}`, payload: email }, now);
  return email.messageId;
}
