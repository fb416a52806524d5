// Tickets: the type partners and engineers read, the portal channel (`createTicket`), lists, the strict
// priority queue and priority changes.
import {
  displayTicketNumber,
  parseTicketNumber,
  priorityName,
  PriorityLevelSchema,
  slaDeadlines,
  TicketCategorySchema,
  type PriorityLevel,
} from '@nocdesk/domain';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { actorOf, customerScope } from '../auth/principal.js';
import { IdempotencyKeyReusedError, NotFoundError, ReporterNotAuthorizedError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { createPortalTicket } from '../tickets/open-portal-ticket.js';
import type { TicketRow } from '../store/tables.js';
import { toDate } from '../store/tables.js';
import { changeTicketLevel, findTicketByNumber, findTicketsByIds, listTickets, queuePage, ticketEvents, type QueueCursor, type TicketStatus } from '../store/tickets.js';
import { builder } from './builder.js';
import { decodeCursor } from './cursors.js';
import type { GraphQLContext } from './context.js';
import { ContactRef, CustomerRef, LanguageEnum, ServiceRef } from './customer.js';
import { localId } from './global-id.js';
import { badRequest, COMMON_ERRORS } from './errors.js';
import { canSeeCustomer } from './loaders.js';
import { MessageRef, messagesOfTickets } from './message.js';

export const TicketStatusEnum = builder.enumType('TicketStatus', {
  values: {
    OPEN: { description: 'Received, waiting for an engineer.' },
    IN_PROGRESS: { description: 'An engineer is working on it.' },
    RESOLVED: { description: 'Solved; the customer was told.' },
    CLOSED: { description: 'Closed for good.' },
  } as const,
});
export const ChannelEnum = builder.enumType('Channel', {
  values: { EMAIL: { description: 'Email to the NOC address' }, PORTAL: { description: 'Partner portal / API' }, PHONE: { description: 'Phone call to an engineer' }, CHAT: { description: 'Live assistant' } } as const,
});
export const TicketCategoryEnum = builder.enumType('TicketCategory', {
  values: {
    OUTAGE: { description: 'Unplanned service interruption: level 1.' },
    DEGRADATION: { description: 'Degraded service: level 2.' },
    OPTIMISATION: { description: 'Service optimisation: level 2.' },
    ADMINISTRATIVE: { description: 'Administrative matter: level 3.' },
  } as const,
});
export const PrioritySourceEnum = builder.enumType('PrioritySource', {
  values: {
    REQUESTED: { value: 'requested', description: 'The reporter asked for this level.' },
    CATEGORY: { value: 'category', description: 'Derived from the category.' },
    KEYWORD: { value: 'keyword', description: 'A keyword in the subject or body.' },
    DEFAULT: { value: 'default', description: 'Nothing said otherwise: standard priority.' },
    STAFF: { value: 'staff', description: 'Set by an engineer, with a reason in the history.' },
  } as const,
});

/**
 * What a caller may learn from the flags: that a SOF belongs to another customer is that customer's
 * business, so a partner is told only that it is not one of its own (SOF_UNKNOWN). Staff see the truth.
 */
function flagsFor(ctx: GraphQLContext, flags: readonly string[]): string[] {
  if (ctx.principal.kind === 'staff') return [...flags];
  return [...new Set(flags.map((f) => (f === 'SOF_FOREIGN' ? 'SOF_UNKNOWN' : f)))].sort();
}

interface PriorityView {
  readonly level: PriorityLevel;
  readonly source: string;
  readonly matched: string | null;
}

const PriorityRef = builder.objectRef<PriorityView>('Priority').implement({
  fields: (t) => ({
    level: t.int({ resolve: (p) => p.level, description: '1 Maximum, 2 High, 3 Standard.' }),
    name: t.string({
      args: { language: t.arg({ type: LanguageEnum, required: false }) },
      resolve: (p, args) => priorityName(p.level, args.language ?? 'en'),
    }),
    source: t.field({ type: PrioritySourceEnum, resolve: (p) => p.source as 'requested' }),
    matched: t.string({ nullable: true, resolve: (p) => p.matched, description: 'The keyword, category or request that gave the level.' }),
  }),
});

interface EventView {
  readonly id: number;
  readonly type: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly data: string;
  readonly created_at: Date | string;
}

const TicketEventRef = builder.objectRef<EventView>('TicketEvent').implement({
  description: 'One entry of a ticket’s history: what changed, who did it, when and why.',
  fields: (t) => ({
    type: t.exposeString('type'),
    actor: t.exposeString('actor'),
    reason: t.exposeString('reason', { nullable: true }),
    data: t.field({
      type: 'JSON',
      resolve: (e, _args, ctx) => {
        const data = JSON.parse(e.data) as Record<string, unknown>;
        return Array.isArray(data.flags) ? { ...data, flags: flagsFor(ctx, data.flags as string[]) } : data;
      },
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => toDate(e.created_at) }),
  }),
});

export const TicketRef = builder.loadableNodeRef<TicketRow, string>('Ticket', {
  id: { resolve: (t) => t.id },
  load: async (ids: readonly string[], ctx: GraphQLContext) => (await findTicketsByIds(ctx.desk.store.db, ids)).filter((r) => canSeeCustomer(ctx, r.customer_id)),
  sort: (t) => t.id,
});

TicketRef.implement({
  authScopes: (ticket, ctx) => canSeeCustomer(ctx, ticket.customer_id),
  fields: (t) => ({
    number: t.exposeString('number', { description: 'Canonical digits; the last one is a Damm check digit.' }),
    displayNumber: t.string({ resolve: (row, _args, ctx) => displayTicketNumber(row.number, { prefix: ctx.desk.config.ticketPrefix }) }),
    subject: t.exposeString('subject'),
    description: t.exposeString('description'),
    status: t.field({ type: TicketStatusEnum, resolve: (row) => row.status as TicketStatus }),
    priority: t.field({ type: PriorityRef, resolve: (row) => ({ level: row.level as PriorityLevel, source: row.priority_source, matched: row.priority_matched }) }),
    channel: t.field({ type: ChannelEnum, resolve: (row) => row.channel as 'EMAIL' }),
    flags: t.stringList({
      description: 'Intake flags for triage: SOF_MISSING, SOF_FOREIGN, PRIORITY_MISMATCH… A partner sees SOF_FOREIGN as SOF_UNKNOWN.',
      resolve: (row, _args, ctx) => flagsFor(ctx, row.flags ? row.flags.split(',') : []),
    }),
    language: t.field({ type: LanguageEnum, resolve: (row) => row.language as 'en' }),
    sof: t.exposeString('sof', { nullable: true, description: 'The SOF number as given, even when it is not the customer’s (see flags).' }),
    customer: t.field({ type: CustomerRef, resolve: (row) => row.customer_id }),
    reporter: t.field({ type: ContactRef, resolve: (row) => row.contact_id }),
    service: t.field({ type: ServiceRef, nullable: true, resolve: (row) => row.service_id }),
    assignedTo: t.exposeString('assigned_to', { nullable: true }),
    escalationCount: t.exposeInt('escalation_count'),
    receivedAt: t.field({ type: 'DateTime', resolve: (row) => toDate(row.received_at) }),
    createdAt: t.field({ type: 'DateTime', resolve: (row) => toDate(row.created_at) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (row) => toDate(row.updated_at) }),
    acknowledgedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the acknowledgement with the number was sent.', resolve: (row) => (row.acknowledged_at ? toDate(row.acknowledged_at) : null) }),
    firstResponseDue: t.field({ type: 'DateTime', description: 'SLA: an engineer answers by then.', resolve: (row) => toDate(row.first_response_due) }),
    events: t.loadableList({
      type: TicketEventRef,
      description: 'The history, oldest first: every change, who made it, when and why.',
      load: async (ticketIds: readonly string[], ctx: GraphQLContext) => {
        const rows = await ticketEvents(ctx.desk.store.db, ticketIds);
        return ticketIds.map((id) => rows.filter((r) => r.ticket_id === id));
      },
      resolve: (row) => row.id,
    }),
    messages: t.loadableList({ type: MessageRef, load: messagesOfTickets, resolve: (row) => row.id }),
  }),
});

const TicketFilter = builder.inputType('TicketFilter', {
  fields: (t) => ({
    status: t.field({ type: [TicketStatusEnum], required: false }),
    level: t.int({ required: false, validate: PriorityLevelSchema }),
    channel: t.field({ type: ChannelEnum, required: false }),
    customerId: t.id({ required: false, description: 'Staff only; a partner always sees its own customer.' }),
  }),
});

function visibleTicket(ctx: GraphQLContext, row: TicketRow | undefined): TicketRow | null {
  return row && canSeeCustomer(ctx, row.customer_id) ? row : null;
}

function encodeQueueCursor(row: TicketRow): string {
  return JSON.stringify([row.level, toDate(row.received_at).toISOString(), Number(row.seq)]);
}

function decodeQueueCursor(cursor: string | undefined): QueueCursor | undefined {
  if (!cursor) return undefined;
  const [level, receivedAt, seq] = decodeCursor(cursor, z.tuple([z.number().int(), z.iso.datetime(), z.number().int()]), 'queue');
  return { level, receivedAt, seq };
}

function decodeTicketsCursor(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw badRequest('Invalid tickets cursor: pass an endCursor returned by tickets.');
  return Number(cursor);
}

builder.queryFields((t) => ({
  ticket: t.field({
    type: TicketRef,
    nullable: true,
    authScopes: { authenticated: true },
    description: 'A ticket by number, with or without prefix, spaces or dashes. Null when unknown or not yours.',
    args: { number: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const parsed = parseTicketNumber(args.number, { prefix: ctx.desk.config.ticketPrefix });
      if (!parsed.ok) return null;
      return visibleTicket(ctx, await findTicketByNumber(ctx.desk.store.db, parsed.number, customerScope(ctx.principal)));
    },
  }),
  tickets: t.connection({
    type: TicketRef,
    authScopes: { authenticated: true },
    description: 'Tickets, newest first. A partner sees its own customer’s only.',
    args: { filter: t.arg({ type: TicketFilter, required: false }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (row: TicketRow) => String(row.seq) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on tickets; page forward with first/after.');
        const scope = customerScope(ctx.principal);
        const filterCustomer = args.filter?.customerId ? localId(String(args.filter.customerId), 'Customer') : undefined;
        const customerId = scope ?? filterCustomer;
        return listTickets(
          ctx.desk.store.db,
          {
            ...(customerId ? { customerId } : {}),
            ...(args.filter?.status ? { status: args.filter.status } : {}),
            ...(args.filter?.level ? { level: args.filter.level as PriorityLevel } : {}),
            ...(args.filter?.channel ? { channel: args.filter.channel } : {}),
          },
          { limit, ...(after ? { afterSeq: decodeTicketsCursor(after) } : {}) },
        );
      }),
  }),
  queue: t.connection({
    type: TicketRef,
    authScopes: { engineer: true },
    description: 'Open tickets in strict priority order: level, then received time, then number. No level-2 ticket comes before an open level-1 ticket.',
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: encodeQueueCursor }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on the queue; page forward with first/after.');
        const cursor = decodeQueueCursor(after);
        return queuePage(ctx.desk.store.db, ctx.desk.store.dialect, { limit, ...(cursor ? { after: cursor } : {}) });
      }),
  }),
}));

const CreateTicketInput = builder.inputType('CreateTicketInput', {
  fields: (t) => ({
    reporterEmail: t.string({ description: 'An ADMINISTRATIVE or TECHNICAL contact of the customer.', validate: z.string().trim().min(3).max(320).email('Not an email address.') }),
    subject: t.string({ validate: z.string().trim().min(1, 'The subject is required.').max(300) }),
    description: t.string({ validate: z.string().trim().min(1, 'Describe the problem in as much detail as possible.').max(100_000) }),
    sof: t.string({ required: false, description: 'The Service Order Form number, for a faster answer.', validate: z.string().max(64) }),
    requestedLevel: t.int({ required: false, validate: PriorityLevelSchema }),
    category: t.field({ type: TicketCategoryEnum, required: false, validate: TicketCategorySchema }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key returns the first ticket.', validate: z.string().min(1).max(200) }),
  }),
});

const ChangeTicketPriorityInput = builder.inputType('ChangeTicketPriorityInput', {
  fields: (t) => ({
    ticketId: t.id(),
    level: t.int({ validate: PriorityLevelSchema }),
    reason: t.string({ validate: z.string().trim().min(3, 'A reason is required; it is recorded in the history.').max(1000) }),
  }),
});

builder.mutationFields((t) => ({
  createTicket: t.field({
    type: TicketRef,
    authScopes: { partner: true, staff: true },
    description: 'The portal/API channel: checks the reporter, flags SOF problems, decides the level, numbers the ticket and queues the acknowledgement.',
    errors: { types: [...COMMON_ERRORS, ReporterNotAuthorizedError, IdempotencyKeyReusedError], dataField: { name: 'ticket' } },
    args: { input: t.arg({ type: CreateTicketInput }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await createPortalTicket(ctx.desk, ctx.principal, {
        reporterEmail: input.reporterEmail.trim(),
        subject: input.subject.trim(),
        description: input.description,
        sof: input.sof ?? null,
        requestedLevel: (input.requestedLevel as PriorityLevel | null | undefined) ?? null,
        category: input.category ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      return result.ticket;
    },
  }),
  changeTicketPriority: t.field({
    type: TicketRef,
    authScopes: { engineer: true },
    errors: { types: [...COMMON_ERRORS, NotFoundError], dataField: { name: 'ticket' } },
    args: { input: t.arg({ type: ChangeTicketPriorityInput }) },
    resolve: async (_root, { input }, ctx) => {
      const id = localId(String(input.ticketId), 'Ticket');
      const [current] = await findTicketsByIds(ctx.desk.store.db, [id]);
      if (!current) throw new NotFoundError('Ticket');
      const level = input.level as PriorityLevel;
      const due = slaDeadlines(level, toDate(current.received_at));
      const row = await changeTicketLevel(ctx.desk.store.db, { ticketId: id, level, reason: input.reason.trim(), actor: actorOf(ctx.principal), firstResponseDue: due.firstResponseBy, now: ctx.desk.now() });
      if (!row) throw new NotFoundError('Ticket');
      announceTicket(ctx.desk.events, { ticketId: row.id, customerId: row.customer_id, type: 'PRIORITY_CHANGED' });
      return row;
    },
  }),
}));
