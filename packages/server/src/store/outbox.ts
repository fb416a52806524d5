// The transactional outbox: messages queued in the same transaction as the decision that caused them,
// leased by dispatchers (FOR UPDATE SKIP LOCKED on PostgreSQL) so each is sent exactly once.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './database.js';
import type { Database, OutboxKind, OutboxRow, OutboxStatus } from './tables.js';
import type { StoreHandle, StoreTransaction } from './transaction.js';


export interface OutboxDraft {
  readonly kind: OutboxKind;
  readonly ticketId: string | null;
  readonly recipient: string;
  /** Same key, same message: a retried decision never queues a second copy. */
  readonly dedupeKey: string;
  readonly payload: unknown;
}

export async function enqueueOutbox(db: StoreHandle, draft: OutboxDraft, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('outbox')
    .values({
      kind: draft.kind,
      ticket_id: draft.ticketId,
      recipient: draft.recipient.toLowerCase(),
      dedupe_key: draft.dedupeKey,
      payload: JSON.stringify(draft.payload),
      status: 'PENDING',
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Takes up to `limit` due messages for `leaseMs`. A crashed dispatcher's lease runs out and another
 * takes the message over; a live one marks it sent or reschedules it before the lease ends.
 */
export async function leaseOutbox(db: Kysely<Database>, dialect: DialectName, input: { owner: string; limit: number; leaseMs: number; now: Date }): Promise<OutboxRow[]> {
  const now = input.now.toISOString();
  const until = new Date(input.now.getTime() + input.leaseMs).toISOString();
  return db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'PENDING')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(input.limit);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    return trx
      .updateTable('outbox')
      .set({ leased_until: until, leased_by: input.owner })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
  });
}

/**
 * Claims one leased message for its send, just before it: extends the lease and counts the attempt.
 * Undefined when the batch lease ran out and another dispatcher may have taken the message: then it
 * must not be sent from here (and no attempt is counted).
 */
export async function claimOutboxSend(db: StoreHandle, input: { id: number; owner: string; leaseMs: number; now: Date }): Promise<{ attempts: number } | undefined> {
  return db
    .updateTable('outbox')
    .set({ leased_until: new Date(input.now.getTime() + input.leaseMs).toISOString(), attempts: sql`attempts + 1` })
    .where('id', '=', input.id)
    .where('status', '=', 'PENDING')
    .where('leased_by', '=', input.owner)
    .where('leased_until', '>', input.now.toISOString())
    .returning('attempts')
    .executeTakeFirst();
}

/** Marks a leased message sent; only the lease holder can, so a message is marked sent once. */
export async function markOutboxSent(db: StoreHandle, input: { id: number; owner: string; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'SENT', sent_at: input.now.toISOString(), leased_until: null, last_error: null })
    .where('id', '=', input.id)
    .where('status', '=', 'PENDING')
    .where('leased_by', '=', input.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function rescheduleOutbox(db: StoreHandle, input: { id: number; owner: string; error: string; retryAt: Date | null }): Promise<void> {
  await db
    .updateTable('outbox')
    .set(
      input.retryAt
        ? { next_attempt_at: input.retryAt.toISOString(), leased_until: null, last_error: input.error }
        : { status: 'FAILED', leased_until: null, last_error: input.error },
    )
    .where('id', '=', input.id)
    .where('leased_by', '=', input.owner)
    .execute();
}

/**
 * Gives back every message `owner` leased but has not sent, so another dispatcher takes them at once
 * instead of after the lease runs out (a clean stop). Sent and failed messages are left as they are.
 */
export async function releaseOutboxLeases(db: StoreHandle, owner: string): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ leased_until: null, leased_by: null })
    .where('leased_by', '=', owner)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Serialises automatic replies to one recipient until the transaction ends, so two messages arriving
 * together cannot both pass a rate limit. SQLite transactions already run one at a time.
 */
export async function lockRecipient(db: StoreTransaction, dialect: DialectName, recipient: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${recipient.toLowerCase()}))`.execute(db);
}

/** How many messages went to a recipient since a moment: the auto-reply rate limit reads this. */
export async function outboxSentTimes(db: StoreHandle, recipient: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('created_at')
    .where('recipient', '=', recipient.toLowerCase())
    .where('created_at', '>=', since.toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map((r) => new Date(r.created_at));
}

/** Outbox rows by status, newest first, for staff to see what failed. */
export async function listOutbox(db: StoreHandle, filter: { status: OutboxStatus; limit: number; afterId?: number }): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll().where('status', '=', filter.status);
  if (filter.afterId !== undefined) q = q.where('id', '<', filter.afterId);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Puts a FAILED message back in the queue with a fresh attempt count; false when it is not FAILED. */
export async function requeueOutbox(db: StoreHandle, input: { id: number; now: Date }): Promise<OutboxRow | undefined> {
  return db
    .updateTable('outbox')
    .set({ status: 'PENDING', attempts: 0, next_attempt_at: input.now.toISOString(), leased_until: null, leased_by: null })
    .where('id', '=', input.id)
    .where('status', '=', 'FAILED')
    .returningAll()
    .executeTakeFirst();
}

/** When registration explanations went out to anyone since a moment: the desk-wide hourly cap reads this. */
export async function explanationTimesSince(db: StoreHandle, since: Date): Promise<Date[]> {
  const rows = await db.selectFrom('outbox').select('created_at').where('kind', '=', 'EXPLANATION').where('created_at', '>=', since.toISOString()).orderBy('created_at').execute();
  return rows.map((r) => new Date(r.created_at));
}
