// Subscriptions over SSE (GraphQL over HTTP, `Accept: text/event-stream`): a partner hears its own
// customer's tickets change; engineers hear the queue move. Fanned out through Redis when configured.
import { parseTicketNumber } from '@nocdesk/domain';
import { createGraphQLError, filter, pipe } from 'graphql-yoga';
import type { TicketEventMessage } from '../events/desk-events.js';
import { customerScope } from '../auth/principal.js';
import { findTicketByNumber, findTicketsByIds } from '../store/tickets.js';
import type { TicketRow } from '../store/tables.js';
import { builder } from './builder.js';
import { canSeeCustomer } from './loaders.js';
import { TicketRef } from './ticket.js';

interface TicketChange {
  readonly type: string;
  readonly ticket: TicketRow;
}

const TicketChangeRef = builder.objectRef<TicketChange>('TicketChange').implement({
  description: 'What happened to a ticket (CREATED, ACKNOWLEDGED, PRIORITY_CHANGED, MESSAGE_ADDED…) and the ticket as it is now.',
  fields: (t) => ({
    type: t.exposeString('type'),
    ticket: t.field({ type: TicketRef, resolve: (c) => c.ticket }),
  }),
});

async function toChange(message: TicketEventMessage, load: (id: string) => Promise<TicketRow | undefined>): Promise<TicketChange | null> {
  const ticket = await load(message.ticketId);
  return ticket ? { type: message.type, ticket } : null;
}

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  ticketChanged: t.field({
    type: TicketChangeRef,
    nullable: true,
    authScopes: { authenticated: true },
    description: 'Changes to your tickets; pass a number to follow one ticket.',
    args: { number: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      let ticketId: string | undefined;
      if (args.number) {
        const wanted = parseTicketNumber(args.number, { prefix: ctx.desk.config.ticketPrefix });
        const ticket = wanted.ok ? await findTicketByNumber(ctx.desk.store.db, wanted.number, customerScope(ctx.principal)) : undefined;
        if (!ticket) throw createGraphQLError('Ticket was not found.', { extensions: { code: 'NOT_FOUND' } });
        ticketId = ticket.id;
      }
      return pipe(
        ctx.desk.events.subscribe('ticketChanged'),
        filter((m: TicketEventMessage) => canSeeCustomer(ctx, m.customerId) && (ticketId === undefined || m.ticketId === ticketId)),
      );
    },
    resolve: (message: TicketEventMessage, _args, ctx) => toChange(message, async (id) => (await findTicketsByIds(ctx.desk.store.db, [id]))[0]),
  }),
  queueChanged: t.field({
    type: TicketChangeRef,
    nullable: true,
    authScopes: { engineer: true },
    description: 'Every change that can move the queue: new tickets, level changes, acknowledgements.',
    subscribe: (_root, _args, ctx) => ctx.desk.events.subscribe('queueChanged'),
    resolve: (message: TicketEventMessage, _args, ctx) => toChange(message, async (id) => (await findTicketsByIds(ctx.desk.store.db, [id]))[0]),
  }),
}));
