// Runs a ticket-creating or ticket-changing use case at most once per idempotency key: a retry with the
// same key and input returns the first result's ticket; the same key with another input is refused.
import type { Desk } from '../desk.js';
import { IdempotencyKeyReusedError } from '../errors.js';
import { findIdempotentTicket, type IdempotencyRecord } from '../store/idempotency.js';
import type { TicketRow } from '../store/tables.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { requestHash } from './request-hash.js';

export interface IdempotentCall {
  /** Who calls: keys are scoped per caller. */
  readonly principal: string;
  readonly key: string | undefined;
  readonly operation: string;
  /** The meaningful input (without the key): a retry must carry the same. */
  readonly input: unknown;
}

/**
 * `run` receives the record to store with its result (in its transaction) when a key was given. When
 * two retries race with one key, the loser's transaction fails on the key and the winner's ticket is
 * returned.
 */
export async function withIdempotency(
  desk: Desk,
  call: IdempotentCall,
  run: (record: IdempotencyRecord | undefined) => Promise<TicketRow>,
): Promise<{ ticket: TicketRow; created: boolean }> {
  const { key } = call;
  if (!key) return { ticket: await run(undefined), created: true };
  const hash = requestHash(call.input);
  const replay = async () => {
    const previous = await findIdempotentTicket(desk.store.db, call.principal, key);
    if (!previous) return undefined;
    if (previous.requestHash !== hash || previous.operation !== call.operation) throw new IdempotencyKeyReusedError(key);
    return { ticket: previous.ticket, created: false };
  };
  const first = await replay();
  if (first) return first;
  try {
    return { ticket: await run({ principal: call.principal, key, operation: call.operation, requestHash: hash }), created: true };
  } catch (error) {
    if (isUniqueViolation(error)) {
      const again = await replay();
      if (again) return again;
    }
    throw error;
  }
}
