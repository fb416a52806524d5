// The acknowledgement of SPEC §2.5: composed when the ticket gets its number and queued in the same
// transaction; the dispatcher only renders and sends what was queued.
import { randomBytes } from 'node:crypto';
import { displayTicketNumber, hotlinesFor, ticketSubjectTag, type Language } from '@nocdesk/domain';
import { composeAcknowledgement } from '../notifications/compose-acknowledgement.js';
import type { Desk } from '../desk.js';
import type { Transaction } from 'kysely';
import { autoReplyAllowed } from '../notifications/auto-reply-limit.js';
import { lockRecipient, outboxSentTimes, type OutboxDraft } from '../store/outbox.js';
import type { Database, TicketRow } from '../store/tables.js';
import { appendTicketEvent } from '../store/tickets.js';

export interface AcknowledgementTarget {
  readonly to: string;
  readonly language: Language;
  /** The customer's message we answer, for In-Reply-To / References. */
  readonly replyTo?: { readonly messageId?: string | null; readonly references?: readonly string[] };
}

export function acknowledgementDraft(desk: Desk, ticket: TicketRow, target: AcknowledgementTarget): OutboxDraft {
  const { config } = desk;
  const prefix = { prefix: config.ticketPrefix };
  const mail = composeAcknowledgement({
    ticket: { number: ticket.number, displayNumber: displayTicketNumber(ticket.number, prefix), subject: ticket.subject, level: ticket.level as 1 | 2 | 3 },
    to: target.to,
    from: config.mailFrom,
    language: target.language,
    subjectTag: ticketSubjectTag(ticket.number, prefix),
    hotlines: hotlinesFor(config.hotlines),
    replyTo: { messageId: target.replyTo?.messageId ?? undefined, references: target.replyTo?.references ?? [] },
    // Unguessable: mail quoting it proves it answers what we sent (bounces, out-of-office replies).
    messageId: `ack.${ticket.number}.${randomBytes(9).toString('hex')}`,
    messageIdDomain: config.mailDomain,
    loopId: config.mailFrom,
  });
  return { kind: 'EMAIL', ticketId: ticket.id, recipient: target.to, dedupeKey: `ack:${ticket.id}`, payload: mail };
}

/**
 * The acknowledgement under the per-recipient auto-reply limit (SPEC §3), for any channel: read and, when
 * the limit refuses, recorded in the ticket's history inside the intake transaction.
 */
export function rateLimitedAcknowledgement(desk: Desk, target: AcknowledgementTarget, now: Date) {
  return async (ticket: TicketRow, trx: Transaction<Database>): Promise<readonly OutboxDraft[]> => {
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
  };
}
