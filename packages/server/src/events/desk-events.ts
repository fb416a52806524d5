// What subscribers hear: a ticket was created or changed, the queue moved. In-process by default,
// fanned out through Redis when REDIS_URL is set so every instance hears every event.
import type { ConversationStatus } from '@nocdesk/domain';
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { ConversationAuthorKind, ConversationNotice } from '../store/tables.js';
import type { TicketEventType } from '../store/tables.js';

export interface TicketEventMessage {
  readonly ticketId: string;
  readonly customerId: string;
  /** The history event's type (CREATED, REPLIED, ESCALATED…), as the schema's TicketEventType. */
  readonly type: TicketEventType;
  /** Staff-only news (an internal note): partners never hear of it. */
  readonly internal?: boolean;
  /**
   * The queue moved because of a live-assistant conversation (one started waiting, was answered or
   * ended): engineers refresh their list of conversations. `ticketId` is empty while it has no ticket.
   */
  readonly conversationId?: string;
}

/** One line of a live-assistant conversation as its subscribers hear it: plain JSON, since it may travel through Redis. */
export interface ConversationEventMessage {
  readonly conversationId: string;
  readonly customerId: string;
  /** The conversation's status once this line was written. */
  readonly status: ConversationStatus;
  readonly line: {
    readonly id: number;
    readonly authorKind: ConversationAuthorKind;
    readonly author: string | null;
    readonly notice: ConversationNotice | null;
    readonly body: string;
    /** ISO 8601. */
    readonly createdAt: string;
  };
}

export type DeskEventMap = {
  ticketChanged: [TicketEventMessage];
  queueChanged: [TicketEventMessage];
  /** Per conversation (topic `conversationMessages:<id>`), so each process hears only the conversations its subscribers follow. */
  conversationMessages: [conversationId: string, message: ConversationEventMessage];
};

export type DeskEvents = PubSub<DeskEventMap>;

export function createDeskEvents(options?: Parameters<typeof createPubSub<DeskEventMap>>[0]): DeskEvents {
  return createPubSub<DeskEventMap>(options);
}

export function announceTicket(events: DeskEvents, message: TicketEventMessage): void {
  events.publish('ticketChanged', message);
  events.publish('queueChanged', message);
}
