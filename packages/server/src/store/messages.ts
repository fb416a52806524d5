// Messages on tickets (what the customer sent, what the desk answered, internal notes) and the lookups
// email threading and duplicate detection need.
import type { Channel, SenderAuthentication } from '@nocdesk/domain';
import { inChunks } from './in-chunks.js';
import type { StoreHandle } from './transaction.js';
import type { MessageDirection, MessageRow, MessageVisibility, TicketRow } from './tables.js';
import { storableText } from './storable-text.js';

export interface MessageDraft {
  readonly channel: Channel;
  readonly messageId?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  readonly from: string | null;
  readonly to?: string | null;
  readonly subject: string;
  readonly body: string;
  readonly bodyHash?: string | null;
  readonly automated?: string | null;
  readonly visibility?: MessageVisibility;
  /** The staff member who wrote it (replies, notes). */
  readonly author?: string | null;
  /** The verdict an inbound email came with. */
  readonly senderAuthentication?: SenderAuthentication | null;
  readonly attachments?: readonly { filename: string; contentType: string; size: number; content: Uint8Array }[];
}

export async function insertMessage(db: StoreHandle, ticketId: string | null, direction: MessageDirection, m: MessageDraft, at: Date): Promise<number> {
  const row = await db
    .insertInto('messages')
    .values({
      ticket_id: ticketId,
      direction,
      channel: m.channel,
      message_id: m.messageId ? storableText(m.messageId) : null,
      in_reply_to: m.inReplyTo ? storableText(m.inReplyTo) : null,
      references: JSON.stringify((m.references ?? []).map(storableText)),
      from_address: m.from === null ? null : storableText(m.from),
      to_address: m.to ? storableText(m.to) : null,
      subject: storableText(m.subject),
      body: storableText(m.body),
      body_hash: m.bodyHash ?? null,
      automated: m.automated ? storableText(m.automated) : null,
      visibility: m.visibility ?? 'PUBLIC',
      author: m.author ?? null,
      sender_authentication: m.senderAuthentication ? storableText(JSON.stringify(m.senderAuthentication)) : null,
      created_at: at.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const a of m.attachments ?? []) {
    await db
      .insertInto('attachments')
      .values({ message_id: row.id, filename: storableText(a.filename), content_type: storableText(a.contentType), size: a.size, content: Buffer.from(a.content) })
      .execute();
  }
  return row.id;
}

/** A stored message joins a ticket (an accepted rejected intake keeps its original); false when it already has one. */
export async function adoptMessage(db: StoreHandle, messageRowId: number, ticketId: string): Promise<boolean> {
  const result = await db.updateTable('messages').set({ ticket_id: ticketId }).where('id', '=', messageRowId).where('ticket_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Messages of tickets, oldest first; `publicOnly` leaves out internal notes (partners never see them). */
export async function messagesOfTickets(db: StoreHandle, ticketIds: readonly string[], options: { publicOnly?: boolean } = {}): Promise<MessageRow[]> {
  return inChunks(ticketIds, (chunk) => {
    let q = db.selectFrom('messages').selectAll().where('ticket_id', 'in', chunk);
    if (options.publicOnly) q = q.where('visibility', '=', 'PUBLIC');
    return q.orderBy('id').execute();
  });
}

export interface AttachmentSummary {
  readonly message_id: number;
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
}

export async function attachmentsOfMessages(db: StoreHandle, messageIds: readonly number[]): Promise<AttachmentSummary[]> {
  return inChunks(messageIds, (chunk) => db.selectFrom('attachments').select(['message_id', 'filename', 'content_type', 'size']).where('message_id', 'in', chunk).orderBy('id').execute());
}

/**
 * An inbound message already stored: the same Message-ID from the same sender with the same text, or
 * (without a Message-ID) the same sender and text within a window. Matching on the id alone would let
 * anyone pre-empt a contact's message by sending its Message-ID first.
 */
export async function findInboundDuplicate(
  db: StoreHandle,
  input: { messageId: string | null; from: string | null; bodyHash: string; since: Date },
): Promise<{ ticketId: string | null } | undefined> {
  let q = db.selectFrom('messages').select(['ticket_id']).where('direction', '=', 'IN');
  if (input.messageId) {
    q = q.where('message_id', '=', storableText(input.messageId)).where('body_hash', '=', input.bodyHash);
  } else {
    if (!input.from) return undefined;
    q = q.where('from_address', '=', input.from.toLowerCase()).where('body_hash', '=', input.bodyHash).where('created_at', '>=', input.since.toISOString());
  }
  const row = await q.limit(1).executeTakeFirst();
  return row ? { ticketId: row.ticket_id } : undefined;
}

/** The newest ticket any of these Message-IDs belongs to (In-Reply-To / References threading). */
export async function ticketOfMessageIds(db: StoreHandle, messageIds: readonly string[]): Promise<TicketRow | undefined> {
  if (messageIds.length === 0) return undefined;
  return db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .selectAll('tickets')
    .where('messages.message_id', 'in', messageIds.map(storableText))
    .orderBy('messages.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether any of these Message-IDs is one the desk sent for this ticket: only a real recipient knows them. */
export async function quotesOurMessage(db: StoreHandle, ticketId: string, messageIds: readonly string[]): Promise<boolean> {
  if (messageIds.length === 0) return false;
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('direction', '=', 'OUT')
    .where('message_id', 'in', messageIds.map(storableText))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The conversation so far, for a reply's In-Reply-To and References: the public messages with ids, oldest first. */
export async function conversationMessageIds(db: StoreHandle, ticketId: string): Promise<{ messageId: string; direction: MessageDirection }[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['message_id', 'direction'])
    .where('ticket_id', '=', ticketId)
    .where('visibility', '=', 'PUBLIC')
    .where('message_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => (r.message_id ? [{ messageId: r.message_id, direction: r.direction }] : []));
}
