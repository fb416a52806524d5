// The live assistant (SPEC §4.1, §4.3): conversations between a customer's contact (through its partner
// portal) and an engineer, their lines, the mutations of a chat's life and the `conversationMessages`
// subscription. Resolvers decode input, call one use case and return its result; refusals are typed
// errors in the result unions. Another customer's conversation is "not found", never "forbidden".
import { chatWaitDeadline, OPEN_CONVERSATION_STATUSES, PriorityLevelSchema, type PriorityLevel } from '@nocdesk/domain';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { createGraphQLError } from 'graphql-yoga';
import { z } from 'zod';
import { closeConversation } from '../conversations/close-conversation.js';
import type { ParticipantPrincipal } from '../conversations/conversation-participant.js';
import { convertConversationToTicket } from '../conversations/convert-conversation-to-ticket.js';
import { joinConversation } from '../conversations/join-conversation.js';
import { sendConversationMessage } from '../conversations/send-conversation-message.js';
import { startConversation, type PartnerPrincipal } from '../conversations/start-conversation.js';
import type { Desk } from '../desk.js';
import {
  ChatLimitExceededError,
  ConversationStepRefusedError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ReporterNotAuthorizedError,
} from '../errors.js';
import type { ConversationEventMessage } from '../events/desk-events.js';
import { findConversationsByIds, listConversations, messagesOfConversations } from '../store/conversations.js';
import { toDate, toDateOrNull, type ConversationAuthorKind, type ConversationMessageRow, type ConversationNotice, type ConversationRow } from '../store/tables.js';
import type { StaffPrincipal } from '../tickets/engineer.js';
import { NotAuthorizedError, builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { ConversationStatusEnum } from './conversation-status.js';
import { ContactRef, CustomerRef, LanguageEnum } from './customer.js';
import { decodeCursor } from './cursors.js';
import { badRequest } from './errors.js';
import { decodeTypedId, localId } from './global-id.js';
import { canSeeCustomer } from './loaders.js';
import { whileAuthorised } from './while-authorised.js';
import { TicketRef } from './ticket.js';

/** One line of a conversation, from the store or from a live event alike. */
interface ConversationLine {
  readonly id: number;
  readonly authorKind: ConversationAuthorKind;
  readonly author: string | null;
  readonly notice: ConversationNotice | null;
  readonly body: string;
  readonly createdAt: Date;
}

function lineOfRow(row: ConversationMessageRow): ConversationLine {
  return { id: Number(row.id), authorKind: row.author_kind, author: row.author, notice: row.notice, body: row.body, createdAt: toDate(row.created_at) };
}

function lineOfEvent(line: ConversationEventMessage['line']): ConversationLine {
  return { ...line, createdAt: new Date(line.createdAt) };
}

/** The lines after which nothing more is written in a conversation: its stream ends with them. */
const FINAL_NOTICES: readonly ConversationNotice[] = ['CLOSED', 'CONVERTED', 'AUTO_CONVERTED'];

const ConversationAuthorEnum = builder.enumType('ConversationAuthor', {
  description: 'Who wrote a line of a conversation.',
  values: {
    CONTACT: { description: 'The customer’s contact, through the partner portal.' },
    ENGINEER: { description: 'The engineer answering.' },
    SYSTEM: { description: 'The desk itself: waiting, an engineer joined, the conversation ended or became a ticket (see notice).' },
  } as const,
});

const ConversationNoticeEnum = builder.enumType('ConversationNotice', {
  description: 'What a line of the desk’s own announces; a portal may show its own words for it instead of the body.',
  values: {
    WAITING: { description: 'Started: an engineer will join, or after NOCDESK_CHAT_WAIT_S it becomes a ticket by itself.' },
    ENGINEER_JOINED: { description: 'An engineer joined (or took the conversation over).' },
    CLOSED: { description: 'The conversation was closed; nothing more is written in it.' },
    CONVERTED: { description: 'The conversation became a ticket; the acknowledgement goes to the contact by email.' },
    AUTO_CONVERTED: { description: 'No engineer joined in time: the conversation became a ticket by itself.' },
  } as const,
});

const ConversationMessageRef = builder.objectRef<ConversationLine>('ConversationMessage').implement({
  description: 'One line of a conversation: who wrote what, when.',
  fields: (t) => ({
    id: t.id({ description: 'Increasing in the order lines were written: pass the last one you have as `after` to conversationMessages to miss nothing.', resolve: (l) => String(l.id) }),
    author: t.field({ type: ConversationAuthorEnum, description: 'Who wrote it.', resolve: (l) => l.authorKind }),
    authorName: t.string({ nullable: true, description: 'The contact’s name or the engineer’s staff name; null for the desk’s own lines.', resolve: (l) => l.author }),
    notice: t.field({ type: ConversationNoticeEnum, nullable: true, description: 'Set on the desk’s own lines.', resolve: (l) => l.notice }),
    body: t.exposeString('body', { description: 'What was written.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was written.', resolve: (l) => l.createdAt }),
  }),
});

export const ConversationRef = builder.loadableNodeRef<ConversationRow, string>('Conversation', {
  id: { resolve: (c) => c.id },
  load: async (ids: readonly string[], ctx: GraphQLContext) => (await findConversationsByIds(ctx.desk.store.db, ids)).filter((c) => canSeeCustomer(ctx, c.customer_id)),
  sort: (c) => c.id,
});

ConversationRef.implement({
  description: 'A live-assistant conversation between one contact of one customer and an engineer.',
  authScopes: (conversation, ctx) => canSeeCustomer(ctx, conversation.customer_id),
  fields: (t) => ({
    subject: t.exposeString('subject', { nullable: true, description: 'What it is about, when the portal said.' }),
    status: t.field({ type: ConversationStatusEnum, description: 'Where it stands.', resolve: (c) => c.status }),
    language: t.field({ type: LanguageEnum, description: 'Of the desk’s lines and of the ticket it may become.', resolve: (c) => c.language }),
    customer: t.field({ type: CustomerRef, description: 'The customer of the contact.', resolve: (c) => c.customer_id }),
    contact: t.field({ type: ContactRef, description: 'The contact chatting.', resolve: (c) => c.contact_id }),
    engineer: t.exposeString('engineer', { nullable: true, description: 'The engineer answering (staff name).' }),
    startedAt: t.field({ type: 'DateTime', description: 'Also when it started waiting.', resolve: (c) => toDate(c.started_at) }),
    joinedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the engineer answering joined.', resolve: (c) => toDateOrNull(c.joined_at) }),
    endedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was closed or converted.', resolve: (c) => toDateOrNull(c.ended_at) }),
    waitingSeconds: t.int({
      nullable: true,
      description: 'WAITING only: how long the contact has waited for an engineer.',
      resolve: (c, _args, ctx) => (c.status === 'WAITING' ? Math.max(0, Math.floor((ctx.desk.now().getTime() - toDate(c.started_at).getTime()) / 1000)) : null),
    }),
    convertsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'WAITING only: when it becomes a ticket by itself unless an engineer joins (NOCDESK_CHAT_WAIT_S).',
      resolve: (c, _args, ctx) => (c.status === 'WAITING' ? chatWaitDeadline(toDate(c.started_at), ctx.desk.config.chatWaitSeconds) : null),
    }),
    ticket: t.field({ type: TicketRef, nullable: true, description: 'The ticket it became.', resolve: (c) => c.ticket_id }),
    messages: t.loadableList({
      type: ConversationMessageRef,
      description: 'Every line, oldest first.',
      load: async (conversationIds: readonly string[], ctx: GraphQLContext) => {
        const rows = await messagesOfConversations(ctx.desk.store.db, conversationIds);
        return conversationIds.map((id) => rows.filter((r) => r.conversation_id === id).map(lineOfRow));
      },
      resolve: (c) => c.id,
    }),
  }),
});

/** The caller as a participant; the fields' scopes already admitted only partners and engineers. */
function participantOf(ctx: GraphQLContext): ParticipantPrincipal {
  if (ctx.principal.kind === 'anonymous') throw new NotAuthorizedError(true);
  return ctx.principal;
}

function partnerOf(ctx: GraphQLContext): PartnerPrincipal {
  if (ctx.principal.kind !== 'partner') throw new NotAuthorizedError(ctx.principal.kind === 'anonymous');
  return ctx.principal;
}

function staffOf(ctx: GraphQLContext): StaffPrincipal {
  if (ctx.principal.kind !== 'staff') throw new NotAuthorizedError(ctx.principal.kind === 'anonymous');
  return ctx.principal;
}

const conversationId = (input: { conversationId: string | number }) => localId(String(input.conversationId), 'Conversation');

const StartConversationInput = builder.inputType('StartConversationInput', {
  description: 'A new conversation for one of the customer’s authorised contacts.',
  fields: (t) => ({
    contactEmail: t.string({
      description: 'The contact signed in to the portal: an active ADMINISTRATIVE or TECHNICAL contact of the customer.',
      validate: z.string().trim().min(3).max(320).email('Not an email address.'),
    }),
    subject: t.string({ required: false, description: 'What it is about, if the portal asks; it becomes the ticket’s subject.', validate: z.string().trim().max(300) }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key returns the same conversation.', validate: z.string().min(1).max(200) }),
  }),
});

const SendConversationMessageInput = builder.inputType('SendConversationMessageInput', {
  description: 'A line to write in a conversation.',
  fields: (t) => ({
    conversationId: t.id({ description: 'The conversation’s id.' }),
    body: t.string({ description: 'At most NOCDESK_CHAT_MAX_MESSAGE_BYTES (UTF-8).', validate: z.string().refine((s) => s.trim() !== '', 'The message is empty.') }),
  }),
});

const ConversationIdInput = (name: string) => builder.inputType(name, { description: 'Which conversation.', fields: (t) => ({ conversationId: t.id({ description: 'The conversation’s id.' }) }) });
const JoinConversationInput = ConversationIdInput('JoinConversationInput');
const CloseConversationInput = ConversationIdInput('CloseConversationInput');

const ConvertConversationToTicketInput = builder.inputType('ConvertConversationToTicketInput', {
  description: 'A conversation to turn into a ticket.',
  fields: (t) => ({
    conversationId: t.id({ description: 'The conversation’s id.' }),
    subject: t.string({ required: false, description: 'Omitted: the conversation’s subject, else the contact’s first words in the chat.', validate: z.string().trim().max(300) }),
    requestedLevel: t.field({ type: 'PriorityLevel', required: false, description: 'The level asked for; otherwise decided from the transcript.', validate: PriorityLevelSchema }),
  }),
});

const STEP_ERRORS = [NotFoundError, ConversationStepRefusedError];

builder.mutationFields((t) => ({
  startConversation: t.field({
    type: ConversationRef,
    authScopes: { partner: true },
    description: 'Live assistant: opens a conversation for one of your customer’s authorised contacts (checked like an email sender). It waits for an engineer; after NOCDESK_CHAT_WAIT_S it becomes a ticket by itself.',
    errors: { types: [ReporterNotAuthorizedError, ChatLimitExceededError, IdempotencyKeyReusedError], dataField: { name: 'conversation', description: 'The new conversation, waiting for an engineer.' } },
    args: { input: t.arg({ type: StartConversationInput, description: 'For whom, and about what.' }) },
    resolve: (_root, { input }, ctx) =>
      startConversation(ctx.desk, partnerOf(ctx), { contactEmail: input.contactEmail.trim(), subject: input.subject ?? null, idempotencyKey: input.idempotencyKey ?? null }),
  }),
  sendConversationMessage: t.field({
    type: ConversationMessageRef,
    authScopes: { partner: true, engineer: true },
    description: 'A chat line: the contact’s (partner) or the answering engineer’s. Both sides’ conversationMessages subscriptions hear it.',
    errors: { types: [...STEP_ERRORS, ChatLimitExceededError], dataField: { name: 'conversationMessage', description: 'The line written.' } },
    args: { input: t.arg({ type: SendConversationMessageInput, description: 'The line.' }) },
    resolve: async (_root, { input }, ctx) => lineOfRow((await sendConversationMessage(ctx.desk, participantOf(ctx), { conversationId: conversationId(input), body: input.body })).line),
  }),
  joinConversation: t.field({
    type: ConversationRef,
    authScopes: { engineer: true },
    description: 'An engineer answers a waiting conversation, or takes over one another engineer answers.',
    errors: { types: STEP_ERRORS, dataField: { name: 'conversation', description: 'The conversation, now answered.' } },
    args: { input: t.arg({ type: JoinConversationInput, description: 'Which conversation.' }) },
    resolve: (_root, { input }, ctx) => joinConversation(ctx.desk, staffOf(ctx), { conversationId: conversationId(input) }),
  }),
  closeConversation: t.field({
    type: ConversationRef,
    authScopes: { partner: true, engineer: true },
    description: 'Ends the chat; its transcript stays and it can still be converted into a ticket.',
    errors: { types: STEP_ERRORS, dataField: { name: 'conversation', description: 'The conversation, closed.' } },
    args: { input: t.arg({ type: CloseConversationInput, description: 'Which conversation.' }) },
    resolve: (_root, { input }, ctx) => closeConversation(ctx.desk, participantOf(ctx), { conversationId: conversationId(input) }),
  }),
  convertConversationToTicket: t.field({
    type: TicketRef,
    authScopes: { partner: true, engineer: true },
    description: 'The transcript (who said what, when) becomes the first message of a ticket opened like any other (channel CHAT): its number, level and the acknowledgement by email to the contact. The conversation links to it and says so in the chat.',
    errors: { types: [...STEP_ERRORS, ReporterNotAuthorizedError], dataField: { name: 'ticket', description: 'The new ticket, its first message the transcript.' } },
    args: { input: t.arg({ type: ConvertConversationToTicketInput, description: 'Which conversation, and the ticket’s subject and level.' }) },
    resolve: async (_root, { input }, ctx) =>
      (
        await convertConversationToTicket(ctx.desk, participantOf(ctx), {
          conversationId: conversationId(input),
          subject: input.subject ?? null,
          requestedLevel: (input.requestedLevel as PriorityLevel | null | undefined) ?? null,
        })
      ).ticket,
  }),
}));

function encodeConversationCursor(row: ConversationRow): string {
  return JSON.stringify([toDate(row.started_at).toISOString(), row.id]);
}

builder.queryFields((t) => ({
  conversations: t.connection({
    type: ConversationRef,
    authScopes: { engineer: true },
    description: 'Conversations, the longest waiting first, with their customer and contact. Without status: the waiting and the active ones.',
    args: { status: t.arg({ type: ConversationStatusEnum, required: false, description: 'Only these; the waiting and the active ones by default.' }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: encodeConversationCursor }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on conversations; page forward with first/after.');
        const cursor = after ? decodeCursor(after, z.tuple([z.iso.datetime(), z.string().max(100)]), 'conversations') : undefined;
        return listConversations(
          ctx.desk.store.db,
          ctx.desk.store.dialect,
          { statuses: args.status ? [args.status] : OPEN_CONVERSATION_STATUSES },
          { limit, ...(cursor ? { after: { startedAt: cursor[0], id: cursor[1] } } : {}) },
        );
      }),
  }),
  conversation: t.field({
    type: ConversationRef,
    nullable: true,
    authScopes: { partner: true, engineer: true },
    description: 'A conversation by id; null when unknown or not yours.',
    args: { id: t.arg.id({ description: 'The conversation’s id.' }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeTypedId(String(args.id), 'Conversation');
      const [row] = id ? await findConversationsByIds(ctx.desk.store.db, [id]) : [];
      return row && canSeeCustomer(ctx, row.customer_id) ? row : null;
    },
  }),
}));

/**
 * The conversation's lines: first those stored after `afterId` (when given), then live ones, without
 * gaps or repeats. The live listener is attached before the stored lines are read, so a line written
 * in between arrives either way; the stream ends after a closing or converting line.
 */
async function* conversationLines(desk: Desk, conversation: ConversationRow, afterId: number | undefined): AsyncGenerator<ConversationLine> {
  const live = desk.events.subscribe('conversationMessages', conversation.id)[Symbol.asyncIterator]();
  let pending = live.next();
  let last = afterId ?? 0;
  try {
    if (afterId !== undefined) {
      for (const row of await messagesOfConversations(desk.store.db, [conversation.id], { afterId })) {
        const line = lineOfRow(row);
        last = line.id;
        yield line;
        if (line.notice !== null && FINAL_NOTICES.includes(line.notice)) return;
      }
    }
    if (conversation.status === 'CONVERTED' && afterId === undefined) return;
    for (;;) {
      const next = await pending;
      if (next.done) return;
      pending = live.next();
      const line = lineOfEvent(next.value.line);
      if (line.id <= last) continue;
      last = line.id;
      yield line;
      if (line.notice !== null && FINAL_NOTICES.includes(line.notice)) return;
    }
  } finally {
    await live.return?.();
  }
}

builder.subscriptionField('conversationMessages', (t) =>
  t.field({
    type: ConversationMessageRef,
    authScopes: { partner: true, engineer: true },
    description:
      'The lines of one conversation as they are written, from both sides and the desk; authorised when it opens (another customer’s conversation: not found) and on every line. Pass `after` (the last line id you have) to receive what you missed first. The stream ends after the line that closes or converts the conversation.',
    args: {
      conversationId: t.arg.id({ description: 'The conversation’s id.' }),
      after: t.arg.id({ required: false, description: 'The id of the last line you have.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const id = decodeTypedId(String(args.conversationId), 'Conversation');
      const [conversation] = id ? await findConversationsByIds(ctx.desk.store.db, [id]) : [];
      if (!conversation || !canSeeCustomer(ctx, conversation.customer_id)) throw createGraphQLError('Conversation was not found.', { extensions: { code: 'NOT_FOUND' } });
      let afterId: number | undefined;
      if (args.after !== null && args.after !== undefined) {
        if (!/^\d{1,15}$/.test(String(args.after))) throw badRequest('after: pass the id of a line of this conversation.');
        afterId = Number(args.after);
      }
      return whileAuthorised(ctx, conversationLines(ctx.desk, conversation, afterId));
    },
    resolve: (line: ConversationLine) => line,
  }),
);
