// `replyToTicket`: an engineer's public reply, emailed threaded to the reporter. It may ask the customer
// something (WAITING_CUSTOMER) or resolve the ticket in the same step; either way it is the first
// response when there was none yet (SPEC §2.6).
import type { TicketStatus } from '@nocdesk/domain';
import { principalKey } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import type { TicketRow } from '../store/tables.js';
import { inTransaction } from '../store/transaction.js';
import { recordIdempotencyKey } from '../store/idempotency.js';
import { engineerOf, type StaffPrincipal } from './engineer.js';
import { sendEngineerMail } from './engineer-mail.js';
import { withIdempotency } from './idempotent.js';
import { applyTransition } from './ticket-transition.js';

export interface ReplyInput {
  readonly ticketId: string;
  readonly body: string;
  readonly status?: TicketStatus | null;
  readonly idempotencyKey?: string | null;
}

export async function replyToTicket(desk: Desk, staff: StaffPrincipal, input: ReplyInput): Promise<TicketRow> {
  const engineer = engineerOf(staff);
  const { ticket } = await withIdempotency(
    desk,
    { principal: principalKey(staff), key: input.idempotencyKey ?? undefined, operation: 'replyToTicket', input: { ...input, idempotencyKey: undefined } },
    async (idempotency) => {
      const applied = await inTransaction(desk.store, async (trx) => {
        const step = await applyTransition(desk, trx, {
          ticketId: input.ticketId,
          action: { kind: 'REPLY', ...(input.status ? { status: input.status } : {}) },
          actor: engineer.actor,
          actorName: engineer.actorName,
          event: 'REPLIED',
        });
        const messageId = await sendEngineerMail(desk, trx, step.ticket, { kind: 'REPLY', body: input.body, author: engineer.actorName });
        if (idempotency) await recordIdempotencyKey(trx, idempotency, step.ticket.id, desk.now());
        return { ...step, messageId };
      });
      announceTicket(desk.events, { ticketId: applied.ticket.id, customerId: applied.ticket.customer_id, type: 'REPLIED' });
      return applied.ticket;
    },
  );
  return ticket;
}
