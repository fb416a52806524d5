// `closeConversation`: the contact or an engineer ends the chat. Its transcript stays, and it can still
// become a ticket; nobody writes in it any more.
import type { Desk } from '../desk.js';
import { NotFoundError } from '../errors.js';
import { composeChatNotice, type ChatParticipantName } from '../notifications/compose-chat-notice.js';
import { findContactsByIds } from '../store/customers.js';
import type { ConversationRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { announceConversation } from './conversation-events.js';
import { participantOf, type ParticipantPrincipal } from './conversation-participant.js';
import { applyConversationStep, writeLine } from './conversation-step.js';

export async function closeConversation(desk: Desk, principal: ParticipantPrincipal, input: { readonly conversationId: string }): Promise<ConversationRow> {
  const participant = participantOf(principal);
  const closed = await inTransaction(desk.store, async (trx) => {
    const { conversation } = await applyConversationStep(desk, trx, { conversationId: input.conversationId, action: { kind: 'CLOSE' }, participant });
    let by: ChatParticipantName;
    if (participant.kind === 'ENGINEER') {
      by = { kind: 'ENGINEER', name: participant.name };
    } else {
      const [contact] = await findContactsByIds(trx, [conversation.contact_id]);
      if (!contact) throw new NotFoundError('Contact');
      by = { kind: 'CONTACT', name: contact.name };
    }
    const line = await writeLine(desk, trx, conversation, { authorKind: 'SYSTEM', author: null, ...composeChatNotice(conversation.language, { notice: 'CLOSED', by }) });
    return { conversation, line };
  });
  announceConversation(desk, closed.conversation, [closed.line], 'CLOSED');
  return closed.conversation;
}
