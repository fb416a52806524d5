// The customer adds to a ticket (an email reply, or `addTicketMessage` from a portal): the message is
// stored and a ticket waiting for the customer, or resolved, goes back to work. A closed ticket takes
// no more messages: the caller opens a follow-up ticket instead (SPEC §2.6).
import type { Desk } from '../desk.js';
import { TicketTransitionRefusedError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import type { IdempotencyRecord } from '../store/idempotency.js';
import { recordIdempotencyKey } from '../store/idempotency.js';
import { insertMessage, type MessageDraft } from '../store/messages.js';
import type { TicketRow } from '../store/tables.js';
import type { TicketEventType } from '../store/ticket-events.js';
import { findTicketById } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { applyTransition } from './ticket-transition.js';

export interface CustomerMessage {
  readonly ticketId: string;
  readonly actor: { readonly kind: 'PARTNER' } | { readonly kind: 'CUSTOMER_EMAIL' };
  readonly actorName: string;
  readonly customerScope?: string | undefined;
  readonly message: MessageDraft;
  /** MESSAGE_ADDED for what a person wrote; BOUNCE_RECEIVED for a delivery report. */
  readonly event?: TicketEventType;
  readonly reason?: string | null;
  readonly eventData?: Record<string, unknown>;
  readonly idempotency?: IdempotencyRecord | undefined;
}

export type CustomerMessageOutcome =
  | { readonly kind: 'added'; readonly ticket: TicketRow }
  /** The ticket is closed for good: the message belongs on a new ticket that follows it up. */
  | { readonly kind: 'follow-up-required'; readonly closed: TicketRow };

export async function addCustomerMessage(desk: Desk, input: CustomerMessage): Promise<CustomerMessageOutcome> {
  const outcome = await inTransaction(desk.store, async (trx): Promise<CustomerMessageOutcome> => {
    try {
      const step = await applyTransition(desk, trx, {
        ticketId: input.ticketId,
        action: { kind: 'CUSTOMER_MESSAGE' },
        actor: input.actor,
        actorName: input.actorName,
        customerScope: input.customerScope,
        event: input.event ?? 'MESSAGE_ADDED',
        reason: input.reason ?? null,
        ...(input.eventData ? { eventData: input.eventData } : {}),
      });
      await insertMessage(trx, step.ticket.id, 'IN', input.message, desk.now());
      if (input.idempotency) await recordIdempotencyKey(trx, input.idempotency, step.ticket.id, desk.now());
      return { kind: 'added', ticket: step.ticket };
    } catch (error) {
      if (error instanceof TicketTransitionRefusedError && error.reason === 'FOLLOW_UP_REQUIRED') {
        const closed = await findTicketById(trx, input.ticketId);
        if (closed) return { kind: 'follow-up-required', closed };
      }
      throw error;
    }
  });
  if (outcome.kind === 'added') announceTicket(desk.events, { ticketId: outcome.ticket.id, customerId: outcome.ticket.customer_id, type: input.event ?? 'MESSAGE_ADDED' });
  return outcome;
}
