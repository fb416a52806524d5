// Live-assistant conversations and their lines: starting one, locking it for a step, writing its lines,
// the counts its limits read, the engineers' list of open ones and the waiting ones the scheduler converts.
import { OPEN_CONVERSATION_STATUSES, type ConversationStatus, type Language } from '@nocdesk/domain';
import { sql, type Updateable } from 'kysely';
import type { DialectName } from './database.js';
import { newId } from './ids.js';
import { storableText } from './storable-text.js';
import type { ConversationAuthorKind, ConversationMessageRow, ConversationNotice, ConversationRow, ConversationsTable } from './tables.js';
import type { StoreHandle, StoreTransaction } from './transaction.js';
import { inChunks } from './in-chunks.js';

export interface NewConversation {
  readonly customerId: string;
  readonly contactId: string;
  readonly subject: string | null;
  readonly language: Language;
  readonly startedBy: string;
  readonly idempotency?: { readonly principal: string; readonly key: string; readonly requestHash: string };
}

export async function insertConversation(trx: StoreHandle, input: NewConversation, at: Date): Promise<ConversationRow> {
  const now = at.toISOString();
  return trx
    .insertInto('conversations')
    .values({
      id: newId(),
      customer_id: input.customerId,
      contact_id: input.contactId,
      subject: input.subject === null ? null : storableText(input.subject),
      status: 'WAITING',
      language: input.language,
      engineer: null,
      started_by: input.startedBy,
      started_at: now,
      joined_at: null,
      ended_at: null,
      ended_by: null,
      ticket_id: null,
      updated_at: now,
      idempotency_principal: input.idempotency?.principal ?? null,
      idempotency_key: input.idempotency?.key ?? null,
      request_hash: input.idempotency?.requestHash ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The conversation a caller's idempotency key started, with the hash of the request that started it. */
export async function findConversationByIdempotencyKey(db: StoreHandle, principal: string, key: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations').selectAll().where('idempotency_principal', '=', principal).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function findConversationsByIds(db: StoreHandle, ids: readonly string[]): Promise<ConversationRow[]> {
  return inChunks(ids, (chunk) => db.selectFrom('conversations').selectAll().where('id', 'in', chunk).execute());
}

/**
 * The conversation, locked until the transaction ends, so two steps never both decide on the same old
 * status (an engineer converting while the scheduler does; two messages racing for the last slot of a
 * minute). PostgreSQL: a row lock; SQLite runs one write transaction at a time.
 */
export async function lockConversation(trx: StoreTransaction, dialect: DialectName, id: string): Promise<ConversationRow | undefined> {
  let q = trx.selectFrom('conversations').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The columns a conversation's life changes (never who it belongs to or when it started). */
export type ConversationChange = Pick<Updateable<ConversationsTable>, 'status' | 'engineer' | 'joined_at' | 'ended_at' | 'ended_by' | 'ticket_id'>;

export async function updateConversation(trx: StoreHandle, id: string, change: ConversationChange, at: Date): Promise<ConversationRow> {
  return trx
    .updateTable('conversations')
    .set({ ...change, updated_at: at.toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Serialises starts by one contact until the transaction ends, so two tabs of a portal cannot both
 * pass the open-conversations limit. SQLite transactions already run one at a time.
 */
export async function lockContactConversations(trx: StoreTransaction, dialect: DialectName, contactId: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`conversations:${contactId}`}))`.execute(trx);
}

/** How many conversations of a contact are waiting or active. */
export async function countOpenConversations(db: StoreHandle, contactId: string): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('open'))
    .where('contact_id', '=', contactId)
    .where('status', 'in', [...OPEN_CONVERSATION_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.open);
}

export interface NewConversationMessage {
  readonly authorKind: ConversationAuthorKind;
  readonly author: string | null;
  readonly notice?: ConversationNotice | null;
  readonly body: string;
}

export async function insertConversationMessage(trx: StoreHandle, conversationId: string, message: NewConversationMessage, at: Date): Promise<ConversationMessageRow> {
  return trx
    .insertInto('conversation_messages')
    .values({
      conversation_id: conversationId,
      author_kind: message.authorKind,
      author: message.author === null ? null : storableText(message.author),
      notice: message.notice ?? null,
      body: storableText(message.body),
      created_at: at.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** When the people in a conversation wrote since a moment (the desk's own lines left out): what the pace limit reads. */
export async function conversationMessageTimes(db: StoreHandle, conversationId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('conversation_messages')
    .select('created_at')
    .where('conversation_id', '=', conversationId)
    .where('author_kind', '!=', 'SYSTEM')
    .where('created_at', '>', since.toISOString())
    .execute();
  return rows.map((r) => new Date(r.created_at));
}

/** The lines of conversations, oldest first; `afterId`: only those written after that line (a reconnecting stream). */
export async function messagesOfConversations(db: StoreHandle, conversationIds: readonly string[], options: { afterId?: number } = {}): Promise<ConversationMessageRow[]> {
  return inChunks(conversationIds, (chunk) => {
    let q = db.selectFrom('conversation_messages').selectAll().where('conversation_id', 'in', chunk);
    if (options.afterId !== undefined) q = q.where('id', '>', options.afterId);
    return q.orderBy('id').execute();
  });
}

export interface ConversationCursor {
  readonly startedAt: string;
  readonly id: string;
}

/**
 * Conversations in some statuses, the longest waiting first (then by id), as a keyset walk: what
 * engineers look at to pick the next chat.
 */
export async function listConversations(
  db: StoreHandle,
  dialect: DialectName,
  filter: { readonly statuses: readonly ConversationStatus[]; readonly customerId?: string },
  page: { readonly limit: number; readonly after?: ConversationCursor },
): Promise<ConversationRow[]> {
  let q = db.selectFrom('conversations').selectAll().where('status', 'in', [...filter.statuses]);
  if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
  const after = page.after;
  if (after) {
    const startedAt = dialect === 'postgres' ? new Date(after.startedAt).toISOString() : after.startedAt;
    q = q.where(sql<boolean>`(started_at, id) > (${startedAt}, ${after.id})`);
  }
  return q.orderBy('started_at', 'asc').orderBy('id', 'asc').limit(page.limit).execute();
}

/** Conversations still waiting for an engineer that started at or before `before`, oldest first: what the chat wait converts. */
export async function waitingSince(db: StoreHandle, before: Date, limit: number): Promise<ConversationRow[]> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('status', '=', 'WAITING')
    .where('started_at', '<=', before.toISOString())
    .orderBy('started_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
