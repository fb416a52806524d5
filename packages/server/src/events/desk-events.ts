// What subscribers hear: a ticket was created or changed, the queue moved. In-process by default,
// fanned out through Redis when REDIS_URL is set so every instance hears every event.
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { TicketEventType } from '../store/tables.js';

export interface TicketEventMessage {
  readonly ticketId: string;
  readonly customerId: string;
  /** The history event's type (CREATED, REPLIED, ESCALATED…), as the schema's TicketEventType. */
  readonly type: TicketEventType;
  /** Staff-only news (an internal note): partners never hear of it. */
  readonly internal?: boolean;
}

export type DeskEventMap = {
  ticketChanged: [TicketEventMessage];
  queueChanged: [TicketEventMessage];
};

export type DeskEvents = PubSub<DeskEventMap>;

export function createDeskEvents(options?: Parameters<typeof createPubSub<DeskEventMap>>[0]): DeskEvents {
  return createPubSub<DeskEventMap>(options);
}

export function announceTicket(events: DeskEvents, message: TicketEventMessage): void {
  events.publish('ticketChanged', message);
  events.publish('queueChanged', message);
}
