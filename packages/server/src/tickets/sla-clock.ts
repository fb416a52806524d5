// A ticket's SLA clock as the domain reads it, from what the store keeps (SPEC §2.6).
import { slaStatus, type SlaClockInput, type SlaStatus } from '@nocdesk/domain';
import type { Desk } from '../desk.js';
import { toDate, toDateOrNull, type TicketRow } from '../store/tables.js';

export function slaClockInput(ticket: TicketRow, now: Date): SlaClockInput {
  return {
    level: ticket.level,
    receivedAt: toDate(ticket.received_at),
    status: ticket.status,
    firstRespondedAt: toDateOrNull(ticket.first_responded_at),
    lastPublicReplyAt: toDateOrNull(ticket.last_public_reply_at),
    resolvedAt: toDateOrNull(ticket.resolved_at),
    pausedMs: Number(ticket.sla_paused_ms),
    pausedSince: toDateOrNull(ticket.sla_paused_since),
    resumedAt: toDateOrNull(ticket.sla_resumed_at),
    now,
  };
}

/** Where the ticket stands against its targets right now. */
export function ticketSla(desk: Desk, ticket: TicketRow): SlaStatus {
  return slaStatus(slaClockInput(ticket, desk.now()), desk.config.slaPolicy);
}
