// Partners' webhooks and their deliveries. A delivery is an outbox message (kind WEBHOOK) queued in the
// transaction of the history event it announces, so it is never lost, and leased like every outbox
// message, so two dispatchers never both send it.
import type { PriorityLevel } from '@nocdesk/domain';
import { inChunks } from './in-chunks.js';
import { newId } from './ids.js';
import { toDate, toDateOrNull, type OutboxRow, type OutboxStatus, type TicketEventType, type TicketStatus, type WebhookRow } from './tables.js';
import type { StoreHandle } from './transaction.js';

/**
 * What a delivery carries, as written when its event happened: the event and the ticket as it was
 * then. The body partners receive is built from it (webhooks/webhook-payload.ts).
 */
export interface WebhookEventSnapshot {
  /** The event's id, the same for every webhook and every retry: receivers deduplicate on it. */
  readonly id: string;
  readonly type: TicketEventType;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly ticket: {
    readonly number: string;
    readonly subject: string;
    readonly status: TicketStatus;
    readonly level: PriorityLevel;
    readonly channel: string;
    readonly escalationCount: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly resolvedAt: string | null;
    readonly closedAt: string | null;
  };
}

export interface NewWebhook {
  readonly customerId: string;
  readonly url: string;
  readonly events: readonly TicketEventType[];
  readonly secret: string;
  readonly createdBy: string;
  readonly now: Date;
}

export async function insertWebhook(db: StoreHandle, input: NewWebhook): Promise<WebhookRow> {
  return db
    .insertInto('webhooks')
    .values({
      id: newId(),
      customer_id: input.customerId,
      url: input.url,
      events: [...new Set(input.events)].sort().join(','),
      secret: input.secret,
      created_by: input.createdBy,
      created_at: input.now.toISOString(),
      deleted_by: null,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The event types a webhook wants. */
export function webhookEvents(row: WebhookRow): TicketEventType[] {
  return row.events.split(',').filter((e) => e !== '') as TicketEventType[];
}

/** A webhook that was not deleted; undefined otherwise. */
export async function findLiveWebhook(db: StoreHandle, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findLiveWebhooksByIds(db: StoreHandle, ids: readonly string[]): Promise<WebhookRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('webhooks').selectAll().where('id', 'in', chunk).where('deleted_at', 'is', null).execute());
}

export async function countLiveWebhooks(db: StoreHandle, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface WebhookCursor {
  readonly createdAt: string;
  readonly id: string;
}

/** Live webhooks, newest first (of one customer, or every customer's for staff); keyset on (created_at, id). */
export async function listLiveWebhooks(db: StoreHandle, filter: { customerId?: string | undefined; limit: number; after?: WebhookCursor | undefined }): Promise<WebhookRow[]> {
  let q = db.selectFrom('webhooks').selectAll().where('deleted_at', 'is', null);
  if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
  const after = filter.after;
  if (after) {
    q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * Deletes a webhook: nothing more is queued for it, and what was waiting is not sent (marked FAILED
 * with the reason, so its list of deliveries stays true). A send already under way finishes.
 */
export async function markWebhookDeleted(db: StoreHandle, input: { id: string; by: string; now: Date }): Promise<WebhookRow | undefined> {
  const row = await db
    .updateTable('webhooks')
    .set({ deleted_by: input.by, deleted_at: input.now.toISOString() })
    .where('id', '=', input.id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await db
    .updateTable('outbox')
    .set({ status: 'FAILED', leased_until: null, last_error: 'The webhook was deleted before this delivery was sent.' })
    .where('webhook_id', '=', input.id)
    .where('status', '=', 'PENDING')
    .execute();
  return row;
}

/**
 * Queues one delivery per live webhook of the ticket's customer that wants `type`, inside the caller's
 * transaction (the one recording the event). Costs one indexed query when nobody listens.
 */
export async function queueWebhookDeliveries(db: StoreHandle, event: { ticketId: string; type: TicketEventType; at: Date }): Promise<number> {
  const listening = await db
    .selectFrom('webhooks')
    .innerJoin('tickets', 'tickets.customer_id', 'webhooks.customer_id')
    .select(['webhooks.id', 'webhooks.url', 'webhooks.events'])
    .where('tickets.id', '=', event.ticketId)
    .where('webhooks.deleted_at', 'is', null)
    .execute();
  const targets = listening.filter((w) => w.events.split(',').includes(event.type));
  if (targets.length === 0) return 0;
  const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', event.ticketId).executeTakeFirstOrThrow();
  const snapshot: WebhookEventSnapshot = {
    id: newId(),
    type: event.type,
    createdAt: event.at.toISOString(),
    ticket: {
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      level: ticket.level,
      channel: ticket.channel,
      escalationCount: Number(ticket.escalation_count),
      createdAt: toDate(ticket.created_at).toISOString(),
      updatedAt: toDate(ticket.updated_at).toISOString(),
      resolvedAt: toDateOrNull(ticket.resolved_at)?.toISOString() ?? null,
      closedAt: toDateOrNull(ticket.closed_at)?.toISOString() ?? null,
    },
  };
  const at = event.at.toISOString();
  const payload = JSON.stringify(snapshot);
  await db
    .insertInto('outbox')
    .values(
      targets.map((w) => ({
        kind: 'WEBHOOK' as const,
        ticket_id: event.ticketId,
        recipient: w.url,
        dedupe_key: `webhook:${w.id}:${snapshot.id}`,
        payload,
        status: 'PENDING' as const,
        next_attempt_at: at,
        created_at: at,
        webhook_id: w.id,
      })),
    )
    .execute();
  return targets.length;
}

/** A webhook's deliveries, newest first, optionally of one status. */
export async function listWebhookDeliveries(db: StoreHandle, filter: { webhookId: string; status?: OutboxStatus | undefined; limit: number; afterId?: number | undefined }): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll().where('webhook_id', '=', filter.webhookId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.afterId !== undefined) q = q.where('id', '<', filter.afterId);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** The webhook a delivery goes to, deleted or not: the dispatcher signs with its secret, or gives up on a deleted one. */
export async function findWebhookById(db: StoreHandle, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}
