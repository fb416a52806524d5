// Working a ticket (SPEC §2.6, §4.1): take the top of the queue, assign, reply, note, resolve, reopen,
// close, change the level; and the customer's own messages from a portal. Each resolver decodes its
// input, calls one use case and returns the ticket; refusals are typed errors in the result union.
import { PriorityLevelSchema, type PriorityLevel } from '@nocdesk/domain';
import { z } from 'zod';
import { IdempotencyKeyReusedError, NotFoundError, QueueEmptyError, ReporterNotAuthorizedError, TicketTransitionRefusedError } from '../errors.js';
import { addInternalNote } from '../tickets/add-internal-note.js';
import { addTicketMessage } from '../tickets/add-ticket-message.js';
import { assignTicket } from '../tickets/assign-ticket.js';
import { changeTicketPriority } from '../tickets/change-ticket-priority.js';
import { closeTicket } from '../tickets/close-ticket.js';
import type { StaffPrincipal } from '../tickets/engineer.js';
import { reopenTicket } from '../tickets/reopen-ticket.js';
import { replyToTicket } from '../tickets/reply-to-ticket.js';
import { resolveTicket } from '../tickets/resolve-ticket.js';
import { takeNextTicket } from '../tickets/take-next-ticket.js';
import { NotAuthorizedError, builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { localId } from './global-id.js';
import { TicketRef, TicketStatusEnum } from './ticket.js';

/** The caller as a staff member; the field's authScopes already ensured it. */
function staffOf(ctx: GraphQLContext): StaffPrincipal {
  if (ctx.principal.kind !== 'staff') throw new NotAuthorizedError(ctx.principal.kind === 'anonymous');
  return ctx.principal;
}

const text = (what: string, max: number) => z.string().trim().min(1, `${what} is required.`).max(max);
const reason = z.string().trim().min(3, 'A reason is required; it is recorded in the history.').max(1000);
const idempotencyKey = z.string().min(1).max(200);

const ReplyStatusEnum = builder.enumType('ReplyStatus', {
  description: 'Where a reply may leave the ticket.',
  values: {
    IN_PROGRESS: { description: 'Keep working on it (the default).' },
    WAITING_CUSTOMER: { description: 'The reply asks the customer something; the clocks of levels 2–3 pause.' },
    RESOLVED: { description: 'The reply solves it: the first response and the resolution in one step.' },
  } as const,
});

const AssignTicketInput = builder.inputType('AssignTicketInput', {
  description: 'Who works a ticket.',
  fields: (t) => ({
    ticketId: t.id({ description: 'The ticket’s id.' }),
    assignee: t.string({ required: false, description: 'The engineer’s staff name; omitted: the caller.', validate: z.string().trim().min(1).max(100) }),
  }),
});

const ReplyToTicketInput = builder.inputType('ReplyToTicketInput', {
  description: 'An engineer’s public answer to the reporter.',
  fields: (t) => ({
    ticketId: t.id({ description: 'The ticket’s id.' }),
    body: t.string({ description: 'Emailed to the reporter, threaded on the conversation.', validate: text('The reply', 100_000) }),
    status: t.field({ type: ReplyStatusEnum, required: false, description: 'Where the reply leaves the ticket; IN_PROGRESS by default.' }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key sends the reply once.', validate: idempotencyKey }),
  }),
});

const AddInternalNoteInput = builder.inputType('AddInternalNoteInput', {
  description: 'A note between engineers.',
  fields: (t) => ({
    ticketId: t.id({ description: 'The ticket’s id.' }),
    body: t.string({ description: 'Never emailed, never shown to partners.', validate: text('The note', 100_000) }),
  }),
});

const ResolveTicketInput = builder.inputType('ResolveTicketInput', {
  description: 'What solved a ticket.',
  fields: (t) => ({
    ticketId: t.id({ description: 'The ticket’s id.' }),
    resolution: t.string({ description: 'What solved it; emailed to the reporter.', validate: text('The resolution', 100_000) }),
  }),
});

const ReopenTicketInput = builder.inputType('ReopenTicketInput', {
  description: 'A resolved ticket to put back to work, and why.',
  fields: (t) => ({ ticketId: t.id({ description: 'The ticket’s id.' }), reason: t.string({ description: 'Why it is not solved; recorded in the history.', validate: reason }) }),
});

const CloseTicketInput = builder.inputType('CloseTicketInput', {
  description: 'A resolved ticket to close for good.',
  fields: (t) => ({ ticketId: t.id({ description: 'The ticket’s id.' }), reason: t.string({ required: false, description: 'Why, recorded in the history.', validate: z.string().trim().max(1000) }) }),
});

const AddTicketMessageInput = builder.inputType('AddTicketMessageInput', {
  description: 'Information the customer adds from the portal.',
  fields: (t) => ({
    ticketId: t.id({ description: 'The ticket’s id.' }),
    body: t.string({ description: 'What the customer adds; on a closed ticket it opens a follow-up ticket.', validate: text('The message', 100_000) }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key adds the message once.', validate: idempotencyKey }),
  }),
});

const ChangeTicketPriorityInput = builder.inputType('ChangeTicketPriorityInput', {
  description: 'A new level for a ticket, and why.',
  fields: (t) => ({
    ticketId: t.id({ description: 'The ticket’s id.' }),
    level: t.field({ type: 'PriorityLevel', description: 'The new level.', validate: PriorityLevelSchema }),
    reason: t.string({ description: 'Why; recorded in the history.', validate: z.string().trim().min(3, 'A reason is required; it is recorded in the history.').max(1000) }),
  }),
});

const ticketResult = { dataField: { name: 'ticket', description: 'The ticket after the step.' } } as const;
const WORK_ERRORS = [NotFoundError, TicketTransitionRefusedError];

builder.mutationFields((t) => ({
  takeNextTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'Assigns the top of the strict queue to the caller, atomically: two engineers never get the same ticket, and no level-2 ticket is handed out while an unassigned level-1 ticket is open.',
    errors: { types: [QueueEmptyError, TicketTransitionRefusedError], ...ticketResult },
    resolve: (_root, _args, ctx) => takeNextTicket(ctx.desk, staffOf(ctx)),
  }),
  assignTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'Gives a ticket to an engineer (the caller when assignee is omitted); an open ticket moves to IN_PROGRESS.',
    errors: { types: WORK_ERRORS, ...ticketResult },
    args: { input: t.arg({ type: AssignTicketInput, description: 'Which ticket, to whom.' }) },
    resolve: (_root, { input }, ctx) => assignTicket(ctx.desk, staffOf(ctx), { ticketId: localId(String(input.ticketId), 'Ticket'), assignee: input.assignee ?? null }),
  }),
  replyToTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'A public reply, emailed threaded to the reporter in the ticket’s language; status may set WAITING_CUSTOMER or RESOLVED in the same step.',
    errors: { types: [...WORK_ERRORS, IdempotencyKeyReusedError], ...ticketResult },
    args: { input: t.arg({ type: ReplyToTicketInput, description: 'The reply.' }) },
    resolve: (_root, { input }, ctx) =>
      replyToTicket(ctx.desk, staffOf(ctx), { ticketId: localId(String(input.ticketId), 'Ticket'), body: input.body, status: input.status ?? null, idempotencyKey: input.idempotencyKey ?? null }),
  }),
  addInternalNote: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'A note for engineers: never emailed, never visible to partners, not a response.',
    errors: { types: WORK_ERRORS, ...ticketResult },
    args: { input: t.arg({ type: AddInternalNoteInput, description: 'The note.' }) },
    resolve: (_root, { input }, ctx) => addInternalNote(ctx.desk, staffOf(ctx), { ticketId: localId(String(input.ticketId), 'Ticket'), body: input.body }),
  }),
  resolveTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'Marks the ticket solved and emails the resolution; a reply within the reopen window reopens it.',
    errors: { types: WORK_ERRORS, ...ticketResult },
    args: { input: t.arg({ type: ResolveTicketInput, description: 'Which ticket, and what solved it.' }) },
    resolve: (_root, { input }, ctx) => resolveTicket(ctx.desk, staffOf(ctx), { ticketId: localId(String(input.ticketId), 'Ticket'), resolution: input.resolution }),
  }),
  reopenTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true, partner: true },
    description: 'Back to work after resolution. Partners: their own customer’s RESOLVED tickets only.',
    errors: { types: WORK_ERRORS, ...ticketResult },
    args: { input: t.arg({ type: ReopenTicketInput, description: 'Which ticket, and why.' }) },
    resolve: (_root, { input }, ctx) => reopenTicket(ctx.desk, ctx.principal, { ticketId: localId(String(input.ticketId), 'Ticket'), reason: input.reason.trim() }),
  }),
  closeTicket: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'Closes a resolved ticket for good before the reopen window ends (the scheduler closes it after NOCDESK_CLOSE_AFTER_DAYS otherwise).',
    errors: { types: WORK_ERRORS, ...ticketResult },
    args: { input: t.arg({ type: CloseTicketInput, description: 'Which ticket.' }) },
    resolve: (_root, { input }, ctx) => closeTicket(ctx.desk, staffOf(ctx), { ticketId: localId(String(input.ticketId), 'Ticket'), reason: input.reason?.trim() || null }),
  }),
  addTicketMessage: t.field({
    type: TicketRef,
    authScopes: { partner: true },
    description: 'The customer adds information from the portal; a ticket waiting for the customer, or resolved, goes back to work. On a closed ticket it opens a follow-up ticket (see followUpOf), which is what is returned.',
    errors: { types: [...WORK_ERRORS, IdempotencyKeyReusedError, ReporterNotAuthorizedError], ...ticketResult },
    args: { input: t.arg({ type: AddTicketMessageInput, description: 'The message.' }) },
    resolve: (_root, { input }, ctx) => addTicketMessage(ctx.desk, ctx.principal, { ticketId: localId(String(input.ticketId), 'Ticket'), body: input.body, idempotencyKey: input.idempotencyKey ?? null }),
  }),
  changeTicketPriority: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'Sets a ticket’s level by hand (engineers); the reason is recorded in the history and the queue reorders.',
    errors: { types: [NotFoundError], ...ticketResult },
    args: { input: t.arg({ type: ChangeTicketPriorityInput, description: 'Which ticket, which level, why.' }) },
    resolve: (_root, { input }, ctx) =>
      changeTicketPriority(ctx.desk, ctx.principal, { ticketId: localId(String(input.ticketId), 'Ticket'), level: input.level as PriorityLevel, reason: input.reason.trim() }),
  }),
}));

export { TicketStatusEnum };
