// Subscriptions over SSE (GraphQL over HTTP, `Accept: text/event-stream`): a partner hears its own
// customer's tickets change; engineers hear the queue move. Fanned out through Redis when configured.
import { parseTicketNumber } from '@nocdesk/domain';
import { createGraphQLError, filter, pipe } from 'graphql-yoga';
import type { TicketEventMessage } from '../events/desk-events.js';
import { customerScope, type Principal } from '../auth/principal.js';
import { credentialActive } from '../store/credentials.js';
import { findTicketByNumber, findTicketsByIds } from '../store/tickets.js';
import type { TicketRow } from '../store/tables.js';
import { builder } from './builder.js';
import { canSeeCustomer, isPartner } from './loaders.js';
import type { GraphQLContext } from './context.js';
import { TicketEventTypeEnum, TicketRef } from './ticket.js';

interface TicketChange {
  readonly type: TicketEventMessage['type'];
  readonly ticket: TicketRow;
}

const TicketChangeRef = builder.objectRef<TicketChange>('TicketChange').implement({
  description: 'What happened to a ticket and the ticket as it is now.',
  fields: (t) => ({
    type: t.field({ type: TicketEventTypeEnum, description: 'The history event that happened.', resolve: (c) => c.type }),
    ticket: t.field({ type: TicketRef, resolve: (c) => c.ticket }),
  }),
});

async function toChange(message: TicketEventMessage, load: (id: string) => Promise<TicketRow | undefined>): Promise<TicketChange | null> {
  const ticket = await load(message.ticketId);
  return ticket ? { type: message.type, ticket } : null;
}

/**
 * Ends a stream whose credential was revoked since it opened: checked on every event, so a revoked
 * partner key hears nothing more (the bootstrap admin token lives in the configuration, not the store).
 */
async function stillAuthorised(desk: GraphQLContext['desk'], principal: Principal): Promise<boolean> {
  if (principal.kind === 'anonymous') return false;
  if (principal.kind === 'staff' && principal.id === 'bootstrap-admin') return true;
  return credentialActive(desk.store.db, principal.kind, principal.id);
}

/** The events of `source` while the caller's credential stays active; the stream ends with an error once it is revoked. */
export async function* whileAuthorised<T>(ctx: GraphQLContext, source: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const message of source) {
    if (!(await stillAuthorised(ctx.desk, ctx.principal))) {
      throw createGraphQLError('The token was revoked: this stream is closed.', { extensions: { code: 'UNAUTHENTICATED' } });
    }
    yield message;
  }
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
      return whileAuthorised(ctx, pipe(
        ctx.desk.events.subscribe('ticketChanged'),
        filter((m: TicketEventMessage) => canSeeCustomer(ctx, m.customerId) && (ticketId === undefined || m.ticketId === ticketId) && (!m.internal || !isPartner(ctx))),
      ));
    },
    resolve: (message: TicketEventMessage, _args, ctx) => toChange(message, async (id) => (await findTicketsByIds(ctx.desk.store.db, [id]))[0]),
  }),
  queueChanged: t.field({
    type: TicketChangeRef,
    nullable: true,
    authScopes: { engineer: true },
    description: 'Every change that can move the queue: new tickets, level changes, acknowledgements.',
    subscribe: (_root, _args, ctx) => whileAuthorised(ctx, ctx.desk.events.subscribe('queueChanged')),
    resolve: (message: TicketEventMessage, _args, ctx) => toChange(message, async (id) => (await findTicketsByIds(ctx.desk.store.db, [id]))[0]),
  }),
}));
