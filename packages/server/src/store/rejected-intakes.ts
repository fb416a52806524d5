// Rejected intakes: what arrived from someone who may not open (or add to) a ticket. Kept whole so staff
// can review and accept it later; nothing a customer sends is lost.
import type { Channel } from '@nocdesk/domain';
import { newId } from './ids.js';
import { storableText } from './storable-text.js';
import type { RejectedIntakeRow, RejectedIntakeStatus } from './tables.js';
import type { StoreHandle } from './transaction.js';


export interface NewRejectedIntake {
  readonly channel: Channel;
  readonly sender: string | null;
  readonly customerId: string | null;
  readonly reason: string;
  readonly explanation: string;
  readonly subject: string;
  readonly payload: Record<string, unknown>;
  readonly messageRowId: number | null;
  readonly at: Date;
}

export async function insertRejectedIntake(db: StoreHandle, input: NewRejectedIntake): Promise<RejectedIntakeRow> {
  return db.insertInto('rejected_intakes').values({
    id: newId(),
    channel: input.channel,
    sender: input.sender === null ? null : storableText(input.sender.toLowerCase()),
    customer_id: input.customerId,
    reason: input.reason,
    explanation: storableText(input.explanation),
    subject: storableText(input.subject),
    payload: storableText(JSON.stringify(input.payload)),
    message_row_id: input.messageRowId,
    status: 'PENDING',
    ticket_id: null,
    reviewed_by: null,
    reviewed_at: null,
    created_at: input.at.toISOString(),
  }).returningAll().executeTakeFirstOrThrow();
}

export async function listRejectedIntakes(db: StoreHandle, filter: { status?: RejectedIntakeStatus; limit: number; afterCreated?: { at: string; id: string } }): Promise<RejectedIntakeRow[]> {
  let q = db.selectFrom('rejected_intakes').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  const after = filter.afterCreated;
  if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function findRejectedIntake(db: StoreHandle, id: string): Promise<RejectedIntakeRow | undefined> {
  return db.selectFrom('rejected_intakes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** When this sender was last sent the registration explanation (for the one-per-24-h limit). */
export async function lastExplanationTo(db: StoreHandle, sender: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select('created_at')
    .where('recipient', '=', sender.toLowerCase())
    .where('kind', '=', 'EXPLANATION')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.created_at) : undefined;
}

/**
 * Claims a PENDING intake for acceptance by one reviewer: false when another reviewer (or an earlier
 * request) already decided it, so of two accepting at once exactly one goes on.
 */
export async function claimRejectedIntake(db: StoreHandle, input: { id: string; reviewer: string; at: Date }): Promise<boolean> {
  const result = await db
    .updateTable('rejected_intakes')
    .set({ status: 'ACCEPTED', reviewed_by: input.reviewer, reviewed_at: input.at.toISOString() })
    .where('id', '=', input.id)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function linkRejectedIntakeToTicket(db: StoreHandle, id: string, ticketId: string): Promise<void> {
  await db.updateTable('rejected_intakes').set({ ticket_id: ticketId }).where('id', '=', id).execute();
}
