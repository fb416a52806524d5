// `escalateTicket`: step 2 of the procedure ("si percibe una demora en nuestra respuesta … puede marcar
// uno de nuestros números de centro de llamadas / IVR … con el número de ticket"). The number is checked
// before any lookup, a partner reaches only its own customer's tickets, and repeats within the window
// are one escalation (domain `decideEscalation`). A counted one is recorded in the history, counted on
// the ticket and noticed to the on-call address and the assignee through the outbox, in one
// transaction; subscribers hear ESCALATED after it commits.
import {
  UNRESOLVED_TICKET_STATUSES,
  decideEscalation,
  parseTicketNumber,
  slaStatus,
  spokenEscalation,
  spokenTicketStatus,
  type EscalationChannel,
  type Language,
  type SlaStatus,
} from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { EscalationRefusedError, InvalidTicketNumberError, NotFoundError } from '../errors.js';
import { announceTicket } from '../events/desk-events.js';
import { composeEscalationNotice } from '../notifications/compose-escalation-notice.js';
import { countEscalation } from '../store/escalations.js';
import { enqueueOutbox } from '../store/outbox.js';
import { toDateOrNull, type TicketRow } from '../store/tables.js';
import { appendTicketEvent } from '../store/ticket-events.js';
import { findTicketByNumber, lockTicket } from '../store/tickets.js';
import { inTransaction } from '../store/transaction.js';
import { unguessableId } from './acknowledgement.js';
import { isCustomerPhone } from './customer-phone.js';
import { slaClockInput } from './sla-clock.js';
import { escalationRecipients, noticeTicket } from './staff-notices.js';

export interface EscalationRequest {
  /** As the caller gave it: with or without prefix, spaces or dashes. */
  readonly number: string;
  readonly via: EscalationChannel;
  /** Who escalates, as written in the history (`partner:Acme portal`, `staff:ana`, `ivr`). */
  readonly actor: string;
  /** A partner key's customer: another customer's ticket is not found. */
  readonly customerScope?: string | undefined;
  /** The calling number, for an escalation by phone or IVR. */
  readonly callerPhone?: string | null;
}

export interface EscalationOutcome {
  readonly ticket: TicketRow;
  /** False when it repeated one counted within the window: nothing was recorded again. */
  readonly counted: boolean;
  /** When the escalation that counted was recorded (this one, or the one it repeats). */
  readonly escalatedAt: Date;
  readonly now: Date;
  readonly sla: SlaStatus;
  /** The answer in words a voice menu can read: status, level and SLA state, then the escalation's outcome. */
  spoken(language: Language): string;
}

export async function escalateTicket(desk: Desk, request: EscalationRequest): Promise<EscalationOutcome> {
  const parsed = parseTicketNumber(request.number, { prefix: desk.config.ticketPrefix });
  if (!parsed.ok) throw new InvalidTicketNumberError(parsed.reason, parsed.message);
  const found = await findTicketByNumber(desk.store.db, parsed.number, request.customerScope);
  if (!found) throw new NotFoundError('Ticket');

  const outcome = await inTransaction(desk.store, async (trx) => {
    const ticket = await lockTicket(trx, desk.store.dialect, found.id);
    if (!ticket) throw new NotFoundError('Ticket');
    if (!UNRESOLVED_TICKET_STATUSES.includes(ticket.status)) throw new EscalationRefusedError(ticket.status);
    const now = desk.now();
    const decision = decideEscalation({ lastEscalatedAt: toDateOrNull(ticket.last_escalated_at), now });
    if (decision.kind === 'REPEAT') return { ticket, counted: false, escalatedAt: decision.repeatOf, now };

    const counted = await countEscalation(trx, ticket.id, now);
    const callerRegistered = await isCustomerPhone(trx, ticket.customer_id, request.callerPhone);
    await appendTicketEvent(
      trx,
      ticket.id,
      {
        type: 'ESCALATED',
        actor: request.actor,
        data: {
          via: request.via,
          count: counted.escalation_count,
          ...(request.callerPhone ? { callerPhone: request.callerPhone, callerRegistered } : {}),
        },
      },
      now,
    );
    const facts = await noticeTicket(desk, trx, counted, now);
    for (const to of escalationRecipients(desk, counted)) {
      const notice = composeEscalationNotice({
        ticket: facts,
        via: request.via,
        callerPhone: request.callerPhone ?? null,
        callerRegistered,
        actor: request.actor,
        count: counted.escalation_count,
        escalatedAt: now,
        to,
        from: desk.config.mailFrom,
        language: counted.language,
        messageId: unguessableId('escalation', counted.number),
        messageIdDomain: desk.config.mailDomain,
        loopId: desk.config.mailFrom,
      });
      await enqueueOutbox(trx, { kind: 'NOTICE', ticketId: counted.id, recipient: to, dedupeKey: `escalation:${counted.id}:${counted.escalation_count}:${to}`, payload: notice }, now);
    }
    return { ticket: counted, counted: true, escalatedAt: now, now };
  });

  if (outcome.counted) announceTicket(desk.events, { ticketId: outcome.ticket.id, customerId: outcome.ticket.customer_id, type: 'ESCALATED' });
  const sla = slaStatus(slaClockInput(outcome.ticket, outcome.now), desk.config.slaPolicy);
  return {
    ...outcome,
    sla,
    spoken: (language) =>
      `${spokenTicketStatus({ number: outcome.ticket.number, status: outcome.ticket.status, level: outcome.ticket.level, sla }, language)} ${spokenEscalation(outcome, language)}`,
  };
}
