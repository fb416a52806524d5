// Messages on a ticket: what the customer sent, what the desk answered and (staff only) internal notes,
// with attachments' metadata.
import { attachmentsOfMessages, messagesOfTickets as storedMessages } from '../store/messages.js';
import type { SenderAuthentication } from '@nocdesk/domain';
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
  description: 'A file attached to a message (its content stays in the desk’s store).',
  fields: (t) => ({
    filename: t.exposeString('filename', { description: 'Its file name, as sent.' }),
    contentType: t.exposeString('content_type', { description: 'Its MIME type.' }),
    size: t.exposeInt('size', { description: 'Bytes.' }),
  }),
});

export const MessageDirectionEnum = builder.enumType('MessageDirection', {
  description: 'Which way a message went.',
  values: { IN: { description: 'From the customer.' }, OUT: { description: 'From the desk.' } } as const,
});

export const MessageVisibilityEnum = builder.enumType('MessageVisibility', {
  description: 'Who may see a message.',
  values: {
    PUBLIC: { description: 'Between the customer and the desk.' },
    INTERNAL: { description: 'An internal note between engineers: never emailed, never shown to partners.' },
  } as const,
});

export const SenderAuthenticationRef = builder.objectRef<SenderAuthentication>('SenderAuthentication').implement({
  description: 'The sender-authentication verdict an inbound email came with (SPEC §3.1): from a trusted MTA’s Authentication-Results header or verified by the desk.',
  fields: (t) => ({
    result: t.string({ description: 'pass, fail or none (no verdict: the sender proved nothing either way).', resolve: (v) => v.result }),
    mechanism: t.string({ nullable: true, description: 'dmarc, dkim or spf: what gave the verdict.', resolve: (v) => v.mechanism ?? null }),
    domain: t.string({ nullable: true, description: 'The domain the verdict is about.', resolve: (v) => v.domain ?? null }),
  }),
});

/** The stored verdict, for staff only: partners see null. */
export function senderAuthenticationFor(ctx: GraphQLContext, stored: string | null): SenderAuthentication | null {
  if (stored === null || isPartner(ctx)) return null;
  return JSON.parse(stored) as SenderAuthentication;
}

export const MessageRef = builder.objectRef<MessageRow>('Message').implement({
  description: 'One message of a ticket: what the customer sent, what the desk answered, or (staff only) an internal note.',
  fields: (t) => ({
    direction: t.field({ type: MessageDirectionEnum, description: 'From the customer or from the desk.', resolve: (m) => m.direction }),
    visibility: t.field({ type: MessageVisibilityEnum, description: 'Public, or an internal note.', resolve: (m) => m.visibility }),
    channel: t.exposeString('channel', { description: 'How it travelled: EMAIL, PORTAL, PHONE or CHAT.' }),
    messageId: t.exposeString('message_id', { nullable: true, description: 'The email Message-ID, without angle brackets.' }),
    from: t.exposeString('from_address', { nullable: true, description: 'The sender’s address (email).' }),
    to: t.exposeString('to_address', { nullable: true, description: 'The recipient’s address (email).' }),
    author: t.exposeString('author', { nullable: true, description: 'The engineer who wrote it (replies and notes).' }),
    subject: t.exposeString('subject', { description: 'Its subject line.' }),
    body: t.string({ description: 'Its text (HTML mail rendered as text).', resolve: (m, _args, ctx, info) => ctx.budget.spend(m.body, info) }),
    automated: t.exposeString('automated', { nullable: true, description: 'Why the message counts as auto-generated (bounce, auto-reply…), if it does.' }),
    senderAuthentication: t.field({
      type: SenderAuthenticationRef,
      nullable: true,
      description: 'Staff only: whether the sender of this email proved who it is.',
      resolve: (m, _args, ctx) => senderAuthenticationFor(ctx, m.sender_authentication),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was received or sent.', resolve: (m) => toDate(m.created_at) }),
    attachments: t.loadableList({
      type: AttachmentRef,
      description: 'Its attachments.',
      load: async (messageIds: readonly number[], ctx: GraphQLContext) => {
        const rows = await attachmentsOfMessages(ctx.desk.store.db, messageIds);
        return messageIds.map((id) => rows.filter((r) => r.message_id === id));
      },
      resolve: (m) => m.id,
    }),
  }),
});
