// Messages on a ticket: what the customer sent and what the desk answered, with attachments' metadata.
import { toDate, type MessageRow } from '../store/tables.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';

export async function messagesOfTickets(ticketIds: readonly string[], ctx: GraphQLContext): Promise<MessageRow[][]> {
  if (ticketIds.length === 0) return [];
  const rows = await ctx.desk.store.db.selectFrom('messages').selectAll().where('ticket_id', 'in', [...ticketIds]).orderBy('id').execute();
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

export const MessageRef = builder.objectRef<MessageRow>('Message').implement({
  fields: (t) => ({
    direction: t.field({ type: MessageDirectionEnum, resolve: (m) => m.direction as 'IN' }),
    channel: t.exposeString('channel'),
    messageId: t.exposeString('message_id', { nullable: true, description: 'The email Message-ID, without angle brackets.' }),
    from: t.exposeString('from_address', { nullable: true }),
    to: t.exposeString('to_address', { nullable: true }),
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    automated: t.exposeString('automated', { nullable: true, description: 'Why the message counts as auto-generated (bounce, auto-reply…), if it does.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => toDate(m.created_at) }),
    attachments: t.loadableList({
      type: AttachmentRef,
      load: async (messageIds: readonly number[], ctx: GraphQLContext) => {
        const rows = await ctx.desk.store.db
          .selectFrom('attachments')
          .select(['message_id', 'filename', 'content_type', 'size'])
          .where('message_id', 'in', [...messageIds])
          .orderBy('id')
          .execute();
        return messageIds.map((id) => rows.filter((r) => r.message_id === id));
      },
      resolve: (m) => m.id,
    }),
  }),
});
