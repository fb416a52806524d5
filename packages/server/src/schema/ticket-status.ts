// Where a ticket stands in its life, apart from the Ticket type so that the typed errors (which name
// a ticket's status) can use it without importing the whole ticket module.
import { builder } from './builder.js';

export const TicketStatusEnum = builder.enumType('TicketStatus', {
  description: 'Where a ticket stands in its life (SPEC §2.6).',
  values: {
    OPEN: { description: 'Received, waiting for an engineer: the first-response clock runs.' },
    IN_PROGRESS: { description: 'An engineer is working on it.' },
    WAITING_CUSTOMER: { description: 'An engineer asked the customer something; the clocks of levels 2–3 pause.' },
    RESOLVED: { description: 'Solved and the customer was told; a reply within the reopen window reopens it.' },
    CLOSED: { description: 'Final; a later message opens a follow-up ticket.' },
  } as const,
});
