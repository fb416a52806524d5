// `sendConversationMessage`: the contact (through its partner portal) or the engineer answering writes a
// line in a conversation, within the live assistant's size and pace limits. Subscribers on both sides
// hear it once it is stored.
import { decideChatMessage } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { ChatLimitExceededError, NotFoundError } from '../errors.js';
import { conversationMessageTimes } from '../store/conversations.js';
import { findContactsByIds } from '../store/customers.js';
import type { ConversationMessageRow, ConversationRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { announceConversation } from './conversation-events.js';
import { participantOf, type ParticipantPrincipal } from './conversation-participant.js';
import { applyConversationStep, writeLine } from './conversation-step.js';

export interface SendConversationMessageInput {
  readonly conversationId: string;
  readonly body: string;
}

const MINUTE_MS = 60_000;

export async function sendConversationMessage(
  desk: Desk,
  principal: ParticipantPrincipal,
  input: SendConversationMessageInput,
): Promise<{ readonly conversation: ConversationRow; readonly line: ConversationMessageRow }> {
  const participant = participantOf(principal);
  const sent = await inTransaction(desk.store, async (trx) => {
    // The lock also serialises the pace check: two messages cannot both take the minute's last slot.
    const { conversation } = await applyConversationStep(desk, trx, { conversationId: input.conversationId, action: { kind: 'SEND' }, participant });
    const now = desk.now();
    const allowed = decideChatMessage({
      body: input.body,
      sentAt: await conversationMessageTimes(trx, conversation.id, new Date(now.getTime() - MINUTE_MS)),
      now,
      limits: desk.config.chatLimits,
    });
    if (!allowed.ok) throw new ChatLimitExceededError(allowed.reason, allowed.message, allowed.limit, allowed.retryAt ?? null);
    let author: string;
    if (participant.kind === 'ENGINEER') {
      author = participant.name;
    } else {
      const [contact] = await findContactsByIds(trx, [conversation.contact_id]);
      if (!contact) throw new NotFoundError('Contact');
      author = contact.name;
    }
    const line = await writeLine(desk, trx, conversation, { authorKind: participant.kind === 'ENGINEER' ? 'ENGINEER' : 'CONTACT', author, body: input.body });
    return { conversation, line };
  });
  announceConversation(desk, sent.conversation, [sent.line]);
  return sent;
}
