// Opens a ticket from an accepted intake decision, for every channel (email, portal, phone, chat, a
// staff-accepted intake): number, first event, message and acknowledgement in one transaction, then
// subscribers hear of it.
import { slaDeadlines, type IntakeDecision, type Language } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { announceTicket } from '../events/desk-events.js';
import type { IdempotencyRecord } from '../store/idempotency.js';
import type { MessageDraft } from '../store/messages.js';
import type { TicketRow } from '../store/tables.js';
import type { TicketEventType } from '../store/ticket-events.js';
import { insertAcceptedTicket } from '../store/tickets.js';
import { inTransaction, type StoreTransaction } from '../store/transaction.js';
import { acknowledgementsFor, type AcknowledgementTarget } from './acknowledgement.js';

export type AcceptedDecision = Extract<IntakeDecision, { kind: 'accept' }>;

export interface OpenTicketRequest {
  readonly decision: AcceptedDecision;
  /** The SOF texts given, so the ticket keeps the one given even when it is not the customer's (its flags say so). */
  readonly sofs: readonly string[];
  readonly subject: string;
  readonly description: string;
  readonly language: Language;
  /** Who opened it, as written in the history. */
  readonly actor: string;
  readonly message: MessageDraft;
  /** Who gets the acknowledgement, and under which limit; null: none (e.g. no address to write to). */
  readonly acknowledgement: Omit<AcknowledgementTarget, 'language' | 'followUpOf'> | null;
  readonly idempotency?: IdempotencyRecord;
  readonly followUpOf?: TicketRow | null;
  readonly adoptMessageRowId?: number;
  readonly createdEventType?: TicketEventType;
  readonly createdEventData?: Record<string, unknown>;
}

/** Records the ticket inside the caller's transaction (when the decision has more to record with it). */
export async function openTicketIn(desk: Desk, trx: StoreTransaction, request: OpenTicketRequest): Promise<TicketRow> {
  const { decision } = request;
  const receivedAt = desk.now();
  return insertAcceptedTicket(
    trx,
    desk.store.dialect,
    {
      channel: decision.channel,
      customerId: decision.customerId,
      contactId: decision.contact.id,
      serviceId: decision.service?.id ?? null,
      // The SOF as given, even when it is not the customer's: the flags say what is wrong with it.
      sof: decision.service?.sof ?? request.sofs[0] ?? null,
      subject: request.subject,
      description: request.description,
      priority: decision.priority,
      flags: decision.flags,
      language: request.language,
      receivedAt,
      firstResponseDue: slaDeadlines(decision.priority.level, receivedAt, desk.config.slaPolicy).firstResponseBy,
      actor: request.actor,
      message: request.message,
      followUpOf: request.followUpOf?.id ?? null,
      ...(request.adoptMessageRowId !== undefined ? { adoptMessageRowId: request.adoptMessageRowId } : {}),
      ...(request.idempotency ? { idempotency: request.idempotency } : {}),
      ...(request.createdEventType ? { createdEventType: request.createdEventType } : {}),
      ...(request.createdEventData ? { createdEventData: request.createdEventData } : {}),
    },
    async (ticket) =>
      request.acknowledgement
        ? acknowledgementsFor(desk, trx, ticket, { ...request.acknowledgement, language: request.language, followUpOf: request.followUpOf ?? null })
        : [],
  );
}

/** Opens the ticket in its own transaction and tells subscribers. */
export async function openTicket(desk: Desk, request: OpenTicketRequest): Promise<TicketRow> {
  const ticket = await inTransaction(desk.store, (trx) => openTicketIn(desk, trx, request));
  announceTicket(desk.events, { ticketId: ticket.id, customerId: ticket.customer_id, type: 'CREATED' });
  return ticket;
}
