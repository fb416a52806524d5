// Subscriptions over SSE (GraphQL over HTTP, `Accept: text/event-stream`): a partner hears its own
// customer's tickets change; engineers hear the queue move. Fanned out through Redis when configured.
import { parseTicketNumber } from '@nocdesk/domain';
import { createGraphQLError, filter, pipe } from 'graphql-yoga';
import { findConversationsByIds } from '../store/conversations.js';
import type { ConversationRow } from '../store/tables.js';
import { ConversationRef } from './conversation.js';
import { whileAuthorised } from './while-authorised.js';
import type { TicketEventMessage } from '../events/desk-events.js';
import { customerScope } from '../auth/principal.js';
import { findTicketByNumber, findTicketsByIds } from '../store/tickets.js';
import type { TicketRow } from '../store/tables.js';
import { builder } from './builder.js';
import { canSeeCustomer, isPartner } from './loaders.js';
import type { GraphQLContext } from './context.js';
import { TicketEventTypeEnum, TicketRef } from './ticket.js';

interface QueueChange {
  readonly type: TicketEventMessage['type'];
  readonly ticket: TicketRow | null;
  readonly conversation: ConversationRow | null;
}

const QueueChangeRef = builder.objectRef<QueueChange>('QueueChange').implement({
  description: 'Something that moves the engineers’ work: a ticket changed, or a live-assistant conversation started waiting, was answered or ended.',
  fields: (t) => ({
    type: t.field({
      type: TicketEventTypeEnum,
      description: 'The ticket’s history event; for a conversation: CREATED (waiting), TAKEN (an engineer joined), CLOSED (ended or became a ticket).',
      resolve: (c) => c.type,
    }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket, when a ticket changed.', resolve: (c) => c.ticket }),
    conversation: t.field({ type: ConversationRef, nullable: true, description: 'The conversation, when a conversation moved.', resolve: (c) => c.conversation }),
  }),
});

async function toQueueChange(ctx: GraphQLContext, message: TicketEventMessage): Promise<QueueChange | null> {
  if (message.conversationId) {
    const [conversation] = await findConversationsByIds(ctx.desk.store.db, [message.conversationId]);
    return conversation ? { type: message.type, ticket: null, conversation } : null;
  }
  const [ticket] = await findTicketsByIds(ctx.desk.store.db, [message.ticketId]);
  return ticket ? { type: message.type, ticket, conversation: null } : null;
}

interface TicketChange {
  readonly type: TicketEventMessage['type'];
  readonly ticket: TicketRow;
}

const TicketChangeRef = builder.objectRef<TicketChange>('TicketChange').implement({
  description: 'What happened to a ticket and the ticket as it is now.',
  fields: (t) => ({
    type: t.field({ type: TicketEventTypeEnum, description: 'The history event that happened.', resolve: (c) => c.type }),
    ticket: t.field({ type: TicketRef, description: 'The ticket as it is now.', resolve: (c) => c.ticket }),
  }),
});

async function toChange(message: TicketEventMessage, load: (id: string) => Promise<TicketRow | undefined>): Promise<TicketChange | null> {
  const ticket = await load(message.ticketId);
  return ticket ? { type: message.type, ticket } : null;
}

builder.subscriptionType({ description: 'Live changes over Server-Sent Events (Accept: text/event-stream), authorised when they open and on every event.' });

builder.subscriptionFields((t) => ({
  ticketChanged: t.field({
    type: TicketChangeRef,
    nullable: true,
    authScopes: { authenticated: true },
    description: 'Changes to your tickets; pass a number to follow one ticket.',
    args: { number: t.arg.string({ required: false, description: 'Only this ticket (with or without prefix); every ticket you may see by default.' }) },
    subscribe: async (_root, args, ctx) => {
      let ticketId: string | undefined;
      if (args.number) {
        const wanted = parseTicketNumber(args.number, { prefix: ctx.desk.config.ticketPrefix });
        const ticket = wanted.ok ? await findTicketByNumber(ctx.desk.store.db, wanted.number, customerScope(ctx.principal)) : undefined;
        if (!ticket) throw createGraphQLError('Ticket was not found.', { extensions: { code: 'NOT_FOUND' } });
        ticketId = ticket.id;
      }
      return whileAuthorised(ctx, pipe(
        ctx.desk.events.subscribe('ticketChanged'),
        filter((m: TicketEventMessage) => canSeeCustomer(ctx, m.customerId) && (ticketId === undefined || m.ticketId === ticketId) && (!m.internal || !isPartner(ctx))),
      ));
    },
    resolve: (message: TicketEventMessage, _args, ctx) => toChange(message, async (id) => (await findTicketsByIds(ctx.desk.store.db, [id]))[0]),
  }),
  queueChanged: t.field({
    type: QueueChangeRef,
    nullable: true,
    authScopes: { engineer: true },
    description: 'Every change that can move the engineers’ work: new tickets, level changes, takes, replies, and live-assistant conversations that start waiting, are answered or end.',
    subscribe: (_root, _args, ctx) => whileAuthorised(ctx, ctx.desk.events.subscribe('queueChanged')),
    resolve: (message: TicketEventMessage, _args, ctx) => toQueueChange(ctx, message),
  }),
}));
