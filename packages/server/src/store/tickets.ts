// Tickets and their history: the one intake transaction (ticket + first event + outbox), lookups,
// keyset-paginated lists and the strict priority queue.
import { formatTicketNumber, type Channel, type IntakeFlag, type Language, type PriorityDecision, type PriorityLevel } from '@nocdesk/domain';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName, Store } from './database.js';
import { newId } from './ids.js';
import { enqueueOutbox, type OutboxDraft } from './outbox.js';
import type { Database, TicketEventRow, TicketRow } from './tables.js';
import { storableText } from './storable-text.js';
import { allocateTicketSequence } from './ticket-sequence.js';

type Db = Kysely<Database> | Transaction<Database>;

export type TicketStatus = 'OPEN' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';
export const UNRESOLVED_STATUSES: readonly TicketStatus[] = ['OPEN', 'IN_PROGRESS'];

export type TicketEventType =
  | 'CREATED'
  | 'ACKNOWLEDGEMENT_QUEUED'
  | 'ACKNOWLEDGED'
  | 'PRIORITY_CHANGED'
  | 'MESSAGE_ADDED'
  | 'AUTO_REPLY_SUPPRESSED'
  | 'BOUNCE_RECEIVED'
  | 'ACCEPTED_FROM_REJECTED_INTAKE'
  | 'ESCALATED'
  | 'STATUS_CHANGED';

export interface NewTicketEvent {
  readonly type: TicketEventType;
  readonly actor: string;
  readonly reason?: string | null;
  readonly data?: Record<string, unknown>;
}

export async function appendTicketEvent(db: Db, ticketId: string, event: NewTicketEvent, at: Date): Promise<void> {
  await db
    .insertInto('ticket_events')
    .values({ ticket_id: ticketId, type: event.type, actor: event.actor, reason: event.reason ?? null, data: JSON.stringify(event.data ?? {}), created_at: at.toISOString() })
    .execute();
}

export interface InboundMessageDraft {
  readonly channel: Channel;
  readonly messageId?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  readonly from: string | null;
  readonly to?: string | null;
  readonly subject: string;
  readonly body: string;
  readonly bodyHash?: string | null;
  readonly automated?: string | null;
  readonly attachments?: readonly { filename: string; contentType: string; size: number; content: Uint8Array }[];
}

export async function insertMessage(db: Db, ticketId: string | null, direction: 'IN' | 'OUT', m: InboundMessageDraft, at: Date): Promise<number> {
  const row = await db
    .insertInto('messages')
    .values({
      ticket_id: ticketId,
      direction,
      channel: m.channel,
      message_id: m.messageId ?? null,
      in_reply_to: m.inReplyTo ?? null,
      references: JSON.stringify(m.references ?? []),
      from_address: m.from === null ? null : storableText(m.from),
      to_address: m.to ? storableText(m.to) : null,
      subject: storableText(m.subject),
      body: storableText(m.body),
      body_hash: m.bodyHash ?? null,
      automated: m.automated ?? null,
      created_at: at.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const a of m.attachments ?? []) {
    await db.insertInto('attachments').values({ message_id: row.id, filename: storableText(a.filename), content_type: a.contentType, size: a.size, content: Buffer.from(a.content) }).execute();
  }
  return row.id;
}

/** Everything an accepted intake records; the domain decided all of it. */
export interface AcceptedIntake {
  readonly channel: Channel;
  readonly customerId: string;
  readonly contactId: string;
  readonly serviceId: string | null;
  readonly sof: string | null;
  readonly subject: string;
  readonly description: string;
  readonly priority: PriorityDecision;
  readonly flags: readonly IntakeFlag[];
  readonly language: Language;
  readonly receivedAt: Date;
  readonly firstResponseDue: Date;
  readonly actor: string;
  readonly message: InboundMessageDraft;
  /** The message is already stored unattached (a rejected intake being accepted): that row joins the ticket instead. */
  readonly adoptMessageRowId?: number;
  readonly idempotency?: { readonly principal: string; readonly key: string; readonly operation: string; readonly requestHash: string };
  /** Extra history for the first event (e.g. which rejected intake was accepted). */
  readonly createdEventData?: Record<string, unknown>;
  readonly createdEventType?: TicketEventType;
}

export interface RecordIntakeOptions {
  /**
   * Builds the acknowledgement(s) once the ticket has its number; queued in the same transaction. It
   * receives the transaction so a rate limit can be checked (and its refusal recorded) atomically.
   */
  readonly outbox: (ticket: TicketRow, trx: Transaction<Database>) => readonly OutboxDraft[] | Promise<readonly OutboxDraft[]>;
}

/**
 * SPEC §2.5 step 3, in ONE transaction: the ticket gets its number, its history the first event, the
 * message is stored, the acknowledgement is queued and the idempotency key is taken. Either all of it
 * is recorded or none of it.
 */
export async function recordAcceptedIntake(store: Store, intake: AcceptedIntake, options: RecordIntakeOptions): Promise<TicketRow> {
  return store.db.transaction().execute((trx) => recordAcceptedIntakeIn(trx, store.dialect, intake, options));
}

/** The same, inside a transaction the caller holds (when the decision has more to record with it). */
export async function recordAcceptedIntakeIn(trx: Transaction<Database>, dialect: DialectName, intake: AcceptedIntake, options: RecordIntakeOptions): Promise<TicketRow> {
  const seq = await allocateTicketSequence(trx, dialect);
  const number = formatTicketNumber(seq);
  const at = intake.receivedAt.toISOString();
  const ticket = {
    id: newId(),
    seq,
    number,
    customer_id: intake.customerId,
    contact_id: intake.contactId,
    service_id: intake.serviceId,
    sof: intake.sof,
    subject: storableText(intake.subject),
    description: storableText(intake.description),
    status: 'OPEN',
    level: intake.priority.level,
    priority_source: intake.priority.source,
    priority_matched: intake.priority.matched ?? null,
    flags: [...intake.flags].sort().join(','),
    channel: intake.channel,
    language: intake.language,
    assigned_to: null,
    received_at: at,
    created_at: at,
    updated_at: at,
    acknowledged_at: null,
    first_response_due: intake.firstResponseDue.toISOString(),
    escalation_count: 0,
  };
  await trx.insertInto('tickets').values(ticket).execute();
  if (intake.idempotency) {
    await trx
      .insertInto('idempotency_keys')
      .values({ principal: intake.idempotency.principal, key: intake.idempotency.key, operation: intake.idempotency.operation, request_hash: intake.idempotency.requestHash, ticket_id: ticket.id, created_at: at })
      .execute();
  }
  await appendTicketEvent(
    trx,
    ticket.id,
    {
      type: intake.createdEventType ?? 'CREATED',
      actor: intake.actor,
      data: {
        channel: intake.channel,
        level: intake.priority.level,
        prioritySource: intake.priority.source,
        priorityMatched: intake.priority.matched ?? null,
        flags: [...intake.flags],
        ...intake.createdEventData,
      },
    },
    intake.receivedAt,
  );
  const adopted =
    intake.adoptMessageRowId !== undefined &&
    Number((await trx.updateTable('messages').set({ ticket_id: ticket.id }).where('id', '=', intake.adoptMessageRowId).where('ticket_id', 'is', null).executeTakeFirst()).numUpdatedRows) === 1;
  if (!adopted) await insertMessage(trx, ticket.id, 'IN', intake.message, intake.receivedAt);
  for (const draft of await options.outbox(ticket, trx)) {
    await enqueueOutbox(trx, draft, intake.receivedAt);
    await appendTicketEvent(trx, ticket.id, { type: 'ACKNOWLEDGEMENT_QUEUED', actor: 'system', data: { recipient: draft.recipient } }, intake.receivedAt);
  }
  return ticket;
}

export async function findIdempotentTicket(db: Db, principal: string, key: string): Promise<{ requestHash: string; operation: string; ticket: TicketRow } | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .innerJoin('tickets', 'tickets.id', 'idempotency_keys.ticket_id')
    .selectAll('tickets')
    .select(['idempotency_keys.request_hash', 'idempotency_keys.operation'])
    .where('idempotency_keys.principal', '=', principal)
    .where('idempotency_keys.key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  const { request_hash, operation, ...ticket } = row;
  return { requestHash: request_hash, operation, ticket };
}

export async function findTicketByNumber(db: Db, number: string, customerId?: string): Promise<TicketRow | undefined> {
  let q = db.selectFrom('tickets').selectAll().where('number', '=', number);
  if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
  return q.executeTakeFirst();
}

export async function findTicketsByIds(db: Db, ids: readonly string[]): Promise<TicketRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('tickets').selectAll().where('id', 'in', [...ids]).execute();
}

export interface TicketFilter {
  readonly customerId?: string;
  readonly status?: readonly TicketStatus[];
  readonly level?: PriorityLevel;
  readonly channel?: Channel;
}

/** Newest first, keyset on the sequence: constant cost per page however deep. */
export async function listTickets(db: Db, filter: TicketFilter, page: { limit: number; afterSeq?: number }): Promise<TicketRow[]> {
  let q = db.selectFrom('tickets').selectAll();
  if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
  if (filter.status && filter.status.length > 0) q = q.where('status', 'in', [...filter.status]);
  if (filter.level !== undefined) q = q.where('level', '=', filter.level);
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
  if (page.afterSeq !== undefined) q = q.where('seq', '<', page.afterSeq);
  return q.orderBy('seq', 'desc').limit(page.limit).execute();
}

export interface QueueCursor {
  readonly level: number;
  readonly receivedAt: string;
  readonly seq: number;
}

/**
 * Unresolved tickets in the strict order of compareQueueOrder (level, received time, number), as a
 * keyset walk over the tickets_queue partial index: a level-2 ticket never precedes an open level-1.
 */
export async function queuePage(db: Db, dialect: DialectName, page: { limit: number; after?: QueueCursor }): Promise<TicketRow[]> {
  // Literal statuses, not parameters: SQLite uses a partial index only when the query visibly implies it.
  let q = db.selectFrom('tickets').selectAll().where('status', 'in', UNRESOLVED_STATUSES.map((s) => sql.lit(s)));
  const after = page.after;
  if (after) {
    const receivedAt = dialect === 'postgres' ? new Date(after.receivedAt).toISOString() : after.receivedAt;
    // A row-value comparison walks the (level, received_at, seq) index from the cursor on, on both dialects.
    q = q.where((eb) => eb(eb.refTuple('level', 'received_at', 'seq'), '>', eb.tuple(after.level, receivedAt, after.seq)));
  }
  return q.orderBy('level', 'asc').orderBy('received_at', 'asc').orderBy('seq', 'asc').limit(page.limit).execute();
}

/** The history of one or more tickets, oldest first. */
export async function ticketEvents(db: Db, ticketIds: readonly string[]): Promise<TicketEventRow[]> {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', [...ticketIds]).orderBy('id').execute();
}

export async function changeTicketLevel(
  db: Kysely<Database>,
  input: { ticketId: string; level: PriorityLevel; reason: string; actor: string; firstResponseDue: Date; now: Date },
): Promise<TicketRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('tickets').selectAll().where('id', '=', input.ticketId).executeTakeFirst();
    if (!before) return undefined;
    const at = input.now.toISOString();
    const flags = before.flags.split(',').filter((f) => f && f !== 'PRIORITY_MISMATCH').join(',');
    const after = await trx
      .updateTable('tickets')
      .set({ level: input.level, priority_source: 'staff', priority_matched: null, flags, first_response_due: input.firstResponseDue.toISOString(), updated_at: at })
      .where('id', '=', input.ticketId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendTicketEvent(trx, input.ticketId, { type: 'PRIORITY_CHANGED', actor: input.actor, reason: input.reason, data: { from: before.level, to: input.level } }, input.now);
    return after;
  });
}
