// What the metrics endpoint reads from the store at each scrape: the outbox's backlog and the queue's
// size. Each is one aggregate over a partial index (outbox_pending, tickets_queue), so a scrape costs
// as much as the backlog is long, never as much as the history is.
import type { OutboxKind, TicketStatus } from './tables.js';
import type { StoreHandle } from './transaction.js';

export interface OutboxBacklog {
  readonly kind: OutboxKind;
  readonly pending: number;
  /** When the oldest pending message of this kind was queued. */
  readonly oldestCreatedAt: Date;
}

/** Pending outbox messages by kind, with the oldest one's queueing time. */
export async function outboxBacklog(db: StoreHandle): Promise<OutboxBacklog[]> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('pending'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'PENDING')
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, pending: Number(r.pending), oldestCreatedAt: new Date(r.oldest) }));
}

export interface QueueSize {
  readonly level: number;
  readonly status: TicketStatus;
  readonly tickets: number;
}

/** Tickets in the queue (OPEN and IN_PROGRESS) by level and status. */
export async function queueSize(db: StoreHandle): Promise<QueueSize[]> {
  const rows = await db
    .selectFrom('tickets')
    .select((eb) => ['level', 'status', eb.fn.countAll<number>().as('tickets')])
    .where('status', 'in', ['OPEN', 'IN_PROGRESS'])
    .groupBy(['level', 'status'])
    .execute();
  return rows.map((r) => ({ level: Number(r.level), status: r.status, tickets: Number(r.tickets) }));
}
