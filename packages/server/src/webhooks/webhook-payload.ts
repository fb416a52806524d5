// The JSON body partners receive, built from what was recorded with the event. Only what a partner
// reads through the API anyway: no internal note, no engineer's private data, no other customer.
// Field names and enum values are the API's, so a receiver can reuse the client's types.
import { displayTicketNumber, priorityName } from '@nocdesk/domain';
import type { WebhookEventSnapshot } from '../store/webhooks.js';

export interface WebhookPayload {
  /** The event's id: the same on every retry and for every webhook. Deduplicate on it. */
  readonly id: string;
  /** The history event, as the API's TicketEventType (CREATED, REPLIED, RESOLVED…). */
  readonly type: string;
  readonly createdAt: string;
  /** The ticket as it was right after the event. */
  readonly ticket: {
    readonly number: string;
    readonly displayNumber: string;
    readonly subject: string;
    readonly status: string;
    readonly priority: { readonly level: number; readonly name: string };
    readonly channel: string;
    readonly escalationCount: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly resolvedAt: string | null;
    readonly closedAt: string | null;
  };
}

export function webhookPayload(snapshot: WebhookEventSnapshot, options: { readonly ticketPrefix: string }): WebhookPayload {
  const { ticket } = snapshot;
  return {
    id: snapshot.id,
    type: snapshot.type,
    createdAt: snapshot.createdAt,
    ticket: {
      number: ticket.number,
      displayNumber: displayTicketNumber(ticket.number, { prefix: options.ticketPrefix }),
      subject: ticket.subject,
      status: ticket.status,
      priority: { level: ticket.level, name: priorityName(ticket.level) },
      channel: ticket.channel,
      escalationCount: ticket.escalationCount,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      resolvedAt: ticket.resolvedAt,
      closedAt: ticket.closedAt,
    },
  };
}

/** The exact bytes that are signed and sent. */
export function webhookBody(snapshot: WebhookEventSnapshot, options: { readonly ticketPrefix: string }): string {
  return JSON.stringify(webhookPayload(snapshot, options));
}
