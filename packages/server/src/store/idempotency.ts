// Idempotency keys: a retried create/reply with the same key returns the first result instead of
// doing it twice; a reuse with a different input is refused by the caller.
import type { StoreHandle } from './transaction.js';
import type { TicketRow } from './tables.js';

export interface IdempotencyRecord {
  readonly principal: string;
  readonly key: string;
  readonly operation: string;
  readonly requestHash: string;
}

export async function recordIdempotencyKey(db: StoreHandle, record: IdempotencyRecord, ticketId: string, at: Date): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ principal: record.principal, key: record.key, operation: record.operation, request_hash: record.requestHash, ticket_id: ticketId, created_at: at.toISOString() })
    .execute();
}

export async function findIdempotentTicket(db: StoreHandle, principal: string, key: string): Promise<{ requestHash: string; operation: string; ticket: TicketRow } | undefined> {
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
