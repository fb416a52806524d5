// `joinConversation`: an engineer answers a waiting chat (or takes over one another engineer answers);
// the contact reads who joined, and engineers' lists of waiting chats move.
import type { Desk } from '../desk.js';
import { composeChatNotice } from '../notifications/compose-chat-notice.js';
import type { ConversationRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import type { StaffPrincipal } from '../tickets/engineer.js';
import { announceConversation } from './conversation-events.js';
import { participantOf } from './conversation-participant.js';
import { applyConversationStep, writeLine } from './conversation-step.js';

export async function joinConversation(desk: Desk, staff: StaffPrincipal, input: { readonly conversationId: string }): Promise<ConversationRow> {
  const participant = participantOf(staff);
  const joined = await inTransaction(desk.store, async (trx) => {
    const { conversation, step } = await applyConversationStep(desk, trx, { conversationId: input.conversationId, action: { kind: 'JOIN' }, participant });
    // Joining a conversation one already answers changes nothing and says nothing.
    if (!step.engineerChanged) return { conversation, lines: [] };
    const line = await writeLine(desk, trx, conversation, { authorKind: 'SYSTEM', author: null, ...composeChatNotice(conversation.language, { notice: 'ENGINEER_JOINED', engineer: staff.name }) });
    return { conversation, lines: [line] };
  });
  if (joined.lines.length > 0) announceConversation(desk, joined.conversation, joined.lines, 'TAKEN');
  return joined.conversation;
}
