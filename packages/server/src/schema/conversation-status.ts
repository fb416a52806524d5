// The status of a live-assistant conversation as the schema names it; its own file so the
// conversation types and the typed errors share it without importing each other.
import { builder } from './builder.js';

export const ConversationStatusEnum = builder.enumType('ConversationStatus', {
  description: 'Where a live-assistant conversation stands (SPEC §4.3).',
  values: {
    WAITING: { description: 'Started, no engineer yet: after NOCDESK_CHAT_WAIT_S it becomes a ticket by itself.' },
    ACTIVE: { description: 'An engineer joined and answers.' },
    CLOSED: { description: 'Ended without a ticket; it can still be converted into one.' },
    CONVERTED: { description: 'It became a ticket (see ticket); the conversation continues there.' },
  } as const,
});
