// Tickets: the one intake transaction (ticket + first event + message + outbox), lookups, keyset lists,
// the strict priority queue, taking its top atomically, and the changes of a ticket's life.
import { formatTicketNumber, type Channel, type IntakeFlag, type Language, type PriorityDecision, type PriorityLevel } from '@nocdesk/domain';
import { sql } from 'kysely';
import type { DialectName } from './database.js';
import { newId } from './ids.js';
import { recordIdempotencyKey, type IdempotencyRecord } from './idempotency.js';
import { inChunks } from './in-chunks.js';
import { adoptMessage, insertMessage, type MessageDraft } from './messages.js';
import { enqueueOutbox, type OutboxDraft } from './outbox.js';
import { storableText } from './storable-text.js';
import type { Insertable, Updateable } from 'kysely';
import type { TicketRow, TicketStatus, TicketsTable } from './tables.js';
import { appendTicketEvent, type TicketEventType } from './ticket-events.js';
import { allocateTicketSequence } from './ticket-sequence.js';
import type { StoreHandle, StoreTransaction } from './transaction.js';

/** The statuses the queue shows: work no engineer has finished (waiting and resolved tickets are parked). */
export const QUEUE_STATUSES: readonly TicketStatus[] = ['OPEN', 'IN_PROGRESS'];

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
  readonly message: MessageDraft;
  /** The message is already stored unattached (a rejected intake being accepted): that row joins the ticket instead. */
  readonly adoptMessageRowId?: number;
  readonly idempotency?: IdempotencyRecord;
  /** The closed ticket this one continues. */
  readonly followUpOf?: string | null;
  /** Extra history for the first event (e.g. which rejected intake was accepted). */
  readonly createdEventData?: Record<string, unknown>;
  readonly createdEventType?: TicketEventType;
}

/**
 * SPEC §2.5 step 3, inside the caller's transaction: the ticket gets its number, its history the first
 * event, the message is stored, the acknowledgement is queued and the idempotency key is taken.
 * `outbox` builds the acknowledgement(s) once the ticket has its number.
 */
export async function insertAcceptedTicket(
  trx: StoreTransaction,
  dialect: DialectName,
  intake: AcceptedIntake,
  outbox: (ticket: TicketRow) => Promise<readonly OutboxDraft[]>,
): Promise<TicketRow> {
  const seq = await allocateTicketSequence(trx, dialect);
  const at = intake.receivedAt.toISOString();
  const values: Insertable<TicketsTable> = {
    id: newId(),
    seq,
    number: formatTicketNumber(seq),
    customer_id: intake.customerId,
    contact_id: intake.contactId,
    service_id: intake.serviceId,
    sof: intake.sof === null ? null : storableText(intake.sof),
    subject: storableText(intake.subject),
    description: storableText(intake.description),
    status: 'OPEN',
    level: intake.priority.level,
    priority_source: intake.priority.source,
    priority_matched: intake.priority.matched ? storableText(intake.priority.matched) : null,
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
    first_responded_at: null,
    last_public_reply_at: null,
    resolved_at: null,
    closed_at: null,
    last_escalated_at: null,
    sla_paused_ms: 0,
    sla_paused_since: null,
    sla_resumed_at: null,
    follow_up_of: intake.followUpOf ?? null,
  };
  const ticket = await trx.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow();
  if (intake.idempotency) await recordIdempotencyKey(trx, intake.idempotency, ticket.id, intake.receivedAt);
  await appendTicketEvent(
    trx,
    ticket.id,
    {
      type: intake.createdEventType ?? 'CREATED',
      actor: intake.actor,
      data: {
        channel: intake.channel,
        level: intake.priority.level,
        // Spelt as the API's PrioritySource enum, as everywhere a partner reads it.
        prioritySource: intake.priority.source.toUpperCase(),
        priorityMatched: intake.priority.matched ?? null,
        flags: [...intake.flags],
        ...(intake.followUpOf ? { followUpOf: intake.followUpOf } : {}),
        ...intake.createdEventData,
      },
    },
    intake.receivedAt,
  );
  const adopted = intake.adoptMessageRowId !== undefined && (await adoptMessage(trx, intake.adoptMessageRowId, ticket.id));
  if (!adopted) await insertMessage(trx, ticket.id, 'IN', intake.message, intake.receivedAt);
  for (const draft of await outbox(ticket)) {
    await enqueueOutbox(trx, draft, intake.receivedAt);
    await appendTicketEvent(trx, ticket.id, { type: 'ACKNOWLEDGEMENT_QUEUED', actor: 'system', data: { recipient: draft.recipient } }, intake.receivedAt);
  }
  return ticket;
}

export async function findTicketByNumber(db: StoreHandle, number: string, customerId?: string): Promise<TicketRow | undefined> {
  let q = db.selectFrom('tickets').selectAll().where('number', '=', number);
  if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
  return q.executeTakeFirst();
}

export async function findTicketsByIds(db: StoreHandle, ids: readonly string[]): Promise<TicketRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('tickets').selectAll().where('id', 'in', chunk).execute());
}

export async function findTicketById(db: StoreHandle, id: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The ticket, locked until the transaction ends, so two changes of one ticket never both decide on
 * the same old status (PostgreSQL: a row lock; SQLite runs one write transaction at a time).
 */
export async function lockTicket(trx: StoreTransaction, dialect: DialectName, id: string): Promise<TicketRow | undefined> {
  let q = trx.selectFrom('tickets').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface TicketFilter {
  readonly customerId?: string;
  readonly status?: readonly TicketStatus[];
  readonly level?: PriorityLevel;
  readonly channel?: Channel;
  readonly assignedTo?: string;
}

/** Newest first, keyset on the sequence: constant cost per page however deep. */
export async function listTickets(db: StoreHandle, filter: TicketFilter, page: { limit: number; afterSeq?: number }): Promise<TicketRow[]> {
  let q = db.selectFrom('tickets').selectAll();
  if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
  if (filter.status && filter.status.length > 0) q = q.where('status', 'in', [...filter.status]);
  if (filter.level !== undefined) q = q.where('level', '=', filter.level);
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
  if (filter.assignedTo !== undefined) q = q.where('assigned_to', '=', filter.assignedTo);
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
export async function queuePage(db: StoreHandle, dialect: DialectName, page: { limit: number; after?: QueueCursor }): Promise<TicketRow[]> {
  // Literal statuses, not parameters: SQLite uses a partial index only when the query visibly implies it.
  let q = db.selectFrom('tickets').selectAll().where('status', 'in', QUEUE_STATUSES.map((s) => sql.lit(s)));
  const after = page.after;
  if (after) {
    const receivedAt = dialect === 'postgres' ? new Date(after.receivedAt).toISOString() : after.receivedAt;
    // A row-value comparison walks the (level, received_at, seq) index from the cursor on, on both dialects.
    q = q.where(sql<boolean>`(level, received_at, seq) > (${after.level}, ${receivedAt}, ${after.seq})`);
  }
  return q.orderBy('level', 'asc').orderBy('received_at', 'asc').orderBy('seq', 'asc').limit(page.limit).execute();
}

/**
 * The top of the strict queue among unassigned OPEN tickets, locked for the caller's transaction.
 * PostgreSQL skips rows another engineer is taking at this moment (FOR UPDATE SKIP LOCKED), so two
 * engineers never get the same ticket; SQLite's single writer does the same.
 */
export async function lockQueueTop(trx: StoreTransaction, dialect: DialectName): Promise<TicketRow | undefined> {
  let q = trx
    .selectFrom('tickets')
    .selectAll()
    .where('status', '=', sql.lit('OPEN'))
    .where('assigned_to', 'is', null)
    .orderBy('level', 'asc')
    .orderBy('received_at', 'asc')
    .orderBy('seq', 'asc')
    .limit(1);
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  return q.executeTakeFirst();
}

/** Whether an unassigned OPEN ticket more urgent than `level` exists (possibly being taken right now). */
export async function moreUrgentUnassignedExists(db: StoreHandle, level: PriorityLevel): Promise<boolean> {
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('status', '=', sql.lit('OPEN'))
    .where('assigned_to', 'is', null)
    .where('level', '<', level)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The columns a ticket's life changes (never its identity, number, customer or arrival). */
export type TicketChange = Omit<Updateable<TicketsTable>, 'id' | 'seq' | 'number' | 'customer_id' | 'received_at' | 'created_at' | 'updated_at'>;

/** Writes a change to a ticket (with its `updated_at`) and returns the ticket as it is now. */
export async function updateTicket(db: StoreHandle, id: string, change: TicketChange, at: Date): Promise<TicketRow> {
  return db
    .updateTable('tickets')
    .set({ ...change, updated_at: at.toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks the first acknowledgement of a ticket; its customer, or undefined when it was already acknowledged. */
export async function markTicketAcknowledged(db: StoreHandle, id: string, at: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('tickets')
    .set({ acknowledged_at: at.toISOString() })
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .returning('customer_id')
    .executeTakeFirst();
  return row?.customer_id;
}

/** RESOLVED tickets resolved before `before`, oldest first: what the auto-close job closes. */
export async function resolvedBefore(db: StoreHandle, before: Date, limit: number): Promise<TicketRow[]> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('status', '=', sql.lit('RESOLVED'))
    .where('resolved_at', '<=', before.toISOString())
    .orderBy('resolved_at')
    .limit(limit)
    .execute();
}
