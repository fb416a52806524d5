// A request nobody may open a ticket from is kept whole as a rejected intake for staff to review, and
// the sender may get one polite explanation of how to get registered, within the per-recipient and
// desk-wide limits (SPEC §2.2). Nothing a customer sends is lost.
import { randomUUID } from 'node:crypto';
import { chooseLanguage, registrationExplanationAllowed, type Channel, type ContactRejection, type Language } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { composeRegistrationExplanation } from '../notifications/compose-registration-explanation.js';
import { insertMessage, type MessageDraft } from '../store/messages.js';
import { enqueueOutbox, explanationTimesSince, lockRecipient } from '../store/outbox.js';
import { insertRejectedIntake, lastExplanationTo } from '../store/rejected-intakes.js';
import type { RejectedIntakeRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import type { RejectedPayload } from './accept-rejected-intake.js';

const CONTACT_REJECTIONS: readonly string[] = ['UNKNOWN_SENDER', 'INACTIVE_CONTACT', 'ROLE_NOT_ALLOWED', 'WRONG_CUSTOMER', 'AMBIGUOUS_CONTACT'] satisfies readonly ContactRejection[];

/** The lock key of the desk-wide explanation limit (not an address, so it never meets a real recipient's). */
const DESK_WIDE_EXPLANATIONS = 'explanations desk-wide';

export interface RejectionRequest {
  readonly channel: Channel;
  readonly sender: string | null;
  /** The customer concerned, when staff may be told (never shown to the sender). */
  readonly customerId: string | null;
  readonly reason: string;
  readonly explanation: string;
  readonly payload: RejectedPayload & Record<string, unknown>;
  readonly message: MessageDraft;
  /**
   * Where the one explanation may go (a single mailbox matching the return path), or null when none
   * may be sent at all (an automated sender, a forged address).
   */
  readonly explainTo: string | null;
  readonly explanationLanguage?: Language | undefined;
}

export async function recordRejectedIntake(desk: Desk, request: RejectionRequest): Promise<RejectedIntakeRow> {
  const now = desk.now();
  return inTransaction(desk.store, async (trx) => {
    const messageRowId = await insertMessage(trx, null, 'IN', request.message, now);
    const row = await insertRejectedIntake(trx, {
      channel: request.channel,
      sender: request.sender,
      customerId: request.customerId,
      reason: request.reason,
      explanation: request.explanation,
      subject: request.payload.subject,
      payload: request.payload,
      messageRowId,
      at: now,
    });
    const explainTo = request.explainTo;
    if (!explainTo) return row;
    // Serialised per recipient and desk-wide, so concurrent rejections cannot all pass the limits.
    await lockRecipient(trx, desk.store.dialect, DESK_WIDE_EXPLANATIONS);
    await lockRecipient(trx, desk.store.dialect, explainTo);
    const allowed = registrationExplanationAllowed({
      lastToRecipient: (await lastExplanationTo(trx, explainTo)) ?? null,
      sentDeskWideLastHour: await explanationTimesSince(trx, new Date(now.getTime() - 60 * 60_000)),
      now,
      deskWideHourlyMax: desk.config.explanationsPerHour,
    });
    if (!allowed.allowed) return row;
    const email = composeRegistrationExplanation({
      to: explainTo,
      from: desk.config.mailFrom,
      language: chooseLanguage({ messageLanguage: request.explanationLanguage }),
      originalSubject: request.payload.subject,
      ...(CONTACT_REJECTIONS.includes(request.reason) ? { reason: request.reason as ContactRejection } : {}),
      replyTo: { messageId: request.payload.messageId, references: request.payload.references },
      messageId: `explain.${randomUUID()}`,
      messageIdDomain: desk.config.mailDomain,
      loopId: desk.config.mailFrom,
    });
    await enqueueOutbox(trx, { kind: 'EXPLANATION', ticketId: null, recipient: explainTo, dedupeKey: `explain:${row.id}`, payload: email }, now);
    return row;
  });
}
