// Rejected intakes: what arrived from someone who may not open (or add to) a ticket. Kept whole so staff
// can review and accept it later; nothing a customer sends is lost.
import type { Kysely, Transaction } from 'kysely';
import { newId } from './ids.js';
import { storableText } from './storable-text.js';
import type { Database, RejectedIntakeRow } from './tables.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewRejectedIntake {
  readonly channel: string;
  readonly sender: string | null;
  readonly customerId: string | null;
  readonly reason: string;
  readonly explanation: string;
  readonly subject: string;
  readonly payload: Record<string, unknown>;
  readonly messageRowId: number | null;
  readonly at: Date;
}

export async function insertRejectedIntake(db: Db, input: NewRejectedIntake): Promise<RejectedIntakeRow> {
  const row = {
    id: newId(),
    channel: input.channel,
    sender: input.sender?.toLowerCase() ?? null,
    customer_id: input.customerId,
    reason: input.reason,
    explanation: input.explanation,
    subject: storableText(input.subject),
    payload: JSON.stringify(input.payload),
    message_row_id: input.messageRowId,
    status: 'PENDING',
    ticket_id: null,
    reviewed_by: null,
    reviewed_at: null,
    created_at: input.at.toISOString(),
  };
  await db.insertInto('rejected_intakes').values(row).execute();
  return row;
}

export async function listRejectedIntakes(db: Db, filter: { status?: string; limit: number; afterCreated?: { at: string; id: string } }): Promise<RejectedIntakeRow[]> {
  let q = db.selectFrom('rejected_intakes').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  const after = filter.afterCreated;
  if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function findRejectedIntake(db: Db, id: string): Promise<RejectedIntakeRow | undefined> {
  return db.selectFrom('rejected_intakes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** When this sender was last sent the registration explanation (for the one-per-24-h limit). */
export async function lastExplanationTo(db: Db, sender: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select('created_at')
    .where('recipient', '=', sender.toLowerCase())
    .where('dedupe_key', 'like', 'explain:%')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.created_at) : undefined;
}
