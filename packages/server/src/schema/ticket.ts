// Tickets: the type partners and engineers read, lookups by number, lists and the strict priority queue.
// What changes a ticket lives in ticket-intake.ts (opening) and ticket-work.ts (working it).
import { describeSlaState, displayTicketNumber, parseTicketNumber, priorityName, PriorityLevelSchema, type PriorityLevel, type SlaStatus } from '@nocdesk/domain';
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { z } from 'zod';
import { customerScope } from '../auth/principal.js';
import type { TicketRow } from '../store/tables.js';
import { toDate, toDateOrNull } from '../store/tables.js';
import { ticketEvents } from '../store/ticket-events.js';
import { findTicketByNumber, findTicketsByIds, listTickets, queuePage, type QueueCursor } from '../store/tickets.js';
import { builder } from './builder.js';
import { decodeCursor } from './cursors.js';
import type { GraphQLContext } from './context.js';
import { ContactRef, CustomerRef, LanguageEnum, ServiceRef } from './customer.js';
import { typedId } from './global-id.js';
import { badRequest } from './errors.js';
import { canSeeCustomer, isPartner } from './loaders.js';
import { MessageRef, messagesOfTickets } from './message.js';
import { TicketStatusEnum } from './ticket-status.js';
import { ticketSla } from '../tickets/sla-clock.js';

export { TicketStatusEnum };

const INTAKE_FLAGS = {
    SOF_MISSING: { description: 'No SOF number was given.' },
    SOF_INVALID: { description: 'A SOF number was given but is not well-formed.' },
    SOF_UNKNOWN: { description: 'The SOF number is not one of the customer’s services (partners also see this for another customer’s SOF).' },
    SOF_FOREIGN: { description: 'Staff only: the SOF number belongs to another customer.' },
    SOF_INACTIVE: { description: 'The service with this SOF number is suspended or terminated.' },
    SOF_MULTIPLE: { description: 'Several different SOF numbers were given.' },
    PRIORITY_MISMATCH: { description: 'The requested level disagrees with what the request says: re-triage.' },
    SENDER_UNVERIFIED: { description: 'Email whose sender address nothing proved genuine (no sender-authentication verdict).' },
} as const;

export const IntakeFlagEnum = builder.enumType('IntakeFlag', { description: 'Something about a ticket that staff should look at (triage).', values: INTAKE_FLAGS });

export const TicketEventTypeEnum = builder.enumType('TicketEventType', {
  description: 'What a history entry records.',
  values: {
    CREATED: { description: 'The ticket was opened.' },
    ACCEPTED_FROM_REJECTED_INTAKE: { description: 'Staff accepted a request that had been kept as a rejected intake.' },
    ACKNOWLEDGEMENT_QUEUED: { description: 'The acknowledgement with the number was queued.' },
    ACKNOWLEDGED: { description: 'The acknowledgement was sent.' },
    AUTO_REPLY_SUPPRESSED: { description: 'No acknowledgement: the automatic-reply limit for the recipient was reached.' },
    BOUNCE_RECEIVED: { description: 'A delivery failure report about our mail arrived.' },
    MESSAGE_ADDED: { description: 'The customer added a message.' },
    PRIORITY_CHANGED: { description: 'Staff changed the level (the reason says why).' },
    TAKEN: { description: 'An engineer took it from the queue.' },
    ASSIGNED: { description: 'It was assigned to an engineer.' },
    REPLIED: { description: 'An engineer replied to the customer.' },
    NOTE_ADDED: { description: 'Staff only: an engineer added an internal note.' },
    WAITING_CUSTOMER: { description: 'Waiting for the customer.' },
    RESOLVED: { description: 'Resolved; the resolution was sent to the customer.' },
    REOPENED: { description: 'Reopened after resolution.' },
    CLOSED: { description: 'Closed for good.' },
    FOLLOWED_UP: { description: 'A follow-up ticket continues this one.' },
    ESCALATED: { description: 'The customer escalated it (IVR, phone or portal).' },
    SLA_AT_RISK: { description: 'An SLA target is at risk (80 % of its time used).' },
    SLA_BREACHED: { description: 'An SLA target was missed.' },
  } as const,
});
export const ChannelEnum = builder.enumType('Channel', {
  description: 'How a request reached the desk.',
  values: { EMAIL: { description: 'Email to the NOC address' }, PORTAL: { description: 'Partner portal / API' }, PHONE: { description: 'Phone call to an engineer' }, CHAT: { description: 'Live assistant' } } as const,
});
export const TicketCategoryEnum = builder.enumType('TicketCategory', {
  description: 'What a request is about, when the reporter says so: it gives the level (SPEC §2.1).',
  values: {
    OUTAGE: { description: 'Unplanned service interruption: level 1.' },
    DEGRADATION: { description: 'Degraded service: level 2.' },
    OPTIMISATION: { description: 'Service optimisation: level 2.' },
    ADMINISTRATIVE: { description: 'Administrative matter: level 3.' },
  } as const,
});
export const PrioritySourceEnum = builder.enumType('PrioritySource', {
  description: 'What gave a ticket its level.',
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
type IntakeFlagName = keyof typeof INTAKE_FLAGS;

function flagsFor(ctx: GraphQLContext, flags: readonly string[]): IntakeFlagName[] {
  const known = flags.filter((f): f is IntakeFlagName => f in INTAKE_FLAGS);
  if (ctx.principal.kind === 'staff') return known;
  return [...new Set(known.map((f) => (f === 'SOF_FOREIGN' ? 'SOF_UNKNOWN' : f)))].sort();
}

interface PriorityView {
  readonly level: PriorityLevel;
  readonly source: TicketRow['priority_source'];
  readonly matched: string | null;
}

const PriorityRef = builder.objectRef<PriorityView>('Priority').implement({
  description: 'A ticket’s priority level, its name and what gave it.',
  fields: (t) => ({
    level: t.field({ type: 'PriorityLevel', resolve: (p) => p.level, description: '1 Maximum, 2 High, 3 Standard.' }),
    name: t.string({
      description: 'The level’s name: Maximum, High, Standard (Prioridad Máxima, alta, estándar).',
      args: { language: t.arg({ type: LanguageEnum, required: false, description: 'English by default.' }) },
      resolve: (p, args) => priorityName(p.level, args.language ?? 'en'),
    }),
    source: t.field({ type: PrioritySourceEnum, description: 'What gave the level.', resolve: (p) => p.source }),
    matched: t.string({ nullable: true, resolve: (p) => p.matched, description: 'The keyword, category or request that gave the level.' }),
  }),
});

interface EventView {
  readonly id: number;
  readonly type: typeof TicketEventTypeEnum.$inferType;
  readonly actor: string;
  readonly reason: string | null;
  readonly data: string;
  readonly created_at: Date | string;
}

const TicketEventRef = builder.objectRef<EventView>('TicketEvent').implement({
  description: 'One entry of a ticket’s history: what changed, who did it, when and why.',
  fields: (t) => ({
    type: t.field({ type: TicketEventTypeEnum, description: 'What happened.', resolve: (e) => e.type }),
    actor: t.exposeString('actor', { description: 'Who did it: partner:<key name>, staff:<name>, email:<address>, system, scheduler…' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, when the step asks for a reason (a level change, a reopening…).' }),
    data: t.field({
      type: 'JSON',
      description: 'The details of the step, e.g. level and prioritySource (spelt as PrioritySource) for CREATED, from and to for PRIORITY_CHANGED.',
      resolve: (e, _args, ctx) => {
        const data = JSON.parse(e.data) as Record<string, unknown>;
        return Array.isArray(data.flags) ? { ...data, flags: flagsFor(ctx, data.flags as string[]) } : data;
      },
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => toDate(e.created_at) }),
  }),
});

export const SlaStateEnum = builder.enumType('SlaState', {
  description: 'Where a ticket stands against its nearest SLA target.',
  values: {
    ON_TRACK: { description: 'Less than 80 % of the time used (or nothing is due: resolved, closed).' },
    AT_RISK: { description: '80 % or more of the time used.' },
    BREACHED: { description: 'The target was missed.' },
  } as const,
});

export const SlaTargetEnum = builder.enumType('SlaTarget', {
  description: 'The SLA targets a ticket is measured against (SPEC §2.6).',
  values: {
    FIRST_RESPONSE: { description: 'An engineer’s first public answer.' },
    PERIODIC_UPDATE: { description: 'The next update to the customer while the ticket is unresolved.' },
    RESOLUTION: { description: 'The problem solved.' },
  } as const,
});

const TicketSlaRef = builder.objectRef<SlaStatus>('TicketSla').implement({
  description: 'The SLA clock of a ticket right now (24×7; WAITING_CUSTOMER pauses levels 2–3).',
  fields: (t) => ({
    state: t.field({ type: SlaStateEnum, description: 'Against the nearest target.', resolve: (s) => s.slaState }),
    target: t.field({ type: SlaTargetEnum, nullable: true, description: 'The nearest active target; null when nothing is due.', resolve: (s) => s.target }),
    dueAt: t.field({ type: 'DateTime', nullable: true, description: 'When the nearest target falls due; null when nothing is due.', resolve: (s) => s.dueAt }),
    secondsLeft: t.int({ nullable: true, description: 'Until dueAt; negative when breached.', resolve: (s) => (s.remainingMs === null ? null : Math.trunc(s.remainingMs / 1000)) }),
    paused: t.exposeBoolean('paused', { description: 'True while the clock stands still (waiting for the customer, levels 2–3).' }),
    description: t.string({
      args: { language: t.arg({ type: LanguageEnum, required: false, description: 'English by default.' }) },
      description: 'The state in words (what the IVR reads out).',
      resolve: (s, args) => describeSlaState(s, args.language ?? 'en'),
    }),
  }),
});

export const TicketRef = builder.loadableNodeRef<TicketRow, string>('Ticket', {
  id: { resolve: (t) => t.id },
  load: async (ids: readonly string[], ctx: GraphQLContext) => (await findTicketsByIds(ctx.desk.store.db, ids)).filter((r) => canSeeCustomer(ctx, r.customer_id)),
  sort: (t) => t.id,
});

TicketRef.implement({
  description: 'One request of a customer, from its acknowledgement to its resolution: its number, level, status, history and messages.',
  authScopes: (ticket, ctx) => canSeeCustomer(ctx, ticket.customer_id),
  fields: (t) => ({
    number: t.exposeString('number', { description: 'Canonical digits; the last one is a Damm check digit.' }),
    displayNumber: t.string({ description: 'The number as people see it, with the desk’s prefix (NCC#1000002).', resolve: (row, _args, ctx) => displayTicketNumber(row.number, { prefix: ctx.desk.config.ticketPrefix }) }),
    subject: t.exposeString('subject', { description: 'What the request is about, in the reporter’s words.' }),
    description: t.string({ description: 'The request as first received.', resolve: (row, _args, ctx, info) => ctx.budget.spend(row.description, info) }),
    status: t.field({ type: TicketStatusEnum, description: 'Where it stands in its life.', resolve: (row) => row.status }),
    priority: t.field({ type: PriorityRef, description: 'Its level and what gave it.', resolve: (row) => ({ level: row.level, source: row.priority_source, matched: row.priority_matched }) }),
    channel: t.field({ type: ChannelEnum, description: 'How it reached the desk.', resolve: (row) => row.channel }),
    flags: t.field({
      type: [IntakeFlagEnum],
      description: 'Intake flags for triage. A partner sees SOF_FOREIGN as SOF_UNKNOWN.',
      resolve: (row, _args, ctx) => flagsFor(ctx, row.flags ? row.flags.split(',') : []),
    }),
    language: t.field({ type: LanguageEnum, description: 'The language the desk writes to the reporter in.', resolve: (row) => row.language }),
    sof: t.exposeString('sof', { nullable: true, description: 'The SOF number as given, even when it is not the customer’s (see flags).' }),
    customer: t.field({ type: CustomerRef, description: 'Whose request it is.', resolve: (row) => row.customer_id }),
    reporter: t.field({ type: ContactRef, description: 'The contact who reported it; the desk writes to them.', resolve: (row) => row.contact_id }),
    service: t.field({ type: ServiceRef, nullable: true, description: 'The service its SOF number names, when it is one of the customer’s.', resolve: (row) => row.service_id }),
    assignedTo: t.exposeString('assigned_to', { nullable: true, description: 'The engineer working it (their staff name).' }),
    escalationCount: t.exposeInt('escalation_count', { description: 'How often the customer escalated it (repeats within 10 minutes count once).' }),
    firstRespondedAt: t.field({ type: 'DateTime', nullable: true, description: 'The first public answer by an engineer: it stopped the first-response clock.', resolve: (row) => toDateOrNull(row.first_responded_at) }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was last resolved.', resolve: (row) => toDateOrNull(row.resolved_at) }),
    closedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was closed for good.', resolve: (row) => toDateOrNull(row.closed_at) }),
    followUpOf: t.field({ type: TicketRef, nullable: true, description: 'The closed ticket this one continues.', resolve: (row) => row.follow_up_of }),
    slaState: t.field({ type: SlaStateEnum, description: 'Against the nearest SLA target (see sla for which and how long is left).', resolve: (row, _args, ctx) => ticketSla(ctx.desk, row).slaState }),
    sla: t.field({ type: TicketSlaRef, description: 'Its SLA clock now: the nearest target, when it is due, how long is left.', resolve: (row, _args, ctx) => ticketSla(ctx.desk, row) }),
    receivedAt: t.field({ type: 'DateTime', description: 'When the request reached the desk (the queue orders by it).', resolve: (row) => toDate(row.received_at) }),
    createdAt: t.field({ type: 'DateTime', description: 'When the ticket was opened.', resolve: (row) => toDate(row.created_at) }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (row) => toDate(row.updated_at) }),
    acknowledgedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the acknowledgement with the number was sent.', resolve: (row) => (row.acknowledged_at ? toDate(row.acknowledged_at) : null) }),
    firstResponseDue: t.field({ type: 'DateTime', description: 'SLA: an engineer answers by then.', resolve: (row) => toDate(row.first_response_due) }),
    events: t.loadableList({
      type: TicketEventRef,
      description: 'The history, oldest first: every change, who made it, when and why.',
      load: async (ticketIds: readonly string[], ctx: GraphQLContext) => {
        // Partners never see what engineers write to each other.
        const rows = await ticketEvents(ctx.desk.store.db, ticketIds, { publicOnly: isPartner(ctx) });
        return ticketIds.map((id) => rows.filter((r) => r.ticket_id === id));
      },
      resolve: (row) => row.id,
    }),
    messages: t.loadableList({ type: MessageRef, description: 'What the customer sent and the desk answered, oldest first; staff also see internal notes.', load: messagesOfTickets, resolve: (row) => row.id }),
  }),
});

const TicketFilter = builder.inputType('TicketFilter', {
  description: 'Which tickets to list; every field given must match.',
  fields: (t) => ({
    status: t.field({ type: [TicketStatusEnum], required: false, description: 'Any of these statuses.' }),
    level: t.field({ type: 'PriorityLevel', required: false, description: 'This level.', validate: PriorityLevelSchema }),
    channel: t.field({ type: ChannelEnum, required: false, description: 'Reached the desk this way.' }),
    customerId: t.id({ required: false, description: 'Staff only; a partner always sees its own customer.' }),
    assignedTo: t.string({ required: false, description: 'The engineer working them (staff name).', validate: z.string().max(100) }),
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
    args: { number: t.arg.string({ description: 'NCC#1000002, 1000002 or 1000-002.' }) },
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
    args: { filter: t.arg({ type: TicketFilter, required: false, description: 'Which tickets; all by default.' }) },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (row: TicketRow) => String(row.seq) }, async ({ after, limit, inverted }: ResolveCursorConnectionArgs) => {
        if (inverted) throw badRequest('Backward pagination (last/before) is not supported on tickets; page forward with first/after.');
        const scope = customerScope(ctx.principal);
        const filterCustomer = args.filter?.customerId ? typedId(String(args.filter.customerId), 'Customer', 'filter.customerId') : undefined;
        const customerId = scope ?? filterCustomer;
        return listTickets(
          ctx.desk.store.db,
          {
            ...(customerId ? { customerId } : {}),
            ...(args.filter?.status ? { status: args.filter.status } : {}),
            ...(args.filter?.level ? { level: args.filter.level as PriorityLevel } : {}),
            ...(args.filter?.channel ? { channel: args.filter.channel } : {}),
            ...(args.filter?.assignedTo ? { assignedTo: args.filter.assignedTo } : {}),
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
