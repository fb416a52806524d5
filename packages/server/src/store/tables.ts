// Row types of every table, as Kysely sees them. Timestamps are ISO-8601 strings when written; PostgreSQL
// returns them as Date (timestamptz) and SQLite as text, so reads go through `toDate`.
import type { Channel, ConversationStatus, Language, PriorityLevel, ServiceStatus, TicketStatus } from '@nocdesk/domain';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Written as an ISO string, read as a Date (PostgreSQL) or a string (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null | undefined, string | null>;

export type { TicketStatus };
/** Where the level came from; `staff` when an engineer changed it. */
export type StoredPrioritySource = 'requested' | 'category' | 'keyword' | 'default' | 'staff';
/** ACTIVE contacts may be authorised; GUEST records an unregistered sender whose intake staff accepted. */
export type ContactStatus = 'ACTIVE' | 'REMOVED' | 'GUEST';
export type MessageDirection = 'IN' | 'OUT';
/** PUBLIC messages go to or come from the customer; INTERNAL notes never leave the desk. */
export type MessageVisibility = 'PUBLIC' | 'INTERNAL';
/** What an outbox message is: the dispatcher routes on it (WEBHOOK: a signed HTTPS delivery, the rest are email). */
export type OutboxKind = 'ACKNOWLEDGEMENT' | 'EXPLANATION' | 'REPLY' | 'RESOLUTION' | 'NOTICE' | 'WEBHOOK';
export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED';
export type RejectedIntakeStatus = 'PENDING' | 'ACCEPTED' | 'DISMISSED';
export type StaffRoleColumn = 'ENGINEER' | 'ACCOUNT_MANAGER' | 'ADMIN';

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
  status: ServiceStatus;
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
  language: Language | null;
  status: ContactStatus;
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
  status: TicketStatus;
  level: PriorityLevel;
  priority_source: StoredPrioritySource;
  priority_matched: string | null;
  /** Comma-separated IntakeFlag values, sorted. */
  flags: string;
  channel: Channel;
  language: Language;
  /** The engineer (staff actor name) working it. */
  assigned_to: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  first_response_due: Timestamp;
  escalation_count: Generated<number>;
  /** The first public reply by an engineer: stops the first-response clock. */
  first_responded_at: NullableTimestamp;
  /** The latest public reply by an engineer: the periodic-update clock runs from it. */
  last_public_reply_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  last_escalated_at: NullableTimestamp;
  /** Time spent paused (WAITING_CUSTOMER, levels 2–3), and since when it is paused now. */
  sla_paused_ms: Generated<number>;
  sla_paused_since: NullableTimestamp;
  /** When the last pause ended: the periodic-update clock restarts from there. */
  sla_resumed_at: NullableTimestamp;
  /** The closed ticket this one continues. */
  follow_up_of: string | null;
  /** When time alone next changes the SLA state (null: it never does now); kept by the SLA job. */
  sla_next_check_at: NullableTimestamp;
  /** The ticket's updated_at when the SLA job last looked: any change since puts it back in front of the job. */
  sla_checked_at: NullableTimestamp;
}

/** What a history entry records. */
export type TicketEventType =
  | 'CREATED'
  | 'ACCEPTED_FROM_REJECTED_INTAKE'
  | 'ACKNOWLEDGEMENT_QUEUED'
  | 'ACKNOWLEDGED'
  | 'AUTO_REPLY_SUPPRESSED'
  | 'BOUNCE_RECEIVED'
  | 'MESSAGE_ADDED'
  | 'PRIORITY_CHANGED'
  | 'TAKEN'
  | 'ASSIGNED'
  | 'REPLIED'
  | 'NOTE_ADDED'
  | 'WAITING_CUSTOMER'
  | 'RESOLVED'
  | 'REOPENED'
  | 'CLOSED'
  | 'FOLLOWED_UP'
  | 'ESCALATED'
  | 'SLA_AT_RISK'
  | 'SLA_BREACHED';

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: string;
  type: TicketEventType;
  actor: string;
  reason: string | null;
  /** JSON object with the event's details. */
  data: string;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<number>;
  ticket_id: string | null;
  direction: MessageDirection;
  channel: Channel;
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
  visibility: Generated<MessageVisibility>;
  /** Who wrote it at the desk (staff actor), for replies and notes. */
  author: string | null;
  /** JSON of the sender-authentication verdict an inbound email came with (SPEC §3.1). */
  sender_authentication: ColumnType<string | null, string | null | undefined, string | null>;
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
  kind: OutboxKind;
  ticket_id: string | null;
  recipient: string;
  /** Unique per logical message: a retry of the same decision never queues it twice. */
  dedupe_key: string;
  /** JSON of the message to send. */
  payload: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  leased_until: NullableTimestamp;
  leased_by: string | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  /** The webhook a WEBHOOK delivery goes to; null for email. */
  webhook_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A partner's HTTPS endpoint for its customer's ticket events, signed with its own secret (SPEC §4.1). */
export interface WebhooksTable {
  id: string;
  customer_id: string;
  url: string;
  /** Comma-separated TicketEventType values it wants. */
  events: string;
  /** The HMAC-SHA256 key of its signatures, kept as given out: the desk must sign with it. */
  secret: string;
  created_by: string;
  created_at: Timestamp;
  deleted_by: string | null;
  deleted_at: NullableTimestamp;
}

export interface RejectedIntakesTable {
  id: string;
  channel: Channel;
  sender: string | null;
  customer_id: string | null;
  reason: string;
  explanation: string;
  subject: string;
  /** JSON of what arrived, enough to accept it later as if authorised. */
  payload: string;
  message_row_id: number | null;
  status: RejectedIntakeStatus;
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
  role: StaffRoleColumn;
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

/** A mail domain staff verified a customer controls: its partner may register contacts there. */
export interface CustomerDomainsTable {
  customer_id: string;
  domain: string;
  verified_by: string;
  created_at: Timestamp;
}

/** Which server process runs a scheduled job, until when (SPEC §2.6: one scheduler across processes). */
export interface SchedulerLeasesTable {
  name: string;
  holder: string;
  leased_until: Timestamp;
}

/** A running server process, alive while its heartbeat is fresh; the holder of its outbox and scheduler leases. */
export interface DeskInstancesTable {
  id: string;
  process_scope: string;
  pid: number;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
}

/** Accepted: the caller was verified and a ticket opened. Refused: the contact or SOF check failed (SPEC §2.2). */
export type PhoneCallOutcome = 'ACCEPTED' | 'REFUSED';

/** Every call an engineer took on the phone channel, accepted or refused: who called, what they claimed, what failed. */
export interface PhoneCallsTable {
  id: string;
  /** The engineer who took the call (staff actor name). */
  agent: string;
  caller_email: string | null;
  caller_phone: string | null;
  sof: string | null;
  subject: string;
  description: string;
  outcome: PhoneCallOutcome;
  /** Which check failed: CONTACT or SOF. */
  failed: 'CONTACT' | 'SOF' | null;
  /** The domain's rejection (UNKNOWN_SENDER, SOF_FOREIGN…). */
  reason: string | null;
  message: string | null;
  /** The customer the caller was identified as, when the contact check passed. */
  customer_id: string | null;
  contact_id: string | null;
  ticket_id: string | null;
  created_at: Timestamp;
}

/** An SLA event recorded for a ticket: the key makes each one once per target window (SPEC §2.6). */
export interface SlaAlertsTable {
  ticket_id: string;
  kind: 'SLA_AT_RISK' | 'SLA_BREACHED';
  target: 'FIRST_RESPONSE' | 'PERIODIC_UPDATE' | 'RESOLUTION';
  window_start: Timestamp;
  created_at: Timestamp;
}

export type { ConversationStatus };
/** Who wrote a line of a conversation: the customer's contact, an engineer, or the desk itself. */
export type ConversationAuthorKind = 'CONTACT' | 'ENGINEER' | 'SYSTEM';
/** What a line of the desk's own announces (an engineer joined, it became a ticket…): clients may word it themselves. */
export type ConversationNotice = 'WAITING' | 'ENGINEER_JOINED' | 'CLOSED' | 'CONVERTED' | 'AUTO_CONVERTED';

/** A live-assistant conversation between one contact of one customer and an engineer (SPEC §4.3). */
export interface ConversationsTable {
  id: string;
  customer_id: string;
  contact_id: string;
  subject: string | null;
  status: ConversationStatus;
  /** The language of the desk's lines and of the ticket it may become. */
  language: Language;
  /** The engineer answering it (staff name). */
  engineer: string | null;
  /** Who started it, as written in histories (`partner:Acme portal`). */
  started_by: string;
  /** Also when it started waiting: the chat wait runs from here. */
  started_at: Timestamp;
  joined_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  ended_by: string | null;
  /** The ticket it became. */
  ticket_id: string | null;
  updated_at: Timestamp;
  /** A startConversation retried with the same key finds this conversation. */
  idempotency_principal: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
}

/** One line of a conversation, in the order written. */
export interface ConversationMessagesTable {
  id: Generated<number>;
  conversation_id: string;
  author_kind: ConversationAuthorKind;
  /** The contact's name or the engineer's staff name; null for the desk's own lines. */
  author: string | null;
  notice: ConversationNotice | null;
  body: string;
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
  scheduler_leases: SchedulerLeasesTable;
  desk_instances: DeskInstancesTable;
  customer_domains: CustomerDomainsTable;
  phone_calls: PhoneCallsTable;
  sla_alerts: SlaAlertsTable;
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  webhooks: WebhooksTable;
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
export type PhoneCallRow = Selectable<PhoneCallsTable>;
export type SlaAlertRow = Selectable<SlaAlertsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type ConversationMessageRow = Selectable<ConversationMessagesTable>;
export type WebhookRow = Selectable<WebhooksTable>;

export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}
