// The SLA job's view of the store: which unresolved tickets may have an SLA event due (their next SLA
// moment has come, or they changed since the job last looked), which events each already has, and
// claiming an event: a row whose key (ticket, event, target, window) exists once, whoever inserts it.
import { sql } from 'kysely';
import type { SlaAlertRow, TicketRow } from './tables.js';
import { toDate } from './tables.js';
import type { StoreHandle, StoreTransaction } from './transaction.js';

// Spelt as in the partial indexes of migration 0004: SQLite uses one only when the query repeats its terms.
const UNRESOLVED = sql<boolean>`status in ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER')`;
const STALE = sql<boolean>`(sla_checked_at is null or updated_at <> sla_checked_at)`;

/** Unresolved tickets changed since the SLA job last looked at them (or never looked at), by sequence. */
export async function ticketsChangedSinceSlaCheck(db: StoreHandle, page: { limit: number; afterSeq?: number }): Promise<TicketRow[]> {
  let q = db.selectFrom('tickets').selectAll().where(UNRESOLVED).where(STALE);
  if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
  return q.orderBy('seq').limit(page.limit).execute();
}

export interface SlaDueCursor {
  readonly at: string;
  readonly seq: number;
}

/** Unresolved tickets whose next SLA moment is at or before `now`, earliest first. */
export async function ticketsWithSlaMomentDue(db: StoreHandle, page: { now: Date; limit: number; after?: SlaDueCursor }): Promise<TicketRow[]> {
  let q = db
    .selectFrom('tickets')
    .selectAll()
    .where(UNRESOLVED)
    .where('sla_next_check_at', 'is not', null)
    .where('sla_next_check_at', '<=', page.now.toISOString());
  const after = page.after;
  if (after) q = q.where(sql<boolean>`(sla_next_check_at, seq) > (${after.at}, ${after.seq})`);
  return q.orderBy('sla_next_check_at').orderBy('seq').limit(page.limit).execute();
}

/** The SLA events already recorded for these tickets. */
export async function recordedSlaAlerts(db: StoreHandle, ticketIds: readonly string[]): Promise<SlaAlertRow[]> {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('sla_alerts').selectAll().where('ticket_id', 'in', [...ticketIds]).execute();
}

export interface SlaAlertKey {
  readonly ticketId: string;
  readonly kind: SlaAlertRow['kind'];
  readonly target: SlaAlertRow['target'];
  readonly windowStart: Date;
}

/**
 * Claims one SLA event inside the caller's transaction: true when this call recorded it, false when it
 * was recorded before (by this job's earlier run or another process). On PostgreSQL a second claimant
 * waits for the first one's transaction and then finds the row.
 */
export async function claimSlaAlert(trx: StoreTransaction, key: SlaAlertKey, at: Date): Promise<boolean> {
  const row = await trx
    .insertInto('sla_alerts')
    .values({ ticket_id: key.ticketId, kind: key.kind, target: key.target, window_start: key.windowStart.toISOString(), created_at: at.toISOString() })
    .onConflict((oc) => oc.columns(['ticket_id', 'kind', 'target', 'window_start']).doNothing())
    .returning('ticket_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Notes that the SLA job looked at the ticket as it was at `seenUpdatedAt` and when time alone next
 * changes its SLA state. `updated_at` is left alone: a change made since the look keeps it stale.
 */
export async function markSlaChecked(db: StoreHandle, ticketId: string, input: { seenUpdatedAt: Date | string; nextCheckAt: Date | null }): Promise<void> {
  await db
    .updateTable('tickets')
    .set({ sla_checked_at: toDate(input.seenUpdatedAt).toISOString(), sla_next_check_at: input.nextCheckAt?.toISOString() ?? null })
    .where('id', '=', ticketId)
    .execute();
}
