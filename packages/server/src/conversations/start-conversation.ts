// `startConversation`: a partner portal opens a live-assistant conversation for one of its customer's
// contacts. The contact is authorised exactly like an email sender (SPEC §2.2): an active
// ADMINISTRATIVE or TECHNICAL contact of that customer, anyone else refused with the same reasons.
// The conversation then waits for an engineer, and the contact reads how long at most.
import { authorizeContact, chooseLanguage, decideConversationStart, detectLanguage } from '@nocdesk/domain';
import { actorOf, principalKey, type Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { ChatLimitExceededError, IdempotencyKeyReusedError, ReporterNotAuthorizedError } from '../errors.js';
import { composeChatNotice } from '../notifications/compose-chat-notice.js';
import {
  countOpenConversations,
  findConversationByIdempotencyKey,
  insertConversation,
  insertConversationMessage,
  lockContactConversations,
} from '../store/conversations.js';
import { findContactsByEmail, toContactRecord } from '../store/customers.js';
import type { ConversationRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { requestHash } from '../tickets/request-hash.js';
import { announceConversation } from './conversation-events.js';

export type PartnerPrincipal = Extract<Principal, { kind: 'partner' }>;

export interface StartConversationInput {
  readonly contactEmail: string;
  readonly subject?: string | null;
  readonly idempotencyKey?: string | null;
}

export async function startConversation(desk: Desk, partner: PartnerPrincipal, input: StartConversationInput): Promise<ConversationRow> {
  const principal = principalKey(partner);
  const key = input.idempotencyKey ?? undefined;
  const hash = requestHash({ contactEmail: input.contactEmail, subject: input.subject ?? null });
  const replay = async (): Promise<ConversationRow | undefined> => {
    if (key === undefined) return undefined;
    const previous = await findConversationByIdempotencyKey(desk.store.db, principal, key);
    if (previous && previous.request_hash !== hash) throw new IdempotencyKeyReusedError(key);
    return previous;
  };
  const first = await replay();
  if (first) return first;

  // A partner sees only its own customer (SPEC §4): another customer's contact is an unknown sender,
  // never WRONG_CUSTOMER, which would tell the partner the address is registered elsewhere.
  const contacts = (await findContactsByEmail(desk.store.db, input.contactEmail)).filter((c) => c.customer_id === partner.customerId);
  const decision = authorizeContact({ email: input.contactEmail, contacts: contacts.map(toContactRecord), customerId: partner.customerId });
  if (!decision.ok) throw new ReporterNotAuthorizedError(decision.reason, decision.message, input.contactEmail);
  const contact = decision.contact;
  const subject = input.subject?.trim() || null;
  const language = chooseLanguage({ contactLanguage: contact.language, messageLanguage: subject ? detectLanguage(subject) : undefined });

  try {
    const { conversation, line } = await inTransaction(desk.store, async (trx) => {
      // Serialised per contact, so two tabs of a portal cannot both pass the open-conversations limit.
      await lockContactConversations(trx, desk.store.dialect, contact.id);
      const allowed = decideConversationStart({ openConversations: await countOpenConversations(trx, contact.id), limits: desk.config.chatLimits });
      if (!allowed.ok) throw new ChatLimitExceededError(allowed.reason, allowed.message, allowed.limit, null);
      const now = desk.now();
      const conversation = await insertConversation(
        trx,
        {
          customerId: partner.customerId,
          contactId: contact.id,
          subject,
          language,
          startedBy: actorOf(partner),
          ...(key !== undefined ? { idempotency: { principal, key, requestHash: hash } } : {}),
        },
        now,
      );
      const waiting = composeChatNotice(language, { notice: 'WAITING', waitSeconds: desk.config.chatWaitSeconds });
      const line = await insertConversationMessage(trx, conversation.id, { authorKind: 'SYSTEM', author: null, ...waiting }, now);
      return { conversation, line };
    });
    announceConversation(desk, conversation, [line], 'CREATED');
    return conversation;
  } catch (error) {
    // Two retries with one key at once: the loser's insert fails on the key; the winner's conversation is the answer.
    if (isUniqueViolation(error)) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}
