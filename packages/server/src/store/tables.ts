// Row types of every table, as Kysely sees them. Timestamps are ISO-8601 strings when written; PostgreSQL
// returns them as Date (timestamptz) and SQLite as text, so reads go through `toDate`.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Written as an ISO string, read as a Date (PostgreSQL) or a string (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null | undefined, string | null>;

export interface CustomersTable {
  id: string;
  name: string;
  account_manager: string | null;
  created_at: Timestamp;
}

export interface ServicesTable {
  id: string;
  customer_id: string;
  sof: string;
  description: string;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: string;
  customer_id: string;
  name: string;
  email: string;
  phone: string | null;
  /** Comma-separated ContactRole values. */
  roles: string;
  language: string | null;
  status: string;
  created_at: Timestamp;
  removed_at: NullableTimestamp;
  removed_reason: string | null;
}

export interface TicketsTable {
  id: string;
  seq: number;
  number: string;
  customer_id: string;
  contact_id: string;
  service_id: string | null;
  sof: string | null;
  subject: string;
  description: string;
  status: string;
  level: number;
  priority_source: string;
  priority_matched: string | null;
  /** Comma-separated IntakeFlag values, sorted. */
  flags: string;
  channel: string;
  language: string;
  assigned_to: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  first_response_due: Timestamp;
  escalation_count: Generated<number>;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: string;
  type: string;
  actor: string;
  reason: string | null;
  /** JSON object with the event's details. */
  data: string;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<number>;
  ticket_id: string | null;
  direction: string;
  channel: string;
  message_id: string | null;
  in_reply_to: string | null;
  /** JSON array of Message-IDs. */
  references: string;
  from_address: string | null;
  to_address: string | null;
  subject: string;
  body: string;
  body_hash: string | null;
  automated: string | null;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: Generated<number>;
  message_id: number;
  filename: string;
  content_type: string;
  size: number;
  content: Uint8Array;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  ticket_id: string | null;
  recipient: string;
  /** Unique per logical message: a retry of the same decision never queues it twice. */
  dedupe_key: string;
  /** JSON of the message to send. */
  payload: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  leased_until: NullableTimestamp;
  leased_by: string | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface RejectedIntakesTable {
  id: string;
  channel: string;
  sender: string | null;
  customer_id: string | null;
  reason: string;
  explanation: string;
  subject: string;
  /** JSON of what arrived, enough to accept it later as if authorised. */
  payload: string;
  message_row_id: number | null;
  status: string;
  ticket_id: string | null;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PartnerKeysTable {
  id: string;
  customer_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface StaffTokensTable {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  operation: string;
  request_hash: string;
  ticket_id: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  customer_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  actor: string;
  reason: string | null;
  data: string;
  created_at: Timestamp;
}

/** SQLite only: PostgreSQL uses a real SEQUENCE for ticket numbers. */
export interface CountersTable {
  name: string;
  value: number;
}

export interface Database {
  customers: CustomersTable;
  services: ServicesTable;
  contacts: ContactsTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  outbox: OutboxTable;
  rejected_intakes: RejectedIntakesTable;
  partner_keys: PartnerKeysTable;
  staff_tokens: StaffTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  counters: CountersTable;
}

export type TicketRow = Selectable<TicketsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type TicketEventRow = Selectable<TicketEventsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type RejectedIntakeRow = Selectable<RejectedIntakesTable>;
export type NewTicket = Insertable<TicketsTable>;

export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}
