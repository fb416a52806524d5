// The acknowledgement of SPEC §2.5: composed when the ticket gets its number and queued in the same
// transaction; the dispatcher only renders and sends what was queued.
import { randomBytes } from 'node:crypto';
import { autoReplyAllowed, displayTicketNumber, hotlinesFor, ticketSubjectTag, type Language } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { composeAcknowledgement } from '../notifications/compose-acknowledgement.js';
import { lockRecipient, outboxSentTimes, type OutboxDraft } from '../store/outbox.js';
import type { TicketRow } from '../store/tables.js';
import { appendTicketEvent } from '../store/ticket-events.js';
import type { StoreTransaction } from '../store/transaction.js';

export interface AcknowledgementTarget {
  readonly to: string;
  readonly language: Language;
  /** The customer's message we answer, for In-Reply-To / References. */
  readonly replyTo?: { readonly messageId?: string | null; readonly references?: readonly string[] };
  /**
   * `PER_RECIPIENT`: under the automatic-reply limit (SPEC §3), for channels a mail loop can reach;
   * `NONE` for authenticated callers, whose retries the idempotency key absorbs.
   */
  readonly limit: 'PER_RECIPIENT' | 'NONE';
  /** The closed ticket the new one follows up, so the acknowledgement can say so. */
  readonly followUpOf?: { readonly number: string } | null;
}

/** An unguessable Message-ID part: mail quoting it proves it answers what we sent (bounces, replies). */
export function unguessableId(prefix: string, ticketNumber: string): string {
  return `${prefix}.${ticketNumber}.${randomBytes(9).toString('hex')}`;
}

export function acknowledgementDraft(desk: Desk, ticket: TicketRow, target: AcknowledgementTarget): OutboxDraft {
  const { config } = desk;
  const prefix = { prefix: config.ticketPrefix };
  const mail = composeAcknowledgement({
    ticket: { number: ticket.number, displayNumber: displayTicketNumber(ticket.number, prefix), subject: ticket.subject, level: ticket.level },
    to: target.to,
    from: config.mailFrom,
    language: target.language,
    subjectTag: ticketSubjectTag(ticket.number, prefix),
    hotlines: hotlinesFor(config.hotlines),
    slaPolicy: config.slaPolicy,
    replyTo: { messageId: target.replyTo?.messageId ?? undefined, references: target.replyTo?.references ?? [] },
    ...(target.followUpOf ? { followUpOf: displayTicketNumber(target.followUpOf.number, prefix) } : {}),
    messageId: unguessableId('ack', ticket.number),
    messageIdDomain: config.mailDomain,
    loopId: config.mailFrom,
  });
  return { kind: 'ACKNOWLEDGEMENT', ticketId: ticket.id, recipient: target.to, dedupeKey: `ack:${ticket.id}`, payload: mail };
}

/**
 * The acknowledgement(s) to queue with a new ticket, inside its transaction. Under the per-recipient
 * limit the send history is read under a lock on the recipient, and a refusal is recorded in the
 * ticket's history instead of a message.
 */
export async function acknowledgementsFor(desk: Desk, trx: StoreTransaction, ticket: TicketRow, target: AcknowledgementTarget): Promise<readonly OutboxDraft[]> {
  if (target.limit === 'NONE') return [acknowledgementDraft(desk, ticket, target)];
  const now = desk.now();
  await lockRecipient(trx, desk.store.dialect, target.to);
  const allowed = autoReplyAllowed(await outboxSentTimes(trx, target.to, new Date(now.getTime() - 60 * 60_000)), now);
  if (allowed.allowed) return [acknowledgementDraft(desk, ticket, target)];
  await appendTicketEvent(
    trx,
    ticket.id,
    {
      type: 'AUTO_REPLY_SUPPRESSED',
      actor: 'system',
      reason: `At most ${allowed.tier.max} automatic replies per ${allowed.tier.windowMinutes} minutes to ${target.to}.`,
      data: { retryAt: allowed.retryAt.toISOString() },
    },
    now,
  );
  return [];
}
