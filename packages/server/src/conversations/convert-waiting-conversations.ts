// The scheduler's job for the live assistant: nobody waits for ever. A conversation no engineer joined
// within NOCDESK_CHAT_WAIT_S becomes a ticket by itself, through the same conversion as the API, and the
// contact reads its number in the chat.
import type { Desk } from '../desk.js';
import { ConversationStepRefusedError } from '../errors.js';
import { waitingSince } from '../store/conversations.js';
import { toDate } from '../store/tables.js';
import { SCHEDULER_PARTICIPANT } from './conversation-participant.js';
import { convertConversation } from './convert-conversation-to-ticket.js';

/**
 * Converts every conversation whose wait is over; returns how many became tickets. Each conversion is
 * its own transaction on a locked row whose status the domain re-checks, so an engineer joining at
 * the last moment, or a second scheduler, never makes a second ticket.
 */
export async function convertWaitingConversations(desk: Desk, options: { readonly batch?: number } = {}): Promise<number> {
  const now = desk.now();
  const waitSeconds = desk.config.chatWaitSeconds;
  const due = await waitingSince(desk.store.db, new Date(now.getTime() - waitSeconds * 1000), options.batch ?? 100);
  let converted = 0;
  for (const candidate of due) {
    try {
      const { ticket } = await convertConversation(
        desk,
        SCHEDULER_PARTICIPANT,
        { kind: 'AUTO_CONVERT', waitingSince: toDate(candidate.started_at), now, waitSeconds },
        { conversationId: candidate.id },
      );
      if (ticket) converted++;
    } catch (error) {
      // Answered, closed or converted meanwhile: nothing to do.
      if (!(error instanceof ConversationStepRefusedError)) throw error;
    }
  }
  return converted;
}
