// A ticket's history: every change, who made it, when and why. Appended in the transaction of the
// change it records; never updated. Each public entry also queues the customer's webhook deliveries.
import { inChunks } from './in-chunks.js';
import { queueWebhookDeliveries } from './webhooks.js';
import type { StoreHandle } from './transaction.js';
import type { TicketEventRow, TicketEventType } from './tables.js';

export type { TicketEventType } from './tables.js';

/** History a partner never sees: what engineers write to each other. */
export const INTERNAL_EVENT_TYPES: readonly TicketEventType[] = ['NOTE_ADDED'];

export interface NewTicketEvent {
  readonly type: TicketEventType;
  readonly actor: string;
  readonly reason?: string | null;
  readonly data?: Record<string, unknown>;
}

export async function appendTicketEvent(db: StoreHandle, ticketId: string, event: NewTicketEvent, at: Date): Promise<void> {
  await db
    .insertInto('ticket_events')
    .values({ ticket_id: ticketId, type: event.type, actor: event.actor, reason: event.reason ?? null, data: JSON.stringify(event.data ?? {}), created_at: at.toISOString() })
    .execute();
  // Here, where every use case records its change, so no event reaches partners' webhooks late or never.
  if (!INTERNAL_EVENT_TYPES.includes(event.type)) await queueWebhookDeliveries(db, { ticketId, type: event.type, at });
}

/** The history of one or more tickets, oldest first; `publicOnly` leaves out internal entries (partners). */
export async function ticketEvents(db: StoreHandle, ticketIds: readonly string[], options: { publicOnly?: boolean } = {}): Promise<TicketEventRow[]> {
  return inChunks(ticketIds, (chunk) => {
    let q = db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', chunk);
    if (options.publicOnly) q = q.where('type', 'not in', [...INTERNAL_EVENT_TYPES]);
    return q.orderBy('id').execute();
  });
}
