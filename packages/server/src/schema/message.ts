// Messages on a ticket: what the customer sent, what the desk answered and (staff only) internal notes,
// with attachments' metadata.
import { attachmentsOfMessages, messagesOfTickets as storedMessages } from '../store/messages.js';
import { toDate, type MessageRow } from '../store/tables.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { isPartner } from './loaders.js';

export async function messagesOfTickets(ticketIds: readonly string[], ctx: GraphQLContext): Promise<MessageRow[][]> {
  const rows = await storedMessages(ctx.desk.store.db, ticketIds, { publicOnly: isPartner(ctx) });
  return ticketIds.map((id) => rows.filter((r) => r.ticket_id === id));
}

interface AttachmentView {
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
}

const AttachmentRef = builder.objectRef<AttachmentView>('Attachment').implement({
  fields: (t) => ({
    filename: t.exposeString('filename'),
    contentType: t.exposeString('content_type'),
    size: t.exposeInt('size', { description: 'Bytes.' }),
  }),
});

export const MessageDirectionEnum = builder.enumType('MessageDirection', {
  values: { IN: { description: 'From the customer.' }, OUT: { description: 'From the desk.' } } as const,
});

export const MessageVisibilityEnum = builder.enumType('MessageVisibility', {
  values: {
    PUBLIC: { description: 'Between the customer and the desk.' },
    INTERNAL: { description: 'An internal note between engineers: never emailed, never shown to partners.' },
  } as const,
});

export const MessageRef = builder.objectRef<MessageRow>('Message').implement({
  fields: (t) => ({
    direction: t.field({ type: MessageDirectionEnum, resolve: (m) => m.direction }),
    visibility: t.field({ type: MessageVisibilityEnum, resolve: (m) => m.visibility }),
    channel: t.exposeString('channel'),
    messageId: t.exposeString('message_id', { nullable: true, description: 'The email Message-ID, without angle brackets.' }),
    from: t.exposeString('from_address', { nullable: true }),
    to: t.exposeString('to_address', { nullable: true }),
    author: t.exposeString('author', { nullable: true, description: 'The engineer who wrote it (replies and notes).' }),
    subject: t.exposeString('subject'),
    body: t.string({ resolve: (m, _args, ctx, info) => ctx.budget.spend(m.body, info) }),
    automated: t.exposeString('automated', { nullable: true, description: 'Why the message counts as auto-generated (bounce, auto-reply…), if it does.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => toDate(m.created_at) }),
    attachments: t.loadableList({
      type: AttachmentRef,
      load: async (messageIds: readonly number[], ctx: GraphQLContext) => {
        const rows = await attachmentsOfMessages(ctx.desk.store.db, messageIds);
        return messageIds.map((id) => rows.filter((r) => r.message_id === id));
      },
      resolve: (m) => m.id,
    }),
  }),
});
