// What a conversation's subscribers and the engineers hear once a step has committed: its new lines on
// the conversation's own topic, and a queue change when a conversation starts waiting, is answered or
// ends, so engineers' lists of waiting chats stay current.
import type { Desk } from '../desk.js';
import type { ConversationEventMessage } from '../events/desk-events.js';
import type { ConversationMessageRow, ConversationRow, TicketEventType } from '../store/tables.js';
import { toDate } from '../store/tables.js';

export function toConversationEvent(conversation: ConversationRow, line: ConversationMessageRow): ConversationEventMessage {
  return {
    conversationId: conversation.id,
    customerId: conversation.customer_id,
    status: conversation.status,
    line: {
      id: Number(line.id),
      authorKind: line.author_kind,
      author: line.author,
      notice: line.notice,
      body: line.body,
      createdAt: toDate(line.created_at).toISOString(),
    },
  };
}

/**
 * Publishes the lines, then (when the step moved the conversation in or out of the engineers' list)
 * a queue change named like the ticket step it resembles: CREATED (waiting), TAKEN (answered),
 * CLOSED (ended, or became a ticket, which announces itself too).
 */
export function announceConversation(desk: Desk, conversation: ConversationRow, lines: readonly ConversationMessageRow[], queueChange?: TicketEventType): void {
  for (const line of lines) desk.events.publish('conversationMessages', conversation.id, toConversationEvent(conversation, line));
  if (queueChange) {
    // No ticketId, even once converted: the ticket announces its own creation, and this change is the conversation's.
    desk.events.publish('queueChanged', { ticketId: '', customerId: conversation.customer_id, type: queueChange, conversationId: conversation.id });
  }
}
